using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Alerts;
using Zhijian.Web.Features.Meetings;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Bench;

/// <summary>
/// Organizational life at scale (issue 7): the compliance board of the root and the alert scan over a bulk-seeded
/// tree with generated meeting records, each against a raw SQL baseline in the same run, and the latency of a
/// request-like service call while the scan runs against the same call with the machine otherwise idle.
/// Usage: Zhijian.Bench --meetings-bench --connection CS [--orgs 100000] [--members 100000] [--out bench/results/meetings.md]
/// </summary>
public static class MeetingsBench
{
    public static async Task<int> MainAsync(string[] args)
    {
        string? Text(string name)
        {
            var i = Array.LastIndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var connection = Text("--connection") ?? throw new ArgumentException("--connection is required");
        var orgs = int.Parse(Text("--orgs") ?? "100000", CultureInfo.InvariantCulture);
        var members = long.Parse(Text("--members") ?? "100000", CultureInfo.InvariantCulture);
        var outFile = Text("--out") ?? Path.Combine("bench", "results", "meetings.md");
        var note = Text("--server-note") ?? "";
        var total = Stopwatch.StartNew();

        await using var app = BenchHost.Build("postgres", connection);
        await using var raw = NpgsqlDataSource.Create(connection);

        Task<T> InScope<T>(Func<IServiceProvider, Task<T>> work) => app.InScope(work);

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

        await InScope(async sp =>
        {
            await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            return 0;
        });
        var version = await Scalar<string>("SELECT version()");

        // ---- data: the bulk seeder's tree, branches established in 2020, meeting records generated in SQL.
        Log.Line($"seeding {orgs:N0} organizations, {members:N0} memberships");
        var seedTime = await Timing.OnceAsync(() => InScope(sp => sp.GetRequiredService<BulkSeeder>().SeedAsync(orgs, members)));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var year = today.Year;
        await Exec("""UPDATE "Organizations" SET "EstablishedOn" = DATE '2020-01-01', "TermStartedOn" = CASE WHEN "Id" % 10 = 0 THEN DATE '2023-06-01' WHEN "Id" % 10 = 1 THEN DATE '2024-03-01' ELSE DATE '2025-01-01' END, "TermYears" = 3""");
        var branches = await Scalar<long>("""SELECT count(*) FROM "Organizations" WHERE "Kind" = 'Branch'""");
        // 支委会 and 主题团日 every month up to the last ended one, 支部大会 every ended quarter; one branch in ten
        // skips the month before last of each, one record in twenty is late, one 支部大会 in ten misses its quorum.
        var lastMonth = today.Month - 1;
        var genTime = await Timing.OnceAsync(() => Exec($"""
            INSERT INTO "Meetings" ("System","OrgId","OrgPath","BranchId","Type","State","PlannedOn","HeldOn","HeldMonth","HeldQuarter","HeldYear",
                                    "RecordedAt","Late","Flagged","Versions","SignInToken","CreatedAt","CreatedBy")
            SELECT o."System", o."Id", o."Path", o."Id", t.type, 'Recorded', d.day, d.day,
                   {year} * 100 + m, {year} * 10 + (m - 1) / 3 + 1, {year},
                   now(), (o."Id" + m) % 20 = 0, t.type = 'branchCongress' AND o."Id" % 10 = 3, 1, md5(o."Id"::text || t.type || m), now(), 'bench'
            FROM "Organizations" o
            CROSS JOIN generate_series(1, {lastMonth}) AS m
            CROSS JOIN (VALUES ('committee'), ('themeDay'), ('branchCongress')) AS t(type)
            CROSS JOIN LATERAL (SELECT make_date({year}, m, 10) AS day) d
            WHERE o."Kind" = 'Branch'
              AND (t.type <> 'branchCongress' OR m % 3 = 0)
              AND NOT (o."Id" % 10 = 7 AND m = {lastMonth - 1})
            """));
        var meetings = await Scalar<long>("""SELECT count(*) FROM "Meetings" """);
        await Exec("""ANALYZE "Meetings"; ANALYZE "Organizations";""");
        Log.Line($"seeded in {seedTime.TotalSeconds:0.0} s; {meetings:N0} meetings in {genTime.TotalSeconds:0.0} s");

        var rootId = await Scalar<long>("""SELECT "Id" FROM "Organizations" WHERE "ParentId" IS NULL ORDER BY "Id" LIMIT 1""");
        var level1 = await Scalar<long>($"""SELECT "Id" FROM "Organizations" WHERE "ParentId" = {rootId} ORDER BY "Id" LIMIT 1""");
        var branchId = await Scalar<long>("""SELECT "Id" FROM "Organizations" WHERE "Kind" = 'Branch' ORDER BY "Id" DESC LIMIT 1""");
        var rootPath = await Scalar<string>($"""SELECT "Path" FROM "Organizations" WHERE "Id" = {rootId}""");
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);

        // ---- compliance board
        var rows = new List<(string Label, Stats Measured, Stats Baseline)>();
        async Task Board(string label, long id, string path, int reps)
        {
            var measured = await Timing.MeasureAsync($"compliance {label}", _ => InScope(sp =>
                sp.GetRequiredService<MeetingCompliance>().ReportAsync(id, from, to, PageRequest.From(1, 50))), 1, reps, 3,
                TimeSpan.FromSeconds(60));
            var upper = path[..^1] + "0";
            var baseline = await Timing.MeasureAsync($"raw aggregate {label}", async _ =>
            {
                await using var cmd = raw.CreateCommand($"""
                    SELECT "BranchId", "Type", count(*), count(DISTINCT "HeldMonth"), count(DISTINCT "HeldQuarter"),
                           count(DISTINCT "HeldYear"), count(*) FILTER (WHERE "Late"), count(*) FILTER (WHERE "Flagged")
                    FROM "Meetings" WHERE "OrgPath" >= '{path}' AND "OrgPath" < '{upper}' AND "State" = 'Recorded'
                      AND "HeldOn" >= DATE '{from:yyyy-MM-dd}' AND "HeldOn" <= DATE '{to:yyyy-MM-dd}'
                    GROUP BY "BranchId", "Type"
                    """);
                cmd.CommandTimeout = 0;
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                }
            }, 1, reps, 3, TimeSpan.FromSeconds(60));
            rows.Add((label, measured, baseline));
        }

