using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Statistics;

namespace Zhijian.Bench;

/// <summary>
/// Issue 4's statistics benchmark on PostgreSQL: seeds N organizations and M memberships, picks the subtree whose
/// member count is nearest 1,000,000, and compares the statistics answer from its rollup with the live grouped
/// queries it replaces (the baseline, same run), and times the rollup refresh (one subtree, and the whole job).
/// </summary>
public static class StatsBench
{
    public static async Task<int> MainAsync(string[] args)
    {
        string? Text(string name)
        {
            var i = Array.LastIndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        long Number(string name, long fallback) =>
            Text(name) is { } t ? long.Parse(t.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

        var connection = Text("--connection") ?? throw new ArgumentException("--connection is required");
        var orgs = (int)Number("--orgs", 1_000_000);
        var members = Number("--members", 10_000_000);
        var target = Number("--subtree", 1_000_000);
        var threshold = Number("--threshold", 500_000);
        var outPath = Text("--out") ?? Path.Combine("bench", "results", "stats-rollup.md");
        await using var app = BenchHost.Build("postgres", connection,
            new Dictionary<string, string> { ["Statistics:RollupThreshold"] = threshold.ToString(CultureInfo.InvariantCulture) });

        await app.InScope(async sp =>
        {
            await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            return 0;
        });
        Log.Line($"Stats bench: seeding {orgs:N0} organizations, {members:N0} memberships");
        var seed = await Timing.OnceAsync(() => app.InScope(sp => sp.GetRequiredService<BulkSeeder>().SeedAsync(orgs, members, 1)));
        await app.InScope(sp => sp.GetRequiredService<ZhijianDbContext>().Database.ExecuteSqlRawAsync("VACUUM ANALYZE"));
        Log.Line($"Seeded in {seed.TotalSeconds:0.0} s");

        var (subjectId, subjectMembers, rootId, rootMembers) = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<ZhijianDbContext>();
            var sizes = await db.OrgCounters.AsNoTracking()
                .Select(c => new { c.OrgId, Members = c.Probationary + c.Full + c.LeagueMembers }).ToListAsync();
            var subject = sizes.OrderBy(s => Math.Abs(s.Members - target)).First();
            var root = sizes.OrderByDescending(s => s.Members).First();
            return (subject.OrgId, subject.Members, root.OrgId, root.Members);
        });
        Log.Line($"Subject: org {subjectId} with {subjectMembers:N0} members; root {rootId} with {rootMembers:N0}");

        // Baseline: the live grouped queries a request would run without a rollup.
        var live = await Timing.MeasureAsync("live stats (no rollup)", _ => app.InScope(sp =>
            sp.GetRequiredService<StatisticsService>().ForAsync(subjectId)), warmup: 1, reps: 3, minReps: 3);
        var refreshOne = await Timing.OnceAsync(() => app.InScope(sp => sp.GetRequiredService<StatsRollups>().RefreshAsync(subjectId)));
        Log.Line($"Refresh of the subject's rollup: {refreshOne.TotalSeconds:0.00} s");
        var fromRollup = await Timing.MeasureAsync("stats from rollup", _ => app.InScope(sp =>
            sp.GetRequiredService<StatisticsService>().ForAsync(subjectId)), warmup: 3, reps: 50);
        var check = await app.InScope(sp => sp.GetRequiredService<StatisticsService>().ForAsync(subjectId));

        var load = Timing.LoadAverage();
        var job = await app.InScope(sp => sp.GetRequiredService<StatsRollups>().RefreshAllAsync());
        Log.Line($"Job: {job.Refreshed} rollups in {job.Took.TotalSeconds:0.0} s");
        var rootRead = await Timing.MeasureAsync("root stats from rollup", _ => app.InScope(sp =>
            sp.GetRequiredService<StatisticsService>().ForAsync(rootId)), warmup: 3, reps: 50);

        var ic = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(ic, $"# Statistics from rollups (issue 4): {orgs:N0} organizations, {members:N0} memberships");
        s.AppendLine();
        s.AppendLine(ic, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `bench/run-stats.sh --orgs {orgs} --members {members}` ({Text("--source") ?? "working tree"}).");
        s.AppendLine(ic, $"Machine: {Environment.ProcessorCount} cores, shared with other work (1-minute load {load:0.00} before the job run). PostgreSQL: throwaway cluster, fsync off. Seed (not timed as part of anything): {seed.TotalSeconds:0.0} s.");
        s.AppendLine();
        s.AppendLine(ic, $"Subject: the organization whose subtree is nearest {target:N0} members: org {subjectId}, {subjectMembers:N0} members (root: {rootMembers:N0}).");
        s.AppendLine();
        s.AppendLine("| operation | measured | baseline (same run) | ratio | target | verdict |");
        s.AppendLine("| --- | --- | --- | --- | --- | --- |");
        s.AppendLine(ic, $"| `GET /orgs/{{id}}/stats` of the subject from its rollup (`StatisticsService.ForAsync`) | p50 {Stats.Ms(fromRollup.P50)}, p95 {Stats.Ms(fromRollup.P95)} (n={fromRollup.Count}) | live grouped queries (no rollup): p50 {Stats.Ms(live.P50)} (n={live.Count}) | {fromRollup.P95 / live.P50:0.0000}× | ≤ 2 s | {(fromRollup.P95 <= 2000 ? "meets" : "**misses**")} |");
        s.AppendLine(ic, $"| the same for the root ({rootMembers:N0} members) | p50 {Stats.Ms(rootRead.P50)}, p95 {Stats.Ms(rootRead.P95)} (n={rootRead.Count}) | — | — | ≤ 2 s | {(rootRead.P95 <= 2000 ? "meets" : "**misses**")} |");
        s.AppendLine(ic, $"| refresh of the subject's rollup (`StatsRollups.RefreshAsync`) | {refreshOne.TotalSeconds:0.00} s | live stats p50 {Stats.Ms(live.P50)} | {refreshOne.TotalMilliseconds / live.P50:0.00}× | — | — |");
        s.AppendLine(ic, $"| the background job's run (`StatsRollups.RefreshAllAsync`, threshold {threshold:N0} members) | {job.Refreshed} rollups in {job.Took.TotalSeconds:0.0} s | — | — | — | — |");
        s.AppendLine();
        s.AppendLine(ic, $"The rollup answer carries `rollup: {check.Rollup.ToString().ToLowerInvariant()}` and `asOf` {check.AsOf:yyyy-MM-dd HH:mm:ss} UTC; its gender cross-tab sums to {check.Members.ByGender.Values.Sum():N0} (live total {check.Members.Total:N0}).");
        s.AppendLine();
        s.AppendLine("How rollups are refreshed: `StatsRollupJob` (a hosted service) runs `StatsRollups.RefreshAllAsync` every `Statistics:RollupInterval` (default one hour): it lists the active organizations whose counters reach `Statistics:RollupThreshold` members and recomputes each one's cross-tabs with the same grouped queries as the live path, one subtree after another in its own short statements (no long transaction, no lock beyond row reads), then drops rollups of subtrees that fell below the threshold. Reads take the rollup when one exists: one primary-key read plus the counters. Totals, stages, organizations by kind and the cadre total stay live from the counters; `asOf` says when the cross-tabs were counted, and the console shows it.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        await File.WriteAllTextAsync(outPath, s.ToString());
        Console.WriteLine(s.ToString());
        return 0;
    }
}
