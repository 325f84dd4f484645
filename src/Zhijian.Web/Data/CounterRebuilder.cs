using Microsoft.EntityFrameworkCore;
using Npgsql;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Data;

/// <summary>
/// Recomputes the subtree counters from the rows of every feature: after bulk loads, and as the
/// consistency check of the incremental updates. Lives in Data because it reads across features.
/// </summary>
public sealed class CounterRebuilder(ZhijianDbContext db)
{
    /// <summary>
    /// Recomputes every counter from the rows (used after bulk loads and by the consistency check).
    /// </summary>
    public async Task RebuildAllAsync(CancellationToken ct = default)
    {
        var own = await RecountAsync(ct);
        if (db.IsPostgres)
        {
            await ReplaceByCopyAsync(own.Values, ct);
            return;
        }

        await db.OrgCounters.ExecuteDeleteAsync(ct);
        db.OrgCounters.AddRange(own.Values);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// Every organization's counters as the rows say they should be, without writing anything: the rebuild's figures,
    /// and what the kept counters are compared with (the concurrency tests).
    /// </summary>
    public async Task<Dictionary<long, OrgCounter>> RecountAsync(CancellationToken ct = default)
    {
        // Per-node own figures, then rolled up ancestor by ancestor in memory by path: fine up to
        // millions of organizations (a few hundred MB at the national size is avoided by streaming ids).
        var own = new Dictionary<long, OrgCounter>();
        var orgs = await db.Organizations.AsNoTracking()
            .Select(o => new { o.Id, o.Path, o.Kind, o.Status, o.ParentId }).ToListAsync(ct);
        foreach (var o in orgs)
        {
            own[o.Id] = new OrgCounter { OrgId = o.Id };
        }

        void Add(string path, CounterDelta d)
        {
            foreach (var id in TreePath.Ids(path))
            {
                if (own.TryGetValue(id, out var c))
                {
                    c.Probationary += d.Probationary;
                    c.Full += d.Full;
                    c.LeagueMembers += d.LeagueMembers;
                    c.Committees += d.Committees;
                    c.WorkingCommittees += d.WorkingCommittees;
                    c.GeneralBranches += d.GeneralBranches;
                    c.Branches += d.Branches;
                    c.Groups += d.Groups;
                    c.Cadres += d.Cadres;
                }
            }
        }

        foreach (var o in orgs.Where(o => o.Status == OrgStatus.Active))
        {
            Add(o.Path, CounterDelta.OfKind(o.Kind));
            if (o.ParentId is { } parent && own.TryGetValue(parent, out var pc))
            {
                pc.Children++;
            }
        }

        var members = await db.Memberships.AsNoTracking()
            .Where(m => m.State != MemberState.Ended)
            .GroupBy(m => new { m.OrgPath, m.Stage })
            .Select(g => new { g.Key.OrgPath, g.Key.Stage, Count = g.LongCount() }).ToListAsync(ct);
        foreach (var m in members)
        {
            Add(m.OrgPath, MemberCounters.Delta(m.Stage, m.Count));
        }

        var cadres = await db.Positions.AsNoTracking().Where(p => p.EndedOn == null)
            .GroupBy(p => p.OrgPath).Select(g => new { Path = g.Key, Count = g.LongCount() }).ToListAsync(ct);
        foreach (var c in cadres)
        {
            Add(c.Path, new CounterDelta(Cadres: c.Count));
        }

        return own;
    }

    /// <summary>
    /// PostgreSQL: replaces the counter rows with one binary COPY in one transaction. Inserting them through
    /// the change tracker took minutes at a million organizations (and a gigabyte of tracked entities).
    /// </summary>
    private async Task ReplaceByCopyAsync(IReadOnlyCollection<OrgCounter> rows, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            await db.OrgCounters.ExecuteDeleteAsync(ct);
            await using (var w = await connection.BeginBinaryImportAsync(
                "COPY \"OrgCounters\" (\"OrgId\",\"Children\",\"Probationary\",\"Full\",\"LeagueMembers\",\"Committees\",\"WorkingCommittees\",\"GeneralBranches\",\"Branches\",\"Groups\",\"Cadres\") FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var c in rows)
                {
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(c.OrgId, ct);
                    await w.WriteAsync(c.Children, ct);
                    await w.WriteAsync(c.Probationary, ct);
                    await w.WriteAsync(c.Full, ct);
                    await w.WriteAsync(c.LeagueMembers, ct);
                    await w.WriteAsync(c.Committees, ct);
                    await w.WriteAsync(c.WorkingCommittees, ct);
                    await w.WriteAsync(c.GeneralBranches, ct);
                    await w.WriteAsync(c.Branches, ct);
                    await w.WriteAsync(c.Groups, ct);
                    await w.WriteAsync(c.Cadres, ct);
                }

                await w.CompleteAsync(ct);
            }

            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        db.ChangeTracker.Clear();
    }

}