        var level1Path = await Scalar<string>($"""SELECT "Path" FROM "Organizations" WHERE "Id" = {level1}""");
        var branchPath = await Scalar<string>($"""SELECT "Path" FROM "Organizations" WHERE "Id" = {branchId}""");
        await Board("root", rootId, rootPath, 5);
        await Board("level-1 committee", level1, level1Path, 10);
        await Board("branch", branchId, branchPath, 50);

        // ---- alert scan: first run (opens everything), second run (idempotent), each timed.
        var idle = await Timing.MeasureAsync("request alone (headline + meetings list of a branch)", _ => Request(), 5, 200, 50,
            TimeSpan.FromSeconds(20));
        async Task Request()
        {
            await InScope(async sp =>
            {
                await sp.GetRequiredService<OrganizationService>().GetAsync(level1);
                return await sp.GetRequiredService<MeetingService>().ListAsync(branchId, false, null, null, null, null,
                    PageRequest.From(1, 20));
            });
        }

        var samples = new List<double>();
        AlertScanRun? first = null;
        var scanTask = Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            first = await scope.ServiceProvider.GetRequiredService<AlertScanner>().RunAsync(null, "bench");
        });
        while (!scanTask.IsCompleted)
        {
            var start = Stopwatch.GetTimestamp();
            await Request();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            await Task.Delay(50);
        }

        await scanTask;
        var during = Stats.Of("request while the first scan runs", samples);
        Log.Line(during.ToString());
        AlertScanRun? second = null;
        var secondTime = await Timing.OnceAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            second = await scope.ServiceProvider.GetRequiredService<AlertScanner>().RunAsync(null, "bench");
        });
        var alertCounts = await Scalar<string>("""SELECT string_agg("Type"::text || ':' || c::text, ', ' ORDER BY "Type") FROM (SELECT "Type", count(*) c FROM "Alerts" GROUP BY "Type") x""");
        // Baseline for the scan: the raw reads it cannot avoid (all active branches, their records of the window).
        var scanBaseline = await Timing.OnceAsync(async () =>
        {
            await using (var cmd = raw.CreateCommand("""SELECT "Id", "ShortName", "EstablishedOn", "CreatedAt" FROM "Organizations" WHERE "Kind" = 'Branch' AND "Status" = 'Active'"""))
            {
                cmd.CommandTimeout = 0;
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync())
                {
                }
            }

            await using (var cmd = raw.CreateCommand($"""SELECT DISTINCT "BranchId", "Type", "HeldOn" FROM "Meetings" WHERE "State" = 'Recorded' AND "HeldOn" >= DATE '{today.AddMonths(-4):yyyy-MM-dd}' AND "HeldOn" < DATE '{today:yyyy-MM-dd}'"""))
            {
                cmd.CommandTimeout = 0;
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync())
                {
                }
            }
        });

        // ---- report
        var md = new StringBuilder();
        string Ms(double v) => Stats.Ms(v);
        md.AppendLine("# Organizational life at scale: compliance board and alert scan (issue 7)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {total.Elapsed.TotalMinutes:0.0} min in all, by `bench/run-meetings.sh` (program `bench/Zhijian.Bench --meetings-bench`). Baselines were measured in the same run, on the same server and data.");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("| --- | --- |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| machine | {Environment.ProcessorCount} cores, .NET {Environment.Version}, Release build |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| database | {version.Split(" on ")[0]}; {note} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| data | {orgs:N0} organizations ({branches:N0} branches), {members:N0} memberships (`BulkSeeder`, {seedTime.TotalSeconds:0} s); {meetings:N0} meeting records generated in SQL ({genTime.TotalSeconds:0} s): 支委会 and 主题团日 monthly, 支部大会 quarterly, January to {lastMonth}/{year}; one branch in ten skipped month {lastMonth - 1}; 5% late, 10% of 支部大会 without quorum |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| machine load | 1-minute load average {Timing.LoadAverage():0.0} at the end (2 cores shared with other engineers' builds and tests) |");
        md.AppendLine();
        md.AppendLine("## Compliance board (`GET /api/v1/orgs/{id}/meeting-compliance`, `MeetingCompliance.ReportAsync`, first page of 50 branches, whole year)");
        md.AppendLine();
        md.AppendLine("Baseline: the same grouped aggregate as raw SQL through Npgsql, rows read and dropped. Ratio = service p50 ÷ baseline p50.");
        md.AppendLine();
        md.AppendLine("| site | service p50 / p95 (n) | raw aggregate p50 / p95 (n) | ratio |");
        md.AppendLine("| --- | --- | --- | --- |");
        foreach (var (label, m, b) in rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {Ms(m.P50)} / {Ms(m.P95)} ({m.Count}) | {Ms(b.P50)} / {Ms(b.P95)} ({b.Count}) | {m.P50 / b.P50:0.00}× |");
        }

        md.AppendLine();
        md.AppendLine("## Alert scan (`AlertScanner.RunAsync`: meeting, term and League-age sources)");
        md.AppendLine();
        md.AppendLine("| run | duration | conditions | opened | resolved |");
        md.AppendLine("| --- | --- | --- | --- | --- |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| first (empty alert table) | {first!.DurationMs / 1000.0:0.0} s | {first.Conditions:N0} | {first.Opened:N0} | {first.Resolved:N0} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| second (nothing changed) | {second!.DurationMs / 1000.0:0.0} s (wall {secondTime.TotalSeconds:0.0} s) | {second.Conditions:N0} | {second.Opened:N0} | {second.Resolved:N0} |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Alerts by type after the runs: {alertCounts}. Baseline: the two raw reads the meeting source cannot avoid (every active branch, and the records of the look-back window) took {scanBaseline.TotalSeconds:0.0} s together; the second run's ratio to it is {second.DurationMs / scanBaseline.TotalMilliseconds:0.0}×.");
        md.AppendLine();
        md.AppendLine("## A request while the scan runs");
        md.AppendLine();
        md.AppendLine("The request: a level-1 committee's headline (`OrganizationService.GetAsync`) plus a branch's meeting list (`MeetingService.ListAsync`), each in a fresh DI scope as a request would be, one at a time, 50 ms apart while the scan ran in its own scope.");
        md.AppendLine();
        md.AppendLine("| | p50 | p95 | max | n |");
        md.AppendLine("| --- | --- | --- | --- | --- |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| scan idle (baseline) | {Ms(idle.P50)} | {Ms(idle.P95)} | {Ms(idle.Max)} | {idle.Count} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| during the first scan | {Ms(during.P50)} | {Ms(during.P95)} | {Ms(during.Max)} | {during.Count} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| ratio (during ÷ idle) | {during.P50 / idle.P50:0.00}× | {during.P95 / idle.P95:0.00}× | | |");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
        await File.WriteAllTextAsync(outFile, md.ToString());
        Console.WriteLine(md.ToString());
        return 0;
    }
}
