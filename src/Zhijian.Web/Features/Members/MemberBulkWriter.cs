using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Web.Features.Members;

/// <summary>One validated member to add in bulk, with the row it came from.</summary>
public sealed record NewMember(int Row, long BranchId, OrgSystem System, MemberStage Stage,
    DateOnly JoinedOn, PersonInput Person);

/// <summary>What happened to one row of a bulk add.</summary>
public enum BulkOutcome
{
    Added,

    /// <summary>Already registered in the same branch: an import re-run, nothing to do.</summary>
    AlreadyThere,

    /// <summary>The ID number has an active membership elsewhere in the same system.</summary>
    Duplicate,
}

/// <summary>
/// Adds validated members in batches (the import's door into the Members room): one transaction per
/// batch with its counters and one audit event; a batch that fails as a whole is retried row by row,
/// so each row is all-or-nothing and a bad row never takes good ones down with it.
/// </summary>
public sealed class MemberBulkWriter(ZhijianDbContext db, OrgCounters counters, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyDictionary<int, BulkOutcome>> AddAsync(IReadOnlyList<NewMember> batch, long importOrgId,
        CancellationToken ct = default)
    {
        try
        {
            return await AddBatchAsync(batch, importOrgId, ct);
        }
        catch (DbUpdateException) when (batch.Count > 1)
        {
            var outcomes = new Dictionary<int, BulkOutcome>();
            foreach (var row in batch)
            {
                try
                {
                    foreach (var (r, o) in await AddBatchAsync([row], importOrgId, ct))
                    {
                        outcomes[r] = o;
                    }
                }
                catch (DbUpdateException)
                {
                    outcomes[row.Row] = BulkOutcome.Duplicate;
                }
            }

            return outcomes;
        }
    }

    private Task<Dictionary<int, BulkOutcome>> AddBatchAsync(IReadOnlyList<NewMember> batch, long importOrgId,
        CancellationToken ct) => db.InTransactionAsync(async () =>
    {
        await db.LockTreeAsync(exclusive: false, ct);
        var ids = batch.Select(b => b.Person.IdNumber!).ToList();
        var persons = await db.Persons.Where(p => ids.Contains(p.IdNumber!)).ToDictionaryAsync(p => p.IdNumber!, ct);
        var personIds = persons.Values.Select(p => p.Id).ToList();
        var active = await db.Memberships.AsNoTracking()
            .Where(m => personIds.Contains(m.PersonId) && m.State != MemberState.Ended)
            .Select(m => new { m.PersonId, m.System, m.OrgId }).ToListAsync(ct);

        // Branch paths as they are now that the tree lock is held (a move may have committed since validation).
        var branchIds = batch.Select(b => b.BranchId).Distinct().ToList();
        var paths = await db.Organizations.Where(o => branchIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Path, ct);
        var outcomes = new Dictionary<int, BulkOutcome>();
        var deltas = new Dictionary<string, CounterDelta>();
        var now = clock.GetUtcNow();
        var added = new List<string>();
        foreach (var row in batch)
        {
            persons.TryGetValue(row.Person.IdNumber!, out var person);
            var existing = person is null ? null : active.FirstOrDefault(m => m.PersonId == person.Id && m.System == row.System);
            if (existing is not null)
            {
                outcomes[row.Row] = existing.OrgId == row.BranchId ? BulkOutcome.AlreadyThere : BulkOutcome.Duplicate;
                continue;
            }

            if (person is null)
            {
                person = new Person { CreatedAt = now };
                db.Persons.Add(person);
                persons[row.Person.IdNumber!] = person;
            }

            MemberService.Apply(person, row.Person, now);
            db.Memberships.Add(new Membership
            {
                Person = person,
                System = row.System,
                OrgId = row.BranchId,
                OrgPath = paths[row.BranchId],
                Stage = row.Stage,
                State = MemberState.Active,
                JoinedOn = row.JoinedOn,
                SortName = person.Name,
                CreatedAt = now,
                UpdatedAt = now,
            });
            var path = paths[row.BranchId];
            deltas[path] = deltas.GetValueOrDefault(path) + OrgCounters.MemberDelta(row.Stage);
            outcomes[row.Row] = BulkOutcome.Added;
            added.Add($"{person.Name}（{CitizenIdNumber.Mask(person.IdNumber)}）");
        }

        await db.SaveChangesAsync(ct);
        foreach (var (path, delta) in deltas)
        {
            await counters.ApplyAsync(path, delta, ct);
        }

        if (added.Count > 0)
        {
            await audit.AppendAsync(AuditAction.MembersImported, importOrgId, nameof(Membership), null,
                $"导入 {added.Count} 名：" + string.Join("、", added.Take(50)) + (added.Count > 50 ? " 等" : ""), ct);
        }

        db.ChangeTracker.Clear();
        return outcomes;
    }, ct);
}
