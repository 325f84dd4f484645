using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Transfers;
using Zhijian.Web.Shared;

namespace Zhijian.Bench;

/// <summary>
/// Issue 6's benchmark: a graduate batch transfer through <see cref="TransferBatchService"/> (N members on
/// PostgreSQL, a smaller N on SQLite) against a bare <c>INSERT … SELECT</c> of the same rows in the same run,
/// and <see cref="TransferStatistics.ForAsync"/> for the root over a year of decisions against a bare grouped query.
/// </summary>
public static class TransferBench
{
    public sealed record Options(string? Connection, int Orgs, int Members, int PgBatch, int SqliteOrgs, int SqliteMembers,
        int SqliteBatch, string Out, string ServerNote);

    private sealed record Row(string Database, string Dataset, string Operation, double Seconds, double BaselineSeconds, string Note);

    public static async Task<int> MainAsync(string[] args)
    {
        string? Text(string name)
        {
            var i = Array.LastIndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Int(string name, int fallback) => Text(name) is { } v ? int.Parse(v.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;
        var o = new Options(Text("--connection"), Int("--orgs", 10_000), Int("--members", 200_000), Int("--batch", 100_000),
            Int("--sqlite-orgs", 1_000), Int("--sqlite-members", 20_000), Int("--sqlite-batch", 1_000),
            Text("--out") ?? Path.Combine("bench", "results", "transfers.md"), Text("--server-note") ?? "");
        var rows = new List<Row>();
        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : "?";
        var sqliteFile = Path.Combine(Path.GetTempPath(), $"zhijian-transfer-bench-{Guid.NewGuid():N}.db");
        try
        {
            rows.AddRange(await RunAsync("SQLite", DatabaseOptions.Sqlite, $"Data Source={sqliteFile}", o.SqliteOrgs, o.SqliteMembers, o.SqliteBatch));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" })
            {
                File.Delete(f);
            }
        }

        if (o.Connection is not null)
        {
            rows.AddRange(await RunAsync("PostgreSQL", DatabaseOptions.Postgres, o.Connection, o.Orgs, o.Members, o.PgBatch));
        }

        var loadAfter = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : "?";
        var md = new StringBuilder();
        md.AppendLine("# Transfers benchmark (issue 6)").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC by `bench/run-transfers.sh` on this 2-core machine, shared with other builds: load average {load} at the start, {loadAfter} at the end.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Datasets from the bulk seeder (`seed --orgs N --members M`, League tree, one root). PostgreSQL server: {o.ServerNote}").AppendLine();
        md.AppendLine("| database | dataset | operation | time | baseline (same run) | ratio | note |");
        md.AppendLine("| --- | --- | --- | ---: | ---: | ---: | --- |");
        foreach (var r in rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Database} | {r.Dataset} | {r.Operation} | {r.Seconds:0.000} s | {r.BaselineSeconds:0.000} s | {r.Seconds / Math.Max(r.BaselineSeconds, 1e-6):0.0}× | {r.Note} |");
        }

        md.AppendLine().AppendLine("""
            - **batch**: `POST /api/v1/transfers/batch`'s service (`TransferBatchService.CreateAsync`, approve = true): per chunk of
              10,000 one query for the memberships, one for their open transfers, one `INSERT … SELECT … ON CONFLICT DO NOTHING
              RETURNING`, then one `INSERT … SELECT` of the sending steps and one audit event, in one transaction.
              Baseline: a bare `INSERT INTO scratch SELECT … FROM "Memberships" WHERE "Id" = ANY(ids)` of the same members.
            - **stats**: `GET /api/v1/orgs/{root}/transfer-stats?from=&to=` over a year (the batch's steps spread over 365 days,
              random hours taken), best of 3. Baseline: a bare `SELECT "OrgId", count(*), sum(...) FROM "TransferSteps"
              WHERE "DecidedAt" in the year GROUP BY "OrgId"` without the subtree filter.
            """);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(o.Out))!);
        await File.WriteAllTextAsync(o.Out, md.ToString());
        Console.WriteLine(md.ToString());
        return 0;
    }

    private static async Task<List<Row>> RunAsync(string name, string provider, string connection, int orgs, int members, int batch)
    {
        Log.Line($"== {name}: seed {orgs:N0} organizations, {members:N0} memberships; batch of {batch:N0}");
        await using var app = BenchHost.Build(provider, connection);

        Task<T> InScope<T>(Func<IServiceProvider, Task<T>> work) => app.InScope(work);

        await InScope(async sp =>
        {
            await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            await sp.GetRequiredService<BulkSeeder>().SeedAsync(orgs, members);
            return 0;
        });
        var (root, to, ids) = await InScope(async sp =>
        {
            var db = sp.GetRequiredService<ZhijianDbContext>();
            var rootId = await db.Organizations.Where(o => o.ParentId == null).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
            var target = await db.Organizations.Where(o => o.Kind == OrgKind.Branch).OrderByDescending(o => o.Id).Select(o => o.Id).FirstAsync();
            var memberIds = await db.Memberships.Where(m => m.OrgId != target && m.State != MemberState.Ended).OrderBy(m => m.Id)
                .Select(m => m.Id).Take(batch).ToListAsync();
            return (rootId, target, memberIds);
        });
        var dataset = $"{orgs:N0} orgs / {members:N0} members";

        // Baseline: the bare set-based write of the same rows.
        var baseline = await InScope(async sp =>
        {
            var db = sp.GetRequiredService<ZhijianDbContext>();
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE bench_scratch (\"MembershipId\" bigint, \"OrgId\" bigint, \"ToOrgId\" bigint)");
            var sw = Stopwatch.StartNew();
            if (db.IsPostgres)
            {
                await db.Database.ExecuteSqlRawAsync("INSERT INTO bench_scratch SELECT m.\"Id\", m.\"OrgId\", {0} FROM \"Memberships\" m WHERE m.\"Id\" = ANY({1})", to, ids.ToArray());
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync("INSERT INTO bench_scratch SELECT m.\"Id\", m.\"OrgId\", {0} FROM json_each({1}) x JOIN \"Memberships\" m ON m.\"Id\" = x.value", to,
                    System.Text.Json.JsonSerializer.Serialize(ids));
            }

            var s = sw.Elapsed.TotalSeconds;
            await db.Database.ExecuteSqlRawAsync("DROP TABLE bench_scratch");
            return s;
        });
        var timer = Stopwatch.StartNew();
        var result = await InScope(sp => sp.GetRequiredService<TransferBatchService>().CreateAsync(
            new BatchTransferRequest(ids, to, TransferReason.Graduation)));
        var batchSeconds = timer.Elapsed.TotalSeconds;
        Log.Line($"{name}: batch {batchSeconds:0.00} s, created {result.Created:N0}, failed {result.Failed.Count:N0}; baseline {baseline:0.000} s");
        var rows = new List<Row>
        {
            new(name, dataset, $"batch transfer of {ids.Count:N0} members", batchSeconds, baseline,
                $"created {result.Created:N0}, failed {result.Failed.Count:N0}"),
        };

        // A year of history: the batch's steps spread over 365 days with random hours taken.
        await InScope(async sp =>
        {
            var db = sp.GetRequiredService<ZhijianDbContext>();
            if (db.IsPostgres)
            {
                await db.Database.ExecuteSqlRawAsync("""
                    UPDATE "TransferSteps" SET "DecidedAt" = now() - random() * interval '365 days', "HoursTaken" = round((random() * 100)::numeric, 2);
                    UPDATE "TransferSteps" SET "OnTime" = "HoursTaken" <= 72;
                    ANALYZE "TransferSteps";
                    """);
            }
            else
            {
                var rnd = new Random(1);
                var stepIds = await db.Set<TransferStep>().Select(s => s.Id).ToListAsync();
                var now = DateTimeOffset.UtcNow;
                await db.InTransactionAsync(async () =>
                {
                    foreach (var chunk in stepIds.Chunk(500))
                    {
                        foreach (var id in chunk)
                        {
                            var hours = Math.Round(rnd.NextDouble() * 100, 2);
                            var at = now.AddDays(-rnd.NextDouble() * 365);
                            await db.Set<TransferStep>().Where(s => s.Id == id).ExecuteUpdateAsync(u => u
                                .SetProperty(s => s.DecidedAt, at).SetProperty(s => s.HoursTaken, hours).SetProperty(s => s.OnTime, hours <= 72));
                        }
                    }
                });
            }

            return 0;
        });
        var today = ChinaTime.DateOf(DateTimeOffset.UtcNow);
        var from = today.AddDays(-365);
        var times = new List<double>();
        TransferStatsDto? stats = null;
        for (var i = 0; i < 4; i++)
        {
            var sw = Stopwatch.StartNew();
            stats = await InScope(sp => sp.GetRequiredService<TransferStatistics>().ForAsync(root, from, today));
            if (i > 0)
            {
                times.Add(sw.Elapsed.TotalSeconds);
            }
        }

        var bare = await InScope(async sp =>
        {
            var db = sp.GetRequiredService<ZhijianDbContext>();
            var start = TransferClock.StartOfShanghaiDay(from);
            var best = double.MaxValue;
            for (var i = 0; i < 3; i++)
            {
                var sw = Stopwatch.StartNew();
                await db.Set<TransferStep>().Where(s => s.DecidedAt >= start && s.HoursTaken != null)
                    .GroupBy(s => s.OrgId).Select(g => new { g.Key, Count = g.Count(), Hours = g.Sum(s => s.HoursTaken!.Value) }).ToListAsync();
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
            }

            return best;
        });
        Log.Line($"{name}: stats best {times.Min():0.000} s ({stats!.Handled:N0} handled, {stats.ByOrg.Count:N0} organizations); bare {bare:0.000} s");
        rows.Add(new(name, dataset, "transfer-stats of the root over a year", times.Min(), bare,
            $"{stats.Handled:N0} decisions by {stats.ByOrg.Count:N0} organizations; best of 3"));
        return rows;
    }
}
