using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Libraries;
using Zhijian.Web.Shared;

namespace Zhijian.Bench;

/// <summary>
/// The archive search at scale (issue 18): 100,000 generated Chinese documents, searched through
/// <see cref="ArchiveService.SearchAsync"/> (count + first page of 20 with snippets) against the bare index query in the
/// same run (the same count and page ids as raw SQL), on PostgreSQL (pg_trgm GIN) or SQLite (FTS5 trigram).
/// Usage: Zhijian.Bench --libraries-bench --provider postgres|sqlite --connection CS [--docs 100000] [--out FILE]
/// </summary>
public static class LibrariesBench
{
    private static readonly string[] Phrases =
    [
        "党员", "支部", "学习", "组织生活", "主题党日", "三会一课", "民主评议", "发展党员", "入党积极分子", "团员", "青年", "志愿服务",
        "理论学习", "调查研究", "基层治理", "乡村振兴", "安全生产", "春运保障", "技术革新", "劳动竞赛", "先进事迹", "党课", "专题研讨",
        "批评与自我批评", "整改落实", "廉政教育", "党风建设", "作风建设", "群众路线", "服务群众", "结对帮扶", "共建活动", "红色教育",
        "革命传统", "爱国主义", "社会主义核心价值观", "新时代", "高质量发展", "改革创新", "担当作为", "关心关爱", "困难群众", "社区",
        "车间", "班组", "科研", "教学", "实习", "会议记录", "工作总结", "年度计划", "经验交流", "表彰大会", "优秀共产党员", "先进集体",
        "，", "。", "、", "；",
    ];

    /// <summary>The search terms timed: a rare one, a medium one, a common one and a two-character one.</summary>
    private static readonly (string Term, string What)[] Queries =
    [
        ("红旗渠精神", "rare: 1 document in 1,000"),
        ("井冈山", "medium: 1 in 50"),
        ("主题党日", "common: about 1 in 3"),
        ("延安", "2 characters (no trigram): 1 in 100"),
    ];

    public static async Task<int> MainAsync(string[] args)
    {
        string? Text(string name)
        {
            var i = Array.LastIndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var provider = Text("--provider") ?? "postgres";
        var connection = Text("--connection") ?? throw new ArgumentException("--connection is required");
        var docs = int.Parse(Text("--docs") ?? "100000", CultureInfo.InvariantCulture);
        var outFile = Text("--out") ?? Path.Combine("bench", "results", $"libraries-{provider}.md");
        var total = Stopwatch.StartNew();

        await using var app = BenchHost.Build(provider, connection);
        await app.InScope(async sp =>
        {
            await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            await sp.GetRequiredService<BulkSeeder>().SeedAsync(200, 200);
            return 0;
        });
        var (rootId, rootPath, version) = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<ZhijianDbContext>();
            var root = await db.Organizations.Where(o => o.ParentId == null).OrderBy(o => o.Id).Select(o => new { o.Id, o.Path }).FirstAsync();
            var v = db.IsPostgres ? await db.Database.SqlQueryRaw<string>("SELECT version() AS \"Value\"").FirstAsync()
                : "SQLite " + await db.Database.SqlQueryRaw<string>("SELECT sqlite_version() AS \"Value\"").FirstAsync();
            return (root.Id, root.Path, v);
        });

        Log.Line($"generating {docs:N0} documents ({provider})");
        var genTime = await Timing.OnceAsync(() => provider == "postgres"
            ? CopyPostgresAsync(connection, rootId, rootPath, docs)
            : InsertSqliteAsync(connection, rootId, rootPath, docs));
        Log.Line($"generated in {genTime.TotalSeconds:0.0} s");

        var rows = new List<(string Term, string What, long Hits, Stats Service, Stats Bare)>();
        foreach (var (term, what) in Queries)
        {
            long hits = 0;
            var service = await Timing.MeasureAsync($"service {term}", async _ =>
            {
                var page = await app.InScope(sp => sp.GetRequiredService<ArchiveService>().SearchAsync(rootId, true, term, null, PageRequest.From(1, 20)));
                hits = page.Total;
            }, 3, 100, 10, TimeSpan.FromSeconds(60));
            var bare = await Timing.MeasureAsync($"bare {term}", _ => BareAsync(provider, connection, term, rootPath), 3, 100, 10, TimeSpan.FromSeconds(60));
            rows.Add((term, what, hits, service, bare));
        }

