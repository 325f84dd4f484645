using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Evaluations;

/// <summary>
/// The registered members of a year in an organization's whole subtree (itself included): the branches' tallies summed up
/// the tree when each registration run changes one, so the statistics of any organization — the national root too — read
/// one row instead of summing hundreds of thousands of tallies. Rows exist for the organizations above a branch that
/// registered (and the branch itself); an organization without a row has 0.
/// </summary>
public class RegistrationRollup
{
    private RegistrationRollup()
    {
    }

    public long OrgId { get; private set; }
    public int Year { get; private set; }
    public long Registered { get; private set; }
}

internal sealed class RegistrationRollupConfiguration : IEntityTypeConfiguration<RegistrationRollup>
{
    public void Configure(EntityTypeBuilder<RegistrationRollup> e)
    {
        e.ToTable("RegistrationRollups");
        e.HasKey(x => new { x.OrgId, x.Year });
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Keeps <see cref="RegistrationRollup"/> rows: deltas up the ancestors in one statement, and the full rebuild.</summary>
public static class RegistrationRollups
{
    /// <summary>
    /// Recomputes every rollup from the tallies (the migration's backfill, the demo, benchmarks): each tally is counted at
    /// its branch and every ancestor (walked by <c>ParentId</c>, the same chain as the path), summed per organization and
    /// year. Plain SQL that runs on PostgreSQL and SQLite.
    /// </summary>
    public const string RebuildSql = """
        DELETE FROM "RegistrationRollups";
        INSERT INTO "RegistrationRollups" ("OrgId", "Year", "Registered")
        WITH RECURSIVE up ("AncestorId", "Year", "Registered") AS (
            SELECT t."OrgId", t."Year", t."Registered" FROM "RegistrationTallies" t
            UNION ALL
            SELECT o."ParentId", up."Year", up."Registered" FROM up JOIN "Organizations" o ON o."Id" = up."AncestorId"
            WHERE o."ParentId" IS NOT NULL)
        SELECT "AncestorId", "Year", SUM("Registered") FROM up GROUP BY "AncestorId", "Year";
        """;

    /// <summary>Adds <paramref name="delta"/> registered of <paramref name="year"/> to each of the organizations (upsert).</summary>
    public static async Task AddAsync(ZhijianDbContext db, IEnumerable<long> orgIds, int year, long delta, CancellationToken ct)
    {
        var ids = orgIds.Distinct().Order().ToList();
        if (delta == 0 || ids.Count == 0)
        {
            return;
        }

        // Only numbers are interpolated; ids ascending, so two runs touching the same ancestors lock them in one order.
        var values = string.Join(",", ids.Select(id => string.Create(CultureInfo.InvariantCulture, $"({id},{year},{delta})")));
        var sql = "INSERT INTO \"RegistrationRollups\" (\"OrgId\",\"Year\",\"Registered\") VALUES " + values +
            " ON CONFLICT (\"OrgId\",\"Year\") DO UPDATE SET \"Registered\" = \"RegistrationRollups\".\"Registered\" + excluded.\"Registered\"";
        await db.Database.ExecuteSqlRawAsync(sql, ct);
    }

    /// <summary>A registration run changed a branch's registered count: the branch and all its ancestors follow.</summary>
    public static Task ChangedAsync(ZhijianDbContext db, string branchPath, int year, long delta, CancellationToken ct) =>
        AddAsync(db, TreePath.Ids(branchPath), year, delta, ct);

    /// <summary>
    /// A subtree moved: its root's figures (every year) leave the old ancestors and join the new ones; the subtree's own rows
    /// do not change.
    /// </summary>
    public static async Task MovedAsync(ZhijianDbContext db, string oldPrefix, string newPrefix, CancellationToken ct)
    {
        var rootId = TreePath.Ids(newPrefix)[^1];
        var before = TreePath.Ids(oldPrefix)[..^1];
        var after = TreePath.Ids(newPrefix)[..^1];
        var years = await db.Set<RegistrationRollup>().AsNoTracking().Where(r => r.OrgId == rootId && r.Registered != 0)
            .Select(r => new { r.Year, r.Registered }).ToListAsync(ct);
        foreach (var y in years)
        {
            await AddAsync(db, before.Except(after), y.Year, -y.Registered, ct);
            await AddAsync(db, after.Except(before), y.Year, y.Registered, ct);
        }
    }
}
