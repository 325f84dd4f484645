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

    /// <summary>Added; the person is on record outside the importer's writable subtrees, so their stored fields were kept.</summary>
    AddedPersonKept,
}

/// <summary>
/// Adds validated members in batches (the import's door into the Members room): one transaction per
/// batch with its counters (one statement) and one audit event; new people and memberships go in by
/// <see cref="BulkInsert"/> (binary COPY on PostgreSQL); a batch that fails as a whole is retried row by row,
/// so each row is all-or-nothing and a bad row never takes good ones down with it.
/// </summary>
public sealed class MemberBulkWriter(ZhijianDbContext db, OrgCounters counters, AuditLog audit, TimeProvider clock,
    PersonAccess people)
{
    public async Task<IReadOnlyDictionary<int, BulkOutcome>> AddAsync(IReadOnlyList<NewMember> batch, long importOrgId,
        CancellationToken ct = default)
    {
        try
        {
            return await AddBatchAsync(batch, importOrgId, ct);
        }
        catch (Exception e) when (batch.Count > 1 && e is DbUpdateException or System.Data.Common.DbException)
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
                catch (Exception rowError) when (rowError is DbUpdateException or System.Data.Common.DbException)
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
        var keep = await people.NotChangeableAsync(personIds, ct);

        // Branch paths as they are now that the tree lock is held (a move may have committed since validation).
        var branchIds = batch.Select(b => b.BranchId).Distinct().ToList();
        var paths = await db.Organizations.Where(o => branchIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Path, ct);
        var outcomes = new Dictionary<int, BulkOutcome>();
        var deltas = new Dictionary<string, CounterDelta>();
        var now = clock.GetUtcNow();
        var added = new List<string>();
        var newPersons = new List<Person>();
        var newMemberships = new List<(Person Person, Membership Membership)>();
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
                // New people go in by bulk insert, untracked; known people (a member of the other system) are updated by EF.
                person = new Person { CreatedAt = now };
                newPersons.Add(person);
                persons[row.Person.IdNumber!] = person;
            }

            var kept = keep.Contains(person.Id);
            if (!kept)
            {
                MemberService.Apply(person, row.Person, now);
            }

            var path = paths[row.BranchId];
            newMemberships.Add((person, new Membership
            {
                System = row.System,
                OrgId = row.BranchId,
                OrgPath = path,
                Stage = row.Stage,
                State = MemberState.Active,
                JoinedOn = row.JoinedOn,
                SortName = person.Name,
                CreatedAt = now,
                UpdatedAt = now,
            }));
            deltas[path] = deltas.GetValueOrDefault(path) + MemberCounters.Delta(row.Stage);
            outcomes[row.Row] = kept ? BulkOutcome.AddedPersonKept : BulkOutcome.Added;
            if (added.Count < 50)
            {
                added.Add($"{person.Name}（{CitizenIdNumber.Mask(person.IdNumber)}）");
            }
        }

        await db.SaveChangesAsync(ct);
        await db.InsertAsync(newPersons, ct);
        foreach (var (person, membership) in newMemberships)
        {
            membership.PersonId = person.Id;
        }

        await db.InsertAsync(newMemberships.ConvertAll(n => n.Membership), ct);
        await counters.ApplyManyAsync(deltas, ct);
        if (newMemberships.Count > 0)
        {
            await audit.AppendAsync(AuditAction.MembersImported, importOrgId, nameof(Membership), null,
                $"导入 {newMemberships.Count} 名：" + string.Join("、", added) + (newMemberships.Count > added.Count ? " 等" : ""), ct);
        }

        db.ChangeTracker.Clear();
        return outcomes;
    }, ct);
}
