using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Development;

/// <summary>
/// The per-branch counters of development (<see cref="DevelopmentTally"/>), moved in the transaction of every
/// transition with one upsert each; statistics sum them over a subtree's path range instead of counting records.
/// </summary>
public sealed class DevelopmentTallies(ZhijianDbContext db)
{
    public const string Admitted = "admitted";
    public const string AdmittedRecommended = "admittedRecommended";
    public const string Recommended = "recommended";
    public const string Closed = "closed";
    public const string Full = "full";

    /// <summary>The key of the open-record count of a stage (year 0).</summary>
    public static string StageKey(DevelopmentStage stage) => "stage:" + JsonName(stage);

    public static string JsonName(DevelopmentStage stage)
    {
        var name = stage.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>Adds <paramref name="delta"/> to a branch's counter (created at zero when missing).</summary>
    public Task AddAsync(DevelopmentRecord r, int year, string key, long delta, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "DevelopmentTallies" ("OrgId", "Year", "Key", "OrgPath", "System", "Count")
            VALUES ({r.OrgId}, {year}, {key}, {r.OrgPath}, {r.System.ToString()}, {delta})
            ON CONFLICT ("OrgId", "Year", "Key") DO UPDATE SET "Count" = "DevelopmentTallies"."Count" + excluded."Count"
            """, ct);

    /// <summary>Moves an open record from one stage's count to another's (closed and finished stages are not counted).</summary>
    public async Task MoveStageAsync(DevelopmentRecord r, DevelopmentStage? from, DevelopmentStage to, CancellationToken ct)
    {
        if (from is { } f && DevelopmentRules.IsOpen(r.System, f))
        {
            await AddAsync(r, 0, StageKey(f), -1, ct);
        }

        if (DevelopmentRules.IsOpen(r.System, to))
        {
            await AddAsync(r, 0, StageKey(to), 1, ct);
        }
    }

    /// <summary>A subtree's counters: open records by stage, and the year's admitted, recommended and closed.</summary>
    public async Task<Dictionary<(int Year, string Key), long>> SumAsync(string prefix, int year, CancellationToken ct)
    {
        var rows = await db.Set<DevelopmentTally>().AsNoTracking()
            .Where(TreePath.In<DevelopmentTally>(t => t.OrgPath, prefix))
            .Where(t => t.Year == 0 || t.Year == year)
            .GroupBy(t => new { t.Year, t.Key })
            .Select(g => new { g.Key.Year, g.Key.Key, Count = g.Sum(t => t.Count) })
            .ToListAsync(ct);
        return rows.ToDictionary(r => (r.Year, r.Key), r => r.Count);
    }

    /// <summary>A moved subtree's counters follow its path.</summary>
    public Task<int> RewritePrefixAsync(string oldPrefix, string newPrefix, CancellationToken ct)
    {
        var cut = oldPrefix.Length;
        return db.Set<DevelopmentTally>().RebasePathAsync(t => t.OrgPath, oldPrefix, newPrefix, ct);
    }

    /// <summary>A merged branch's counters join the target's.</summary>
    public async Task MergeAsync(long sourceId, long targetId, string targetPath, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "DevelopmentTallies" ("OrgId", "Year", "Key", "OrgPath", "System", "Count")
            SELECT {targetId}, "Year", "Key", {targetPath}, "System", "Count" FROM "DevelopmentTallies" WHERE "OrgId" = {sourceId}
            ON CONFLICT ("OrgId", "Year", "Key") DO UPDATE SET "Count" = "DevelopmentTallies"."Count" + excluded."Count"
            """, ct);
        await db.Set<DevelopmentTally>().Where(t => t.OrgId == sourceId).ExecuteDeleteAsync(ct);
    }

    /// <summary>The next development number of a system and admission year: the year and an 8-digit sequence, from a
    /// counter row incremented under its row lock (UPDATE … RETURNING), unique in the system.</summary>
    public async Task<string> NextNumberAsync(OrgSystem system, int year, CancellationToken ct)
    {
        var s = system.ToString();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "DevelopmentNumberCounters" ("System", "Year", "Last") VALUES ({s}, {year}, 0)
            ON CONFLICT ("System", "Year") DO NOTHING
            """, ct);
        var last = (await db.Database.SqlQuery<long>($"""
            UPDATE "DevelopmentNumberCounters" SET "Last" = "Last" + 1 WHERE "System" = {s} AND "Year" = {year} RETURNING "Last" AS "Value"
            """).ToListAsync(ct)).Single();
        return Format(year, last);
    }

    public static string Format(int year, long sequence) =>
        year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + sequence.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
}
