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

    /// <summary>
    /// SQLite, for the length of one import: the import's connection stays open and its batches commit with
    /// <c>synchronous=NORMAL</c> (in WAL mode the database stays consistent after a crash; a commit just does not wait for
    /// the disk), which took about a fifth of the writer's time with the default FULL. When the import ends, the setting
    /// goes back and one checkpoint writes the batches to the database file and syncs it, so an answered import is on disk.
    /// Nothing on PostgreSQL.
    /// </summary>
    public async Task<IAsyncDisposable> ImportSessionAsync(CancellationToken ct = default)
    {
        if (db.IsPostgres)
        {
            return NoSession.Instance;
        }

        await db.Database.OpenConnectionAsync(ct);
        await using var read = db.Database.GetDbConnection().CreateCommand();
        read.CommandText = "PRAGMA synchronous";
        var synchronous = await read.ExecuteScalarAsync(ct) is long level ? level : 2;
        read.CommandText = "PRAGMA wal_autocheckpoint";
        var autoCheckpoint = await read.ExecuteScalarAsync(ct) is long pages ? pages : 1000;
        await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0", ct);
        return new SqliteSession(db, synchronous, autoCheckpoint);
    }

    private sealed class NoSession : IAsyncDisposable
    {
        public static readonly NoSession Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class SqliteSession(ZhijianDbContext db, long synchronous, long autoCheckpoint) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Only numbers are interpolated, read from the connection.
                await db.Database.ExecuteSqlRawAsync(FormattableString.Invariant(
                    $"PRAGMA synchronous={synchronous}; PRAGMA wal_autocheckpoint={autoCheckpoint}"));
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE)");
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private Task<Dictionary<int, BulkOutcome>> AddBatchAsync(IReadOnlyList<NewMember> batch, long importOrgId,
        CancellationToken ct) => db.InTransactionAsync(async () =>
    {
        await db.LockTreeAsync(exclusive: false, ct);
        var known = await KnownAsync(batch, ct);
        var plan = new BatchPlan(clock.GetUtcNow());
        foreach (var row in batch)
        {
            Plan(row, known, plan);
        }

        await db.SaveChangesAsync(ct);
        await db.InsertAsync(plan.NewPersons, ct);
        foreach (var (person, membership) in plan.NewMemberships)
        {
            membership.LinkPerson(person.Id);
        }

        await db.InsertAsync(plan.NewMemberships.ConvertAll(n => n.Membership), ct);
        await counters.ApplyManyAsync(plan.Deltas, ct);
        if (plan.NewMemberships.Count > 0)
        {
            await audit.AppendAsync(AuditAction.MembersImported, importOrgId, nameof(Membership), null,
                $"导入 {plan.NewMemberships.Count} 名：" + string.Join("、", plan.Added)
                + (plan.NewMemberships.Count > plan.Added.Count ? " 等" : ""), ct);
        }

        db.ChangeTracker.Clear();
        return plan.Outcomes;
    }, ct);

    private sealed record ActiveMembership(long PersonId, OrgSystem System, long OrgId);

    /// <summary>What the database knows about a batch: its people by ID number, their current memberships, the people the
    /// importer may not change, and the branches' paths.</summary>
    private sealed record Known(Dictionary<string, Person> Persons, List<ActiveMembership> Active, IReadOnlySet<long> Keep,
        Dictionary<long, string> Paths);

    /// <summary>What a batch will write, filled row by row.</summary>
    private sealed record BatchPlan(DateTimeOffset Now)
    {
        public Dictionary<int, BulkOutcome> Outcomes { get; } = [];
        public Dictionary<string, CounterDelta> Deltas { get; } = [];
        public List<string> Added { get; } = [];
        public List<Person> NewPersons { get; } = [];
        public List<(Person Person, Membership Membership)> NewMemberships { get; } = [];
    }

    private async Task<Known> KnownAsync(IReadOnlyList<NewMember> batch, CancellationToken ct)
    {
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
        return new Known(persons, active.ConvertAll(m => new ActiveMembership(m.PersonId, m.System, m.OrgId)), keep, paths);
    }

    private static void Plan(NewMember row, Known known, BatchPlan plan)
    {
        known.Persons.TryGetValue(row.Person.IdNumber!, out var person);
        var existing = person is null ? null : known.Active.FirstOrDefault(m => m.PersonId == person.Id && m.System == row.System);
        if (existing is not null)
        {
            plan.Outcomes[row.Row] = existing.OrgId == row.BranchId ? BulkOutcome.AlreadyThere : BulkOutcome.Duplicate;
            return;
        }

        if (person is null)
        {
            // New people go in by bulk insert, untracked; known people (a member of the other system) are updated by EF.
            person = new Person { CreatedAt = plan.Now };
            plan.NewPersons.Add(person);
            known.Persons[row.Person.IdNumber!] = person;
        }

        var kept = known.Keep.Contains(person.Id);
        if (!kept)
        {
            MemberService.Apply(person, row.Person, plan.Now);
        }

        var path = known.Paths[row.BranchId];
        plan.NewMemberships.Add((person, new Membership(row.System, row.BranchId, path, row.Stage, row.JoinedOn, person.Name, plan.Now)));
        plan.Deltas[path] = plan.Deltas.GetValueOrDefault(path) + MemberCounters.Delta(row.Stage);
        plan.Outcomes[row.Row] = kept ? BulkOutcome.AddedPersonKept : BulkOutcome.Added;
        if (plan.Added.Count < 50)
        {
            plan.Added.Add($"{person.Name}（{CitizenIdNumber.Mask(person.IdNumber)}）");
        }
    }
}
