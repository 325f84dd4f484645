using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Dues;

namespace Zhijian.Bench;

/// <summary>
/// Dues at national scale (issue 15). PostgreSQL, on a copy of the national dataset (bench/national-template.sh): a dues
/// profile for every membership (set-based, chunked INSERT … SELECT), then one month generated through
/// <see cref="DuesLedger.GenerateAsync(long, string, CancellationToken)"/> against a bare <c>INSERT … SELECT</c> of the
/// same rows for the month before (same run, same table and indexes); then the dues report (<see cref="DuesReport.ForAsync"/>)
/// of the root and of the subtree nearest 1,000,000 members against the live aggregate over the lines.
/// SQLite (a temp file): 100,000 memberships seeded by <see cref="BulkSeeder"/>, the same month generation and baseline.
/// Usage: Zhijian.Bench --dues-bench --connection CS [--sqlite-members 100000] [--out bench/results/dues.md]
/// </summary>
public static class DuesBench
{
    private static readonly CultureInfo Ic = CultureInfo.InvariantCulture;

    public static async Task<int> MainAsync(string[] args)
    {
        string? Text(string name)
        {
            var i = Array.LastIndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var connection = Text("--connection");
        var outFile = Text("--out") ?? Path.Combine("bench", "results", "dues.md");
        var sqliteMembers = int.Parse(Text("--sqlite-members") ?? "100000", Ic);
        var total = System.Diagnostics.Stopwatch.StartNew();
        var md = new StringBuilder();
        md.AppendLine("# Dues at national scale (issue 15)");
        md.AppendLine();
        md.AppendLine(Ic, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `bench/run-dues.sh` (program `bench/Zhijian.Bench --dues-bench`). Every baseline was measured in the same run, on the same server, data and table. Machine: {Environment.ProcessorCount} cores shared with five other engineers' builds and tests, .NET {Environment.Version}, Release build.");
        md.AppendLine();
        var sqlite = await SqliteAsync(sqliteMembers);
        if (connection is not null)
        {
            md.Append(await PostgresAsync(connection));
        }

        md.Append(sqlite);
        md.AppendLine();
        md.AppendLine(Ic, $"Whole run: {total.Elapsed.TotalMinutes:0.0} min; 1-minute load average at the end {Timing.LoadAverage():0.0}.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
        await File.WriteAllTextAsync(outFile, md.ToString());
        Console.WriteLine(md.ToString());
        return 0;
    }

    /// <summary>The months generated: the service's (this month) and the baseline's (the month before).</summary>
    private static (DuesMonth Service, DuesMonth Baseline) Months()
    {
        var now = DuesMonth.Of(DateOnly.FromDateTime(DateTime.UtcNow));
        return (now, now.AddMonths(-1));
    }

    /// <summary>Profiles for memberships with id in (lo, hi]: a mix of categories and bases (League rules apply to all).</summary>
    private static string ProfilesSql(long lo, long hi, int from, string now) => $"""
        INSERT INTO "DuesProfiles" ("MembershipId","System","Category","BaseFen","FixedFen","EffectiveFrom","EffectiveTo","Note","UpdatedAt","UpdatedBy")
        SELECT m."Id", m."System",
               CASE m."Id" % 10 WHEN 0 THEN 'Student' WHEN 1 THEN 'Unemployed' WHEN 2 THEN 'Fixed' ELSE 'Employed' END,
               CASE WHEN m."Id" % 10 >= 3 THEN 150000 + (m."Id" % 97) * 10000 END,
               CASE WHEN m."Id" % 10 = 2 THEN 500 END, {from}, NULL, NULL, {now}, 'bench'
        FROM "Memberships" m WHERE m."Id" > {lo} AND m."Id" <= {hi}
        """;

    /// <summary>The baseline: the generation's rows for <paramref name="month"/> as one bare INSERT … SELECT (no checks, no rollup).</summary>
    private static string BareInsertSql(string amount, int month, string prefix, string upper) => $"""
        INSERT INTO "DuesLines" ("MembershipId", "PersonId", "System", "OrgId", "OrgPath", "Month", "AmountFen", "PaidFen", "State")
        SELECT m."Id", m."PersonId", m."System", m."OrgId", m."OrgPath", {month}, {amount}, 0, 'Due'
        FROM "Memberships" m
        JOIN "DuesProfiles" p ON p."MembershipId" = m."Id" AND p."EffectiveFrom" <= {month}
            AND (p."EffectiveTo" IS NULL OR p."EffectiveTo" > {month})
        WHERE m."OrgPath" >= '{prefix}' AND m."OrgPath" < '{upper}' AND m."State" IN ('Active', 'Flowing')
        """;

    private static async Task<long> ExecAsync(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        return await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T), Ic);
    }

    /// <summary>The League rules' amount expression of the month (the service builds the same one).</summary>
    private static Task<string> AmountSqlAsync(Microsoft.AspNetCore.Builder.WebApplication app, long rootId, DuesMonth month) =>
        app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<ZhijianDbContext>();
            var system = await db.Organizations.Where(o => o.Id == rootId).Select(o => o.System).FirstAsync();
            var set = await sp.GetRequiredService<Zhijian.Web.Features.Rules.RuleBook>().CurrentAsync();
            return DuesRules.For(set, system, month).Sql();
        });

    private static async Task<string> PostgresAsync(string connection)
    {
        await using var app = BenchHost.Build("postgres", connection);
        await using var raw = NpgsqlDataSource.Create(connection);
        await using var conn = await raw.OpenConnectionAsync();
        await app.InScope(async sp =>
        {
            await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            return 0;
        });
        var version = await ScalarAsync<string>(conn, "SELECT version()");
        var orgs = await ScalarAsync<long>(conn, """SELECT count(*) FROM "Organizations" """);
        var members = await ScalarAsync<long>(conn, """SELECT count(*) FROM "Memberships" """);
        var (month, baseMonth) = Months();
        await ExecAsync(conn, """TRUNCATE "DuesLines", "DuesMonthTotals", "DuesProfiles" """);
        Log.Line($"PostgreSQL: {orgs:N0} organizations, {members:N0} memberships; seeding profiles");
        var maxId = await ScalarAsync<long>(conn, """SELECT max("Id") FROM "Memberships" """);
        var profileTime = await Timing.OnceAsync(async () =>
        {
            for (long lo = 0; lo < maxId; lo += 2_000_000)
            {
                await ExecAsync(conn, ProfilesSql(lo, lo + 2_000_000, baseMonth.Key, "now()"));
                Log.Line($"  profiles up to membership {lo + 2_000_000:N0}");
            }
        });
        var profiles = await ScalarAsync<long>(conn, """SELECT count(*) FROM "DuesProfiles" """);
        await ExecAsync(conn, """VACUUM ANALYZE "DuesProfiles"; ANALYZE "Memberships";""");
        Log.Line($"{profiles:N0} profiles in {profileTime.TotalSeconds:0} s");

        var rootId = await ScalarAsync<long>(conn, """SELECT "Id" FROM "Organizations" WHERE "ParentId" IS NULL ORDER BY "Id" LIMIT 1""");
        var rootPath = await ScalarAsync<string>(conn, $"""SELECT "Path" FROM "Organizations" WHERE "Id" = {rootId}""");
        var amount = await AmountSqlAsync(app, rootId, baseMonth);
        var bareRows = 0L;
        var bare = await Timing.OnceAsync(async () =>
            bareRows = await ExecAsync(conn, BareInsertSql(amount, baseMonth.Key, rootPath, rootPath[..^1] + "0")));
        Log.Line($"bare INSERT … SELECT of {baseMonth}: {bareRows:N0} rows in {bare.TotalSeconds:0.0} s");
        await ExecAsync(conn, """ANALYZE "DuesLines";""");

        GenerateResult? generated = null;
        var service = await Timing.OnceAsync(async () => generated = await app.InScope(sp =>
            sp.GetRequiredService<DuesLedger>().GenerateAsync(rootId, month.ToString())));
        Log.Line($"DuesLedger.GenerateAsync of {month}: {generated!.Created:N0} created in {service.TotalSeconds:0.0} s");
        await ExecAsync(conn, """ANALYZE "DuesLines"; ANALYZE "DuesMonthTotals";""");

        var s = new StringBuilder();
        s.AppendLine("## PostgreSQL, national dataset");
        s.AppendLine();
        s.AppendLine("| | |");
        s.AppendLine("| --- | --- |");
        s.AppendLine(Ic, $"| database | {version.Split(" on ")[0]}; shared national cluster on 127.0.0.1:55432 (fsync, synchronous_commit, full_page_writes off), a copy of `national` |");
        s.AppendLine(Ic, $"| data | {orgs:N0} organizations, {members:N0} League memberships; {profiles:N0} dues profiles inserted set-based in {profileTime.TotalSeconds:0} s (5 chunked `INSERT … SELECT`; 10% student, 10% unemployed, 10% fixed 5 yuan, 70% employed with bases 1,500–11,100 yuan) |");
        s.AppendLine(Ic, $"| load | 1-minute load average {Timing.LoadAverage():0.0} after the generation |");
        s.AppendLine();
        s.AppendLine("### Generating a month for the root (10,000,000 lines); target ≤ 60 s");
        s.AppendLine();
        s.AppendLine("| | rows | time | ÷ bare |");
        s.AppendLine("| --- | --- | --- | --- |");
        s.AppendLine(Ic, $"| bare `INSERT … SELECT` of the same join and amount expression ({baseMonth}, one statement, no rollup, no checks) | {bareRows:N0} | {bare.TotalSeconds:0.0} s | 1.0× |");
        s.AppendLine(Ic, $"| `DuesLedger.GenerateAsync` ({month}): advisory lock, chunks of 200,000 memberships, `ON CONFLICT DO NOTHING`, month totals rollup, billable and missing-profile counts, audit, one transaction | {generated.Created:N0} | {service.TotalSeconds:0.0} s | {service / bare:0.00}× |");
        s.AppendLine();
        s.Append(await ReportAsync(app, conn, rootId, rootPath, month));
        return s.ToString();
    }

    private static async Task<string> ReportAsync(Microsoft.AspNetCore.Builder.WebApplication app, DbConnection conn, long rootId,
        string rootPath, DuesMonth month)
    {
        var (subjectId, subjectMembers) = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<ZhijianDbContext>();
            var sizes = await db.OrgCounters.AsNoTracking()
                .Select(c => new { c.OrgId, Members = c.Probationary + c.Full + c.LeagueMembers }).ToListAsync();
            var subject = sizes.OrderBy(x => Math.Abs(x.Members - 1_000_000)).First();
            return (subject.OrgId, subject.Members);
        });
        var subjectPath = await ScalarAsync<string>(conn, $"""SELECT "Path" FROM "Organizations" WHERE "Id" = {subjectId}""");
        var s = new StringBuilder();
        s.AppendLine(Ic, $"### Dues report `GET /orgs/{{id}}/dues-report?from={month}&to={month}`; target ≤ 2 s");
        s.AppendLine();
        s.AppendLine("Measured: `DuesReport.ForAsync` in a fresh DI scope (totals, by month, by child organization, from `DuesMonthTotals`). Baseline: the live aggregate (lines, due, paid, waived) of the subtree's lines of the period over the same `OrgPath` range, one SQL statement (the report's totals only, without the per-child rows).");
        s.AppendLine();
        s.AppendLine("| subtree | service p50 / p95 (n) | live aggregate p50 / p95 (n) | live ÷ service | lines (service / live) |");
        s.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var (label, id, path) in new[] { ("root", rootId, rootPath), ($"org {subjectId} ({subjectMembers:N0} members)", subjectId, subjectPath) })
        {
            DuesReportDto? report = null;
            var measured = await Timing.MeasureAsync($"dues report {label}", async _ =>
                report = await app.InScope(sp => sp.GetRequiredService<DuesReport>().ForAsync(id, month.ToString(), month.ToString())),
                1, 10, 3, TimeSpan.FromSeconds(60));
            long liveLines = 0;
            var baseline = await Timing.MeasureAsync($"live aggregate {label}", async _ => liveLines = await ScalarAsync<long>(conn, $"""
                SELECT count(*) + 0 * COALESCE(sum("AmountFen") + sum("PaidFen") + sum(CASE WHEN "State" = 'Waived' THEN "AmountFen" ELSE 0 END), 0)
                FROM "DuesLines" WHERE "OrgPath" >= '{path}' AND "OrgPath" < '{path[..^1]}0' AND "Month" = {month.Key}
                """), 1, 5, 3, TimeSpan.FromSeconds(120));
            var lines = report!.ByMonth.Sum(m => m.Members);
            s.AppendLine(Ic, $"| {label} | {Stats.Ms(measured.P50)} / {Stats.Ms(measured.P95)} ({measured.Count}) | {Stats.Ms(baseline.P50)} / {Stats.Ms(baseline.P95)} ({baseline.Count}) | {baseline.P50 / measured.P50:0.0}× | {lines:N0} / {liveLines:N0}{(lines == liveLines ? " (equal)" : " (DIFFER)")} |");
        }

        s.AppendLine();
        return s.ToString();
    }

    private static async Task<string> SqliteAsync(int memberCount)
    {
        var file = Path.Combine(Path.GetTempPath(), $"zhijian-dues-bench-{Guid.NewGuid():N}.db");
        var connection = $"Data Source={file}";
        try
        {
            await using var app = BenchHost.Build("sqlite", connection);
            await app.InScope(async sp =>
            {
                await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
                await sp.GetRequiredService<BulkSeeder>().SeedAsync(Math.Max(memberCount / 100, 10), memberCount);
                return 0;
            });
            await using var conn = new SqliteConnection(connection);
            await conn.OpenAsync();
            var (month, baseMonth) = Months();
            var members = await ScalarAsync<long>(conn, """SELECT count(*) FROM "Memberships" """);
            var orgs = await ScalarAsync<long>(conn, """SELECT count(*) FROM "Organizations" """);
            var profileTime = await Timing.OnceAsync(() =>
                ExecAsync(conn, ProfilesSql(0, long.MaxValue, baseMonth.Key, "'2026-01-01 00:00:00+00:00'")));
            await ExecAsync(conn, "ANALYZE");
            var rootId = await ScalarAsync<long>(conn, """SELECT "Id" FROM "Organizations" WHERE "ParentId" IS NULL ORDER BY "Id" LIMIT 1""");
            var rootPath = await ScalarAsync<string>(conn, $"""SELECT "Path" FROM "Organizations" WHERE "Id" = {rootId}""");
            var amount = await AmountSqlAsync(app, rootId, baseMonth);
            var bareRows = 0L;
            var bare = await Timing.OnceAsync(async () =>
                bareRows = await ExecAsync(conn, BareInsertSql(amount, baseMonth.Key, rootPath, rootPath[..^1] + "0")));
            GenerateResult? generated = null;
            var service = await Timing.OnceAsync(async () => generated = await app.InScope(sp =>
                sp.GetRequiredService<DuesLedger>().GenerateAsync(rootId, month.ToString())));
            Log.Line($"SQLite: bare {bareRows:N0} rows in {bare.TotalSeconds:0.00} s; service {generated!.Created:N0} in {service.TotalSeconds:0.00} s");
            var version = await ScalarAsync<string>(conn, "SELECT sqlite_version()");
            var s = new StringBuilder();
            s.AppendLine("## SQLite, a month for 100,000 members; target ≤ 5 s");
            s.AppendLine();
            s.AppendLine(Ic, $"SQLite {version} in a temp file; {orgs:N0} organizations and {members:N0} memberships seeded by `BulkSeeder`, {members:N0} profiles in {profileTime.TotalSeconds:0.00} s (one `INSERT … SELECT`). Load average {Timing.LoadAverage():0.0}.");
            s.AppendLine();
            s.AppendLine("| | rows | time | ÷ bare |");
            s.AppendLine("| --- | --- | --- | --- |");
            s.AppendLine(Ic, $"| bare `INSERT … SELECT` ({baseMonth}) | {bareRows:N0} | {bare.TotalSeconds:0.00} s | 1.0× |");
            s.AppendLine(Ic, $"| `DuesLedger.GenerateAsync` ({month}) | {generated.Created:N0} | {service.TotalSeconds:0.00} s | {service / bare:0.00}× |");
            s.AppendLine();
            return s.ToString();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        }
    }
}
