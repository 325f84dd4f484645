using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Organizations;

/// <summary>A change to subtree counters.</summary>
public readonly record struct CounterDelta(
    long Probationary = 0, long Full = 0, long LeagueMembers = 0,
    int Committees = 0, int WorkingCommittees = 0, int GeneralBranches = 0, int Branches = 0, int Groups = 0,
    long Cadres = 0)
{
    public static CounterDelta OfKind(OrgKind kind, int n = 1) => kind switch
    {
        OrgKind.Committee => new(Committees: n),
        OrgKind.WorkingCommittee => new(WorkingCommittees: n),
        OrgKind.GeneralBranch => new(GeneralBranches: n),
        OrgKind.Branch => new(Branches: n),
        _ => new(Groups: n),
    };

    public static CounterDelta Of(OrgCounter c) => new(c.Probationary, c.Full, c.LeagueMembers, c.Committees,
        c.WorkingCommittees, c.GeneralBranches, c.Branches, c.Groups, c.Cadres);

    public CounterDelta Negate() => new(-Probationary, -Full, -LeagueMembers, -Committees, -WorkingCommittees,
        -GeneralBranches, -Branches, -Groups, -Cadres);

    public static CounterDelta operator +(CounterDelta a, CounterDelta b) => new(
        a.Probationary + b.Probationary, a.Full + b.Full, a.LeagueMembers + b.LeagueMembers,
        a.Committees + b.Committees, a.WorkingCommittees + b.WorkingCommittees,
        a.GeneralBranches + b.GeneralBranches, a.Branches + b.Branches, a.Groups + b.Groups, a.Cadres + b.Cadres);

    public bool IsZero => this == default;
}

/// <summary>
/// Keeps every organization's subtree counters: a change at a node is added to the node and all its
/// ancestors (depth ≤ 10) in one UPDATE, inside the transaction of the change.
/// </summary>
public sealed class OrgCounters(ZhijianDbContext db)
{
    /// <summary>Adds <paramref name="delta"/> to the node at <paramref name="path"/> and all its ancestors.</summary>
    public Task ApplyAsync(string path, CounterDelta delta, CancellationToken ct = default) =>
        ApplyToAsync(TreePath.Ids(path), delta, ct);

    /// <summary>Adds <paramref name="d"/> to the given organizations' counters.</summary>
    public async Task ApplyToAsync(IReadOnlyCollection<long> orgIds, CounterDelta d, CancellationToken ct = default)
    {
        if (d.IsZero || orgIds.Count == 0)
        {
            return;
        }

        await LockInIdOrderAsync(orgIds.ToArray(), ct);
        await db.OrgCounters.Where(c => orgIds.Contains(c.OrgId)).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Probationary, c => c.Probationary + d.Probationary)
            .SetProperty(c => c.Full, c => c.Full + d.Full)
            .SetProperty(c => c.LeagueMembers, c => c.LeagueMembers + d.LeagueMembers)
            .SetProperty(c => c.Committees, c => c.Committees + d.Committees)
            .SetProperty(c => c.WorkingCommittees, c => c.WorkingCommittees + d.WorkingCommittees)
            .SetProperty(c => c.GeneralBranches, c => c.GeneralBranches + d.GeneralBranches)
            .SetProperty(c => c.Branches, c => c.Branches + d.Branches)
            .SetProperty(c => c.Groups, c => c.Groups + d.Groups)
            .SetProperty(c => c.Cadres, c => c.Cadres + d.Cadres), ct);
    }

    /// <summary>
    /// Adds many changes at once (bulk writes): each node's delta is added to the node and its ancestors, summed per
    /// organization, and written by one UPDATE over a VALUES list, so a batch touching a hundred branches is one statement.
    /// </summary>
    public async Task ApplyManyAsync(IReadOnlyDictionary<string, CounterDelta> byPath, CancellationToken ct = default)
    {
        var totals = new SortedDictionary<long, CounterDelta>();
        foreach (var (path, delta) in byPath)
        {
            foreach (var id in TreePath.Ids(path))
            {
                totals[id] = totals.GetValueOrDefault(id) + delta;
            }
        }

        var changed = totals.Where(t => !t.Value.IsZero).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        await LockInIdOrderAsync(changed.ConvertAll(t => t.Key).ToArray(), ct);

        var rows = changed.Select(t =>
        {
            var d = t.Value;
            return FormattableString.Invariant(
                $"({t.Key},{d.Probationary},{d.Full},{d.LeagueMembers},{d.Committees},{d.WorkingCommittees},{d.GeneralBranches},{d.Branches},{d.Groups},{d.Cadres})");
        });

        // Only numbers are interpolated; the same statement runs on PostgreSQL and SQLite (3.33+: UPDATE ... FROM).
        var sql =
            "WITH v(id,p,f,l,cm,wc,gb,b,g,cd) AS (VALUES " + string.Join(",", rows) + ") " +
            "UPDATE \"OrgCounters\" SET \"Probationary\" = \"Probationary\" + v.p, \"Full\" = \"Full\" + v.f, " +
            "\"LeagueMembers\" = \"LeagueMembers\" + v.l, \"Committees\" = \"Committees\" + v.cm, " +
            "\"WorkingCommittees\" = \"WorkingCommittees\" + v.wc, \"GeneralBranches\" = \"GeneralBranches\" + v.gb, " +
            "\"Branches\" = \"Branches\" + v.b, \"Groups\" = \"Groups\" + v.g, \"Cadres\" = \"Cadres\" + v.cd " +
            "FROM v WHERE \"OrgCounters\".\"OrgId\" = v.id";
        await db.Database.ExecuteSqlRawAsync(sql, ct);
    }

    /// <summary>
    /// PostgreSQL: locks the counter rows in id order before an UPDATE changes them. An UPDATE locks in whatever order
    /// its plan yields rows (a sequential scan: the physical order, which updates keep changing), and two transactions
    /// updating overlapping ancestors (two member changes in one tree, two batches of one import) could deadlock.
    /// </summary>
    private async Task LockInIdOrderAsync(long[] ids, CancellationToken ct)
    {
        if (db.IsPostgres && ids.Length > 0)
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"OrgCounters\" WHERE \"OrgId\" = ANY({ids}) ORDER BY \"OrgId\" FOR UPDATE", ct);
        }
    }

    /// <summary>Adds <paramref name="n"/> to an organization's count of active direct children.</summary>
    public Task AddChildrenAsync(long orgId, int n, CancellationToken ct = default) =>
        db.OrgCounters.Where(c => c.OrgId == orgId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Children, c => c.Children + n), ct);

    /// <summary>The counters of one organization's subtree: one indexed read.</summary>
    public Task<OrgCounter?> GetAsync(long orgId, CancellationToken ct = default) =>
        db.OrgCounters.AsNoTracking().FirstOrDefaultAsync(c => c.OrgId == orgId, ct);

    /// <summary>The counters of one organization's subtree, zeros when it has no row (an untracked value, never saved).</summary>
    public async Task<OrgCounter> GetOrZeroAsync(long orgId, CancellationToken ct = default) =>
        await GetAsync(orgId, ct) ?? new OrgCounter { OrgId = orgId };
}
