using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Notices;
using Zhijian.Web.Shared;

namespace Zhijian.Bench;

/// <summary>
/// Notices at national size (issue 18): sending a notice to the subtree closest to 1,000,000 members and reading its rate
/// after 300,000 receipts, against the bare count of the subtree's memberships and a row-per-recipient INSERT on a
/// smaller subtree, in the same run. Usage: Zhijian.Bench --notices-bench --connection CS [--out bench/results/notices.md]
/// </summary>
public static class NoticesBench
{
    public static async Task<int> MainAsync(string[] args)
    {
        var i = Array.LastIndexOf(args, "--connection");
        var connection = i >= 0 && i + 1 < args.Length ? args[i + 1] : throw new ArgumentException("--connection is required");
        var o = Array.LastIndexOf(args, "--out");
        var outFile = o >= 0 && o + 1 < args.Length ? args[o + 1] : Path.Combine("bench", "results", "notices.md");
        await using var app = BenchHost.Build("postgres", connection);
        await using var raw = NpgsqlDataSource.Create(connection);
        await app.InScope(async sp =>
        {
            await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            return 0;
        });

        async Task<(T Value, double Ms)> Timed<T>(Func<Task<T>> work)
        {
            var sw = Stopwatch.StartNew();
            var value = await work();
            return (value, sw.Elapsed.TotalMilliseconds);
        }

        async Task<object?> Scalar(string sql)
        {
            await using var cmd = raw.CreateCommand(sql);
            cmd.CommandTimeout = 0;
            return await cmd.ExecuteScalarAsync();
        }

        var target = await OrgNear(raw, 1_000_000);
        var small = await OrgNear(raw, 100_000);
        var log = new StringBuilder();
        var (count, countMs) = await Timed(() => Scalar(
            $"""SELECT count(*) FROM "Memberships" WHERE "OrgPath" >= '{target.Path}' AND "OrgPath" < '{TreePath.Upper(target.Path)}' AND "State" <> 'Ended'"""));
        var sends = new List<double>();
        NoticeDto? sent = null;
        for (var n = 0; n < 5; n++)
        {
            var (dto, ms) = await Timed(() => app.InScope(sp => sp.GetRequiredService<NoticeService>()
                .SendAsync(new SendNoticeRequest(target.Id, $"基准测试通知 {n + 1}", "正文", "members", true))));
            sends.Add(ms);
            sent = dto;
        }

        await Scalar("CREATE UNLOGGED TABLE IF NOT EXISTS bench_rows (n bigint, p bigint)");
        var (_, perRowMs) = await Timed(() => Scalar(
            $"""INSERT INTO bench_rows SELECT {sent!.Id}, "PersonId" FROM "Memberships" WHERE "OrgPath" >= '{small.Path}' AND "OrgPath" < '{TreePath.Upper(small.Path)}' AND "State" <> 'Ended'"""));
        var (_, seedMs) = await Timed(() => Scalar($"""
            WITH r AS (INSERT INTO "NoticeReads" ("NoticeId", "UserId", "PersonId", "Name", "OrgId", "OrgPath", "ReadAt")
              SELECT {sent!.Id}, NULL, "PersonId", "SortName", "OrgId", "OrgPath", now() FROM "Memberships"
              WHERE "OrgPath" >= '{target.Path}' AND "OrgPath" < '{TreePath.Upper(target.Path)}' AND "State" <> 'Ended' LIMIT 300000
              RETURNING 1)
            UPDATE "Notices" SET "Read" = "Read" + (SELECT count(*) FROM r) WHERE "Id" = {sent.Id}
            """));
        var lists = new List<double>();
        var details = new List<double>();
        NoticeDto? detail = null;
        for (var n = 0; n < 5; n++)
        {
            lists.Add((await Timed(() => app.InScope(sp => sp.GetRequiredService<NoticeService>()
                .ListAsync(target.Id, false, PageRequest.From(1, 20))))).Ms);
            var (d, ms) = await Timed(() => app.InScope(sp => sp.GetRequiredService<NoticeService>().GetAsync(sent!.Id)));
            details.Add(ms);
            detail = d;
        }

        var (readCount, readCountMs) = await Timed(() => Scalar($"""SELECT count(*) FROM "NoticeReads" WHERE "NoticeId" = {sent!.Id}"""));
        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : "n/a";
        static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        log.AppendLine("# Notices at national size (issue 18)").AppendLine()
            .AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, load average `{load}`, PostgreSQL copy of the national dataset")
            .AppendLine("(1,000,000 organizations, 10,000,000 memberships).").AppendLine()
            .AppendLine($"Target subtree: organization {target.Id} with **{target.Members:N0}** members (counters); {count:N0} non-ended memberships by the bare count.")
            .AppendLine().AppendLine("| operation | ms |").AppendLine("| --- | --- |")
            .AppendLine($"| baseline: bare `count(*)` of the subtree's memberships (range scan) | {F(countMs)} |")
            .AppendLine($"| `NoticeService.SendAsync` (recipients from the counters, one row, audit) — 5 runs, median / max | {F(Median(sends))} / {F(sends.Max())} |")
            .AppendLine($"| contrast: one row per recipient, INSERT … SELECT for a {small.Members:N0}-member subtree (org {small.Id}) | {F(perRowMs)} |")
            .AppendLine($"| seeding 300,000 receipts set-based (not part of the product path) | {F(seedMs)} |")
            .AppendLine($"| `ListAsync` of the organization's notices with exact `readRate` — median of 5 | {F(Median(lists))} |")
            .AppendLine($"| `GetAsync` (detail + per-child read counts over the receipts) — median of 5 | {F(Median(details))} |")
            .AppendLine($"| baseline: bare `count(*)` of the notice's receipts | {F(readCountMs)} |").AppendLine()
            .AppendLine($"Notice {sent!.Id}: recipients {detail!.Recipients:N0}, read {detail.Read:N0} (receipt rows: {readCount:N0}), readRate {detail.ReadRate}.")
            .AppendLine($"Send vs bare count: {F(Median(sends) / countMs * 100)} % of the count's time; the list's read rate is a stored counter (no count at read time).");
        Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
        await File.WriteAllTextAsync(outFile, log.ToString());
        Console.WriteLine(log.ToString());
        return 0;
    }

    private static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);

    private sealed record Target(long Id, string Path, long Members);

    private static async Task<Target> OrgNear(NpgsqlDataSource raw, long members)
    {
        await using var cmd = raw.CreateCommand($"""
            SELECT o."Id", o."Path", c."Probationary" + c."Full" + c."LeagueMembers" AS m FROM "OrgCounters" c
            JOIN "Organizations" o ON o."Id" = c."OrgId"
            ORDER BY abs(c."Probationary" + c."Full" + c."LeagueMembers" - {members}) LIMIT 1
            """);
        cmd.CommandTimeout = 0;
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return new Target(r.GetInt64(0), r.GetString(1), r.GetInt64(2));
    }
}
