using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Development;

namespace Zhijian.Bench;

/// <summary>
/// Development statistics at national scale (issue 16): on a copy of the national dataset (bench/national-template.sh),
/// seeds a proportional League pipeline of about 2,000,000 records set-based (one membership in five), builds the
/// per-branch tallies from them in one grouped INSERT, then times <c>development-stats</c> of the root and of a level-1
/// committee from the tallies (<see cref="DevelopmentQueries.StatsAsync"/>) against a live grouped count of the records
/// in the same run.
/// Usage: Zhijian.Bench --development-bench --connection CS [--out bench/results/development.md]
/// </summary>
public static class DevelopmentBench
{
    public static async Task<int> MainAsync(string[] args)
    {
        string? Text(string name)
        {
            var i = Array.LastIndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var connection = Text("--connection") ?? throw new ArgumentException("--connection is required");
        var outFile = Text("--out") ?? Path.Combine("bench", "results", "development.md");
        var total = System.Diagnostics.Stopwatch.StartNew();
        await using var app = BenchHost.Build("postgres", connection);
        await using var raw = NpgsqlDataSource.Create(connection);

        async Task<long> Exec(string sql)
        {
            await using var cmd = raw.CreateCommand(sql);
            cmd.CommandTimeout = 0;
            return await cmd.ExecuteNonQueryAsync();
        }

        async Task<T> Scalar<T>(string sql)
        {
            await using var cmd = raw.CreateCommand(sql);
            cmd.CommandTimeout = 0;
            return (T)(await cmd.ExecuteScalarAsync())!;
        }

        await app.InScope(async sp =>
        {
            await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            return 0;
        });
        var version = await Scalar<string>("SELECT version()");
        var orgs = await Scalar<long>("""SELECT count(*) FROM "Organizations" """);
        var members = await Scalar<long>("""SELECT count(*) FROM "Memberships" """);
        var year = DateTime.UtcNow.Year;

        // ---- seed: one membership in five becomes a record; stages 40% applicant, 30% activist, 20% member, 10% closed.
        Log.Line($"{orgs:N0} organizations, {members:N0} memberships; seeding development records");
        await Exec("""TRUNCATE "DevelopmentSteps", "DevelopmentContacts", "DevelopmentTallies", "DevelopmentNumberCounters", "DevelopmentRecords" """);
        var maxId = await Scalar<long>("""SELECT max("Id") FROM "Memberships" """);
        const long chunk = 2_000_000;
        var seedTime = await Timing.OnceAsync(async () =>
        {
            for (long from = 0; from <= maxId; from += chunk)
            {
                await Exec($"""
                    INSERT INTO "DevelopmentRecords" ("System","PersonId","Name","OrgId","OrgPath","Stage","ClosedFrom","AppliedOn","TalkOn",
                        "ActivistOn","AdmittedOn","ApprovedOn","ClosedOn","CloseReason","CourseHours","DevelopmentNumber","LastStepOn","CreatedAt","UpdatedAt")
                    SELECT 'League', m."PersonId", m."SortName", m."OrgId", m."OrgPath", s.stage,
                           CASE WHEN s.stage = 'Closed' THEN 'Applicant' END, a.applied, a.applied + 10,
                           CASE WHEN s.stage IN ('Activist','Member') THEN a.applied + 30 END,
                           CASE WHEN s.stage = 'Member' THEN a.applied + 150 END, CASE WHEN s.stage = 'Member' THEN a.applied + 150 END,
                           CASE WHEN s.stage = 'Closed' THEN a.applied + 60 END, CASE WHEN s.stage = 'Closed' THEN '本人撤回' END,
                           CASE WHEN s.stage = 'Member' THEN 8 ELSE 0 END,
                           CASE WHEN s.stage = 'Member' THEN extract(year FROM a.applied + 150)::int::text || lpad(m."Id"::text, 8, '0') END,
                           a.applied, now(), now()
                    FROM "Memberships" m
                    CROSS JOIN LATERAL (SELECT CASE WHEN (m."Id" / 5) % 10 < 4 THEN 'Applicant' WHEN (m."Id" / 5) % 10 < 7 THEN 'Activist'
                                                    WHEN (m."Id" / 5) % 10 < 9 THEN 'Member' ELSE 'Closed' END AS stage) s
                    CROSS JOIN LATERAL (SELECT DATE '{year - 1}-01-01' + (m."Id" % 500)::int AS applied) a
                    WHERE m."Id" > {from} AND m."Id" <= {from + chunk} AND m."Id" % 5 = 0
                    """);
                Log.Line($"  records up to membership {from + chunk:N0}");
            }
        });
        var records = await Scalar<long>("""SELECT count(*) FROM "DevelopmentRecords" """);

        // ---- the tallies as the transitions would have left them, rebuilt in one grouped statement.
        var tallyTime = await Timing.OnceAsync(() => Exec("""
            INSERT INTO "DevelopmentTallies" ("OrgId","Year","Key","OrgPath","System","Count")
            SELECT "OrgId", 0, 'stage:' || lower(left("Stage", 1)) || substr("Stage", 2), min("OrgPath"), 'League', count(*)
            FROM "DevelopmentRecords" WHERE "Stage" IN ('Applicant','Activist') GROUP BY "OrgId", "Stage"
            UNION ALL
            SELECT "OrgId", extract(year FROM "AdmittedOn")::int, 'admitted', min("OrgPath"), 'League', count(*)
            FROM "DevelopmentRecords" WHERE "AdmittedOn" IS NOT NULL GROUP BY "OrgId", extract(year FROM "AdmittedOn")
            UNION ALL
            SELECT "OrgId", extract(year FROM "ClosedOn")::int, 'closed', min("OrgPath"), 'League', count(*)
            FROM "DevelopmentRecords" WHERE "ClosedOn" IS NOT NULL GROUP BY "OrgId", extract(year FROM "ClosedOn")
            """));
        var tallyRows = await Scalar<long>("""SELECT count(*) FROM "DevelopmentTallies" """);
        await Exec("""ANALYZE "DevelopmentRecords"; ANALYZE "DevelopmentTallies";""");
        Log.Line($"{records:N0} records in {seedTime.TotalSeconds:0} s; {tallyRows:N0} tally rows in {tallyTime.TotalSeconds:0} s");

        var rootId = await Scalar<long>("""SELECT "Id" FROM "Organizations" WHERE "ParentId" IS NULL ORDER BY "Id" LIMIT 1""");
        var level1 = await Scalar<long>($"""SELECT "Id" FROM "Organizations" WHERE "ParentId" = {rootId} ORDER BY "Id" LIMIT 1""");
        var rows = new List<(string Label, Stats Measured, Stats Baseline, string Agree)>();
        foreach (var (label, id, reps) in new[] { ("root", rootId, 10), ("level-1 committee", level1, 20) })
        {
            var path = await Scalar<string>($"""SELECT "Path" FROM "Organizations" WHERE "Id" = {id}""");
            var upper = path[..^1] + "0";
            DevelopmentStatsDto? stats = null;
            var measured = await Timing.MeasureAsync($"development-stats {label} (tallies)", async _ =>
                stats = await app.InScope(sp => sp.GetRequiredService<DevelopmentQueries>().StatsAsync(id, year - 1)), 1, reps, 3,
                TimeSpan.FromSeconds(60));
            long[] live = [];
            var baseline = await Timing.MeasureAsync($"live grouped count {label}", async _ =>
            {
                await using var cmd = raw.CreateCommand($"""
                    SELECT count(*) FILTER (WHERE "Stage" = 'Applicant'), count(*) FILTER (WHERE "Stage" = 'Activist'),
                           count(*) FILTER (WHERE "AdmittedOn" >= DATE '{year - 1}-01-01' AND "AdmittedOn" < DATE '{year}-01-01'),
                           count(*) FILTER (WHERE "ClosedOn" >= DATE '{year - 1}-01-01' AND "ClosedOn" < DATE '{year}-01-01')
                    FROM "DevelopmentRecords" WHERE "OrgPath" >= '{path}' AND "OrgPath" < '{upper}'
                    """);
                cmd.CommandTimeout = 0;
                await using var reader = await cmd.ExecuteReaderAsync();
                await reader.ReadAsync();
                live = [reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)];
            }, 1, Math.Min(reps, 5), 3, TimeSpan.FromSeconds(120));
            var mine = new[] { stats!.ByStage["applicant"], stats.ByStage["activist"], stats.Admitted, stats.Closed };
            var agree = mine.SequenceEqual(live) ? "equal" : $"DIFFER: tallies {string.Join("/", mine)} vs live {string.Join("/", live)}";
            Log.Line($"{label}: applicant/activist/admitted/closed {string.Join("/", mine)} ({agree})");
            rows.Add((label, measured, baseline, $"{string.Join(" / ", mine.Select(n => n.ToString("N0", CultureInfo.InvariantCulture)))} ({agree})"));
        }

        var md = new StringBuilder();
        md.AppendLine("# Development statistics at national scale (issue 16)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {total.Elapsed.TotalMinutes:0.0} min in all, by `bench/run-development.sh` (program `bench/Zhijian.Bench --development-bench`) on a copy of the national dataset (`bench/national-template.sh --copy`). The baseline was measured in the same run, on the same server and data.");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("| --- | --- |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| machine | {Environment.ProcessorCount} cores, .NET {Environment.Version}, Release build |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| database | {version.Split(" on ")[0]}; shared national cluster (fsync off) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| data | {orgs:N0} organizations, {members:N0} League memberships; {records:N0} development records seeded set-based in {seedTime.TotalSeconds:0} s (one membership in five: 40% applicant, 30% activist, 20% member, 10% closed); {tallyRows:N0} per-branch tally rows built in {tallyTime.TotalSeconds:0} s |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| machine load | 1-minute load average {Timing.LoadAverage():0.0} at the end (2 cores shared with other engineers' builds and tests) |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## `GET /api/v1/orgs/{{id}}/development-stats?year={year - 1}` (`DevelopmentQueries.StatsAsync`)");
        md.AppendLine();
        md.AppendLine("Measured: the service in a fresh DI scope, summing the subtree's tally rows over its `OrgPath` range. Baseline: the same figures as one live grouped count of the records over the same range (raw SQL through Npgsql). Target ≤ 2 s.");
        md.AppendLine();
        md.AppendLine("| site | from tallies p50 / p95 (n) | live count p50 / p95 (n) | live ÷ tallies | applicant / activist / admitted / closed |");
        md.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var (label, m, b, agree) in rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {Stats.Ms(m.P50)} / {Stats.Ms(m.P95)} ({m.Count}) | {Stats.Ms(b.P50)} / {Stats.Ms(b.P95)} ({b.Count}) | {b.P50 / m.P50:0.0}× | {agree} |");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
        await File.WriteAllTextAsync(outFile, md.ToString());
        Console.WriteLine(md.ToString());
        return 0;
    }
}
