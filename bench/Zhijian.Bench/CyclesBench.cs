using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Elections;
using Zhijian.Web.Features.Evaluations;
using Zhijian.Web.Shared;

namespace Zhijian.Bench;

/// <summary>
/// The yearly cycles at national size (issue 17), on a copy of the national dataset (bench/national-template.sh): the
/// registration statistics (one rollup row; the former sum of the branch tallies measured beside it), the evaluation board
/// and the terms board of the root, each against the live aggregate over the base rows in the same run. Usage: Zhijian.Bench --cycles-bench --connection CS [--out bench/results/cycles.md]
/// </summary>
public static class CyclesBench
{
    public static async Task<int> MainAsync(string[] args)
    {
        string? Text(string name)
        {
            var i = Array.LastIndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var connection = Text("--connection") ?? throw new ArgumentException("--connection is required");
        var outFile = Text("--out") ?? Path.Combine("bench", "results", "cycles.md");
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

        async Task Drain(string sql)
        {
            await using var cmd = raw.CreateCommand(sql);
            cmd.CommandTimeout = 0;
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
            }
        }

        var migrate = await Timing.OnceAsync(() => app.InScope(async sp =>
        {
            await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            return 0;
        }));
        var version = await Scalar<string>("SELECT version()");
        var orgs = await Scalar<long>("""SELECT count(*) FROM "Organizations" """);
        var memberships = await Scalar<long>("""SELECT count(*) FROM "Memberships" """);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var year = today.Year - 1;
        Log.Line($"migrated in {migrate.TotalSeconds:0.0} s; {orgs:N0} organizations, {memberships:N0} memberships");

        // ---- data: terms spread over the last four years (some ending, some overdue); last year's registrations for
        // nine League branches in ten, 90% of each branch's members, with the per-branch tally rows.
        var termsTime = await Timing.OnceAsync(() => Exec($"""
            UPDATE "Organizations" SET "TermStartedOn" = DATE '{today:yyyy-MM-dd}' - (("Id" * 7919) % 1460)::int, "TermYears" = 3
            WHERE "Kind" <> 'Group';
            UPDATE "Organizations" SET "TermEndsOn" = ("TermStartedOn" + make_interval(years => "TermYears"))::date WHERE "TermStartedOn" IS NOT NULL;
            """));
        var regTime = await Timing.OnceAsync(() => Exec($"""
            INSERT INTO "Registrations" ("OrgId","OrgPath","Year","MembershipId","PersonId","EvaluationId","RegisteredAt")
            SELECT m."OrgId", m."OrgPath", {year}, m."Id", m."PersonId", NULL, now()
            FROM "Memberships" m
            WHERE m."System" = 'League' AND m."State" <> 'Ended' AND m."OrgId" % 10 <> 0 AND m."Id" % 10 <> 0;
            INSERT INTO "RegistrationTallies" ("OrgId","Year","OrgPath","Members","Registered","UpdatedAt")
            SELECT o."Id", {year}, o."Path", c."LeagueMembers", coalesce(r.n, 0), now()
            FROM "Organizations" o JOIN "OrgCounters" c ON c."OrgId" = o."Id"
            LEFT JOIN (SELECT "OrgId", count(*) n FROM "Registrations" WHERE "Year" = {year} GROUP BY "OrgId") r ON r."OrgId" = o."Id"
            WHERE o."System" = 'League' AND o."Kind" = 'Branch' AND o."Id" % 10 <> 0;
            ANALYZE "Organizations"; ANALYZE "Registrations"; ANALYZE "RegistrationTallies";
            """));
        var rollupTime = await Timing.OnceAsync(() => Exec(RegistrationRollups.RebuildSql + """ ANALYZE "RegistrationRollups";"""));
        var rollups = await Scalar<long>($"""SELECT count(*) FROM "RegistrationRollups" WHERE "Year" = {year}""");
        var registrations = await Scalar<long>($"""SELECT count(*) FROM "Registrations" WHERE "Year" = {year}""");
        var tallies = await Scalar<long>($"""SELECT count(*) FROM "RegistrationTallies" WHERE "Year" = {year}""");
        Log.Line($"terms in {termsTime.TotalSeconds:0} s; {registrations:N0} registrations, {tallies:N0} tallies in {regTime.TotalSeconds:0} s");

        var rootId = await Scalar<long>("""SELECT "Id" FROM "Organizations" WHERE "ParentId" IS NULL ORDER BY "Id" LIMIT 1""");
        var rootPath = await Scalar<string>($"""SELECT "Path" FROM "Organizations" WHERE "Id" = {rootId}""");
        var upper = TreePath.Upper(rootPath);
        var horizon = today.AddMonths(6);
        var window = TimeSpan.FromSeconds(90);

        var stats = await Timing.MeasureAsync("registration-stats root", _ => app.InScope(sp =>
            sp.GetRequiredService<RegistrationService>().StatsAsync(rootId, year)), 1, 5, 2, window);
        var statsLive = await Timing.MeasureAsync("live aggregate: members and registrations of the root", async _ =>
        {
            await Drain($"""SELECT count(*) FROM "Memberships" WHERE "OrgPath" >= '{rootPath}' AND "OrgPath" < '{upper}' AND "System" = 'League' AND "State" <> 'Ended'""");
            await Drain($"""SELECT count(*) FROM "Registrations" WHERE "OrgPath" >= '{rootPath}' AND "OrgPath" < '{upper}' AND "Year" = {year}""");
        }, 1, 5, 2, window);
        var tallySum = await Timing.MeasureAsync("before: sum of the branch tallies by path range", _ => Drain($"""
            SELECT sum("Registered") FROM "RegistrationTallies" WHERE "Year" = {year} AND "OrgPath" >= '{rootPath}' AND "OrgPath" < '{upper}'
            """), 1, 5, 2, window);
        var evalBoard = await Timing.MeasureAsync("evaluation board root, not started, page 1", _ => app.InScope(sp =>
            sp.GetRequiredService<EvaluationBoard>().BoardAsync(rootId, year, "leagueEducation", "notStarted", PageRequest.From(1, 20))), 1, 5, 2, window);
        var evalBoardLive = await Timing.MeasureAsync("live aggregate: count of the root's active League branches", _ => Drain($"""
            SELECT count(*) FROM "Organizations"
            WHERE "Path" >= '{rootPath}' AND "Path" < '{upper}' AND "Status" = 'Active' AND "Kind" = 'Branch' AND "System" = 'League'
            """), 1, 5, 2, window);
        var evalTotal = (await app.InScope(sp => sp.GetRequiredService<EvaluationBoard>().BoardAsync(rootId, year, "leagueEducation", "notStarted", PageRequest.From(1, 1)))).Total;
        var board = await Timing.MeasureAsync("terms board root", _ => app.InScope(sp =>
            sp.GetRequiredService<TermBoard>().ListAsync(rootId, subtree: true, null, PageRequest.From(1, 20))), 1, 5, 2, window);
        var boardLive = await Timing.MeasureAsync("live aggregate: terms from start + years", _ => Drain($"""
            SELECT count(*) FROM "Organizations"
            WHERE "Path" >= '{rootPath}' AND "Path" < '{upper}' AND "Status" = 'Active' AND "Kind" <> 'Group' AND "TermStartedOn" IS NOT NULL
              AND ("TermStartedOn" + make_interval(years => coalesce("TermYears", 3), months => "TermExtendedMonths"))::date <= DATE '{horizon:yyyy-MM-dd}'
            """), 1, 5, 2, window);
        var boardTotal = (await app.InScope(sp => sp.GetRequiredService<TermBoard>().ListAsync(rootId, true, null, PageRequest.From(1, 1)))).Total;
        var rate = (await app.InScope(sp => sp.GetRequiredService<RegistrationService>().StatsAsync(rootId, year))).Rate;

        var md = new StringBuilder();
        string Ms(double v) => Stats.Ms(v);
        md.AppendLine("# The yearly cycles at national size: registration statistics and the terms board (issue 17)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {total.Elapsed.TotalMinutes:0.0} min in all, by `bench/run-cycles.sh` (program `bench/Zhijian.Bench --cycles-bench`) on a copy of the national dataset (`bench/national-template.sh --copy`). Baselines were measured in the same run, on the same server and data.");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("| --- | --- |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| machine | {Environment.ProcessorCount} cores, .NET {Environment.Version}, Release build |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| database | {version.Split(" on ")[0]}; the national cluster's settings (fsync/synchronous_commit/full_page_writes off) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| data | {orgs:N0} organizations, {memberships:N0} memberships (`BulkSeeder`); migration {migrate.TotalSeconds:0} s; terms of every non-group organization spread over four years ({termsTime.TotalSeconds:0} s); {registrations:N0} registrations of {year} and {tallies:N0} branch tallies, generated in SQL ({regTime.TotalSeconds:0} s); {rollups:N0} registration rollups of {year} rebuilt from the tallies by `RegistrationRollups.RebuildSql` ({rollupTime.TotalSeconds:0} s) |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| machine load | 1-minute load average {Timing.LoadAverage():0.0} at the end (2 cores shared with other engineers' builds and tests) |");
        md.AppendLine();
        md.AppendLine("| operation (root, whole country) | service p50 / p95 (n) | live aggregate p50 / p95 (n) | ratio |");
        md.AppendLine("| --- | --- | --- | --- |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| `GET /orgs/{{id}}/registration-stats` (`RegistrationService.StatsAsync`: subtree counter + the root's rollup row + first 500 branches; rate {rate:P1}) | {Ms(stats.P50)} / {Ms(stats.P95)} ({stats.Count}) | {Ms(statsLive.P50)} / {Ms(statsLive.P95)} ({statsLive.Count}): count of League memberships + count of registrations by path range | {stats.P50 / statsLive.P50:0.00}× |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| the previous run's registered figure: sum of {tallies:N0} branch tallies by path range (bare SQL) | {Ms(tallySum.P50)} / {Ms(tallySum.P95)} ({tallySum.Count}) | | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| `GET /orgs/{{id}}/evaluations/board?status=notStarted` (`EvaluationBoard.BoardAsync`, page 1 of 20 with exact total {evalTotal:N0}; no campaigns seeded) | {Ms(evalBoard.P50)} / {Ms(evalBoard.P95)} ({evalBoard.Count}) | {Ms(evalBoardLive.P50)} / {Ms(evalBoardLive.P95)} ({evalBoardLive.Count}): count of the active League branches by path range | {evalBoard.P50 / evalBoardLive.P50:0.00}× |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| `GET /orgs/{{id}}/terms?subtree=true` (`TermBoard.ListAsync`, page 1 of 20 with exact total {boardTotal:N0}) | {Ms(board.P50)} / {Ms(board.P95)} ({board.Count}) | {Ms(boardLive.P50)} / {Ms(boardLive.P95)} ({boardLive.Count}): count computing each end from start + years + extension | {board.P50 / boardLive.P50:0.00}× |");
        md.AppendLine();
        md.AppendLine("Target: each ≤ 2 s at the root.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
        await File.WriteAllTextAsync(outFile, md.ToString());
        Console.WriteLine(md.ToString());
        return 0;
    }
}