        var size = await SizeAsync(provider, connection);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"## {(provider == "postgres" ? "PostgreSQL (pg_trgm GIN index, ILIKE)" : "SQLite (FTS5 trigram table; LIKE for 1–2 character terms)")}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {total.Elapsed.TotalMinutes:0.0} min in all. {Environment.ProcessorCount} cores, .NET {Environment.Version}, Release build; {version.Split(" on ")[0]}; 1-minute load average {Timing.LoadAverage():0.0} at the end (2 cores shared with seven other engineers' builds and tests).");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Data: {docs:N0} archive documents of one organization tree generated in {genTime.TotalSeconds:0} s, about 300 characters of Chinese text each (title, tags and text); {size}.");
        md.AppendLine();
        md.AppendLine("Service: `ArchiveService.SearchAsync(root, subtree, q)` in a fresh DI scope — scope filter, count (capped at 1,001 matches: `totalExact` false beyond 1,000), first page of 20 ordered by year and id — all matches from the index when there are at most 1,000, else (and for 1–2 character terms) windows of the newest documents along the (Year, Id) index filtered until the page is full — and snippets with the hits. Bare: the same queries as raw SQL through the ADO.NET provider (no DI scope, no scope filter, no rows or snippets).");
        md.AppendLine();
        md.AppendLine("| term | hits | service p50 / p95 (n) | bare index query p50 / p95 (n) | ratio p95 | p95 ≤ 200 ms |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var (term, what, hits, s, b) in rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {term} ({what}) | {hits:N0} | {Stats.Ms(s.P50)} / {Stats.Ms(s.P95)} ({s.Count}) | {Stats.Ms(b.P50)} / {Stats.Ms(b.P95)} ({b.Count}) | {s.P95 / b.P95:0.00}× | {(s.P95 <= 200 ? "yes" : "**no**")} |");
        }

        md.AppendLine();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
        await File.WriteAllTextAsync(outFile, md.ToString());
        Console.WriteLine(md.ToString());
        return 0;
    }

    /// <summary>A document's title, tags and text, deterministic by its number.</summary>
    private static (string Title, int Year, string Tags, string Text) Document(int i, Random random)
    {
        var text = new StringBuilder();
        while (text.Length < 280)
        {
            text.Append(Phrases[random.Next(Phrases.Length)]);
        }

        if (i % 1000 == 7)
        {
            text.Insert(random.Next(text.Length), "弘扬红旗渠精神");
        }

        if (i % 50 == 3)
        {
            text.Insert(random.Next(text.Length), "井冈山");
        }

        if (i % 100 == 11)
        {
            text.Insert(random.Next(text.Length), "延安");
        }

        var year = 2015 + (i % 11);
        var title = $"{year}年{Phrases[random.Next(50)]}{Phrases[random.Next(50)]}材料（{i}）";
        var tags = Phrases[random.Next(50)] + "," + Phrases[random.Next(50)];
        return (title, year, tags, text.ToString());
    }

    private static async Task CopyPostgresAsync(string connection, long orgId, string orgPath, int docs)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        var random = new Random(18);
        var now = DateTimeOffset.UtcNow;
        await using (var copy = await conn.BeginBinaryImportAsync("""
            COPY "ArchiveDocuments" ("OrgId","OrgPath","Title","Year","Tags","FileName","StorageName","Size","Sha256","TextLength","SearchText","CreatedAt","CreatedBy") FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < docs; i++)
            {
                var (title, year, tags, text) = Document(i, random);
                await copy.StartRowAsync();
                await copy.WriteAsync(orgId, NpgsqlDbType.Bigint);
                await copy.WriteAsync(orgPath, NpgsqlDbType.Text);
                await copy.WriteAsync(title, NpgsqlDbType.Text);
                await copy.WriteAsync(year, NpgsqlDbType.Integer);
                await copy.WriteAsync(tags, NpgsqlDbType.Text);
                await copy.WriteAsync($"{i}.txt", NpgsqlDbType.Text);
                await copy.WriteAsync($"archives/bench{i}.txt", NpgsqlDbType.Text);
                await copy.WriteAsync((long)Encoding.UTF8.GetByteCount(text), NpgsqlDbType.Bigint);
                await copy.WriteAsync(new string('0', 64), NpgsqlDbType.Text);
                await copy.WriteAsync(text.Length, NpgsqlDbType.Integer);
                await copy.WriteAsync(ArchiveSearch.Searchable(title, tags, text), NpgsqlDbType.Text);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync("bench", NpgsqlDbType.Text);
            }

            await copy.CompleteAsync();
        }

        await using var analyze = new NpgsqlCommand("""ANALYZE "ArchiveDocuments" """, conn) { CommandTimeout = 0 };
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task InsertSqliteAsync(string connection, long orgId, string orgPath, int docs)
    {
        await using var conn = new SqliteConnection(connection);
        await conn.OpenAsync();
        var random = new Random(18);
        // The model stores DateTimeOffset on SQLite as DateTimeOffsetToBinaryConverter's long (not Unix milliseconds, whose low
        // bits read back as an offset beyond ±14 hours about one run in six).
        var now = new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UtcNow)!;
        await using var tx = await conn.BeginTransactionAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            INSERT INTO "ArchiveDocuments" ("OrgId","OrgPath","Title","Year","Tags","FileName","StorageName","Size","Sha256","TextLength","SearchText","CreatedAt","CreatedBy")
            VALUES ($org, $path, $title, $year, $tags, 'x.txt', 'archives/bench.txt', 1, $sha, $len, $text, $now, 'bench');
            INSERT INTO "ArchiveSearch" (rowid, "Body") VALUES (last_insert_rowid(), $text);
            """;
        var p = new Dictionary<string, DbParameter>();
        foreach (var name in new[] { "$org", "$path", "$title", "$year", "$tags", "$sha", "$len", "$text", "$now" })
        {
            p[name] = cmd.CreateParameter();
            p[name].ParameterName = name;
            cmd.Parameters.Add(p[name]);
        }

        for (var i = 0; i < docs; i++)
        {
            var (title, year, tags, text) = Document(i, random);
            (p["$org"].Value, p["$path"].Value, p["$title"].Value, p["$year"].Value, p["$tags"].Value) = (orgId, orgPath, title, year, tags);
            (p["$sha"].Value, p["$len"].Value, p["$text"].Value, p["$now"].Value) = (new string('0', 64), text.Length, ArchiveSearch.Searchable(title, tags, text), now);
            await cmd.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    /// <summary>
    /// The same work as raw SQL: terms of 3+ characters ask the index for at most 1,001 matches (ids and years; fewer are all
    /// of them and are sorted by the caller); when there are more, or for a shorter term, the first page (20, or 21 to know
    /// of a next page) is found by filtering windows of the newest documents (1,000, then 4 times larger).
    /// </summary>
    private static async Task BareAsync(string provider, string connection, string term, string rootPath)
    {
        var upper = TreePath.Upper(rootPath);
        var pg = provider == "postgres";
        await using DbConnection conn = pg ? new NpgsqlConnection(connection) : new SqliteConnection(connection);
        await conn.OpenAsync();
        var p = pg ? "@" : "$";
        var bounds = $""" "OrgPath" >= {p}lo AND "OrgPath" < {p}hi """;
        var like = pg ? $""" "SearchText" ILIKE {p}like """ : $""" "SearchText" LIKE {p}like """;
        if (term.Length >= ArchiveIndex.TrigramMinLength)
        {
            var match = pg ? like : """ "Id" IN (SELECT rowid FROM "ArchiveSearch" WHERE "ArchiveSearch" MATCH $match) """;
            var n = await RunAsync(conn, $"""SELECT "Id", "Year" FROM "ArchiveDocuments" WHERE {match} AND {bounds} LIMIT {ArchiveSearch.MaxCounted + 1}""", term, rootPath, upper, p);
            if (n <= ArchiveSearch.MaxCounted)
            {
                return;
            }
        }

        var wanted = term.Length >= ArchiveIndex.TrigramMinLength ? 20 : 21;
        for (int from = 0, size = ArchiveSearch.FirstWindow, found = 0; found < wanted && from < ArchiveSearch.MaxWalked; from += size, size *= 4)
        {
            found += await RunAsync(conn, $"""
                SELECT "Id" FROM (SELECT "Id", "Year", "SearchText" FROM "ArchiveDocuments" {(pg ? "" : "INDEXED BY \"IX_ArchiveDocuments_Year_Id\"")} WHERE {bounds} ORDER BY "Year" DESC, "Id" DESC LIMIT {size} OFFSET {from}) w
                WHERE {like} ORDER BY "Year" DESC, "Id" DESC LIMIT {wanted - found}
                """, term, rootPath, upper, p);
        }
    }

    private static async Task<int> RunAsync(DbConnection conn, string sql, string term, string lo, string hi, string prefix)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        void Add(string name, object value)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = prefix + name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }

        Add("like", ArchiveSearch.Like(term));
        Add("match", ArchiveSearch.Phrase(term));
        Add("lo", lo);
        Add("hi", hi);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
        }

        return rows;
    }

    private static async Task<string> SizeAsync(string provider, string connection)
    {
        if (provider == "postgres")
        {
            await using var conn = new NpgsqlConnection(connection);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""SELECT pg_size_pretty(pg_total_relation_size('"ArchiveDocuments"')) || ' table with indexes, trigram index ' || pg_size_pretty(pg_relation_size('"IX_ArchiveDocuments_SearchText"'))""", conn);
            return (string)(await cmd.ExecuteScalarAsync())!;
        }

        var file = new SqliteConnectionStringBuilder(connection).DataSource;
        return $"database file {new FileInfo(file).Length / 1024 / 1024} MB (documents and FTS5 trigram index)";
    }
}
