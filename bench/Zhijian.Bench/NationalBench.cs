using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Bench;

/// <summary>
/// The "Platform foundation" benchmarks on PostgreSQL: seed rate, headline counts, first page of a
/// subtree member list, subtree move; each against a raw baseline measured in the same run.
/// The services run as a request would: a new DI scope (and DbContext) per call, caller a system administrator.
/// </summary>
public sealed class NationalBench(BenchOptions options) : IAsyncDisposable
{
    private const string RawCopyTable = "bench_memberships_copy";
    private const string WhatIfIndex = "bench_memberships_sortname_id";
    private const string MembershipColumns =
        "\"Id\",\"PersonId\",\"System\",\"OrgId\",\"OrgPath\",\"Stage\",\"State\",\"JoinedOn\",\"SortName\",\"CreatedAt\",\"UpdatedAt\"";

    private static readonly TimeSpan PageCap = TimeSpan.FromSeconds(25);

    private readonly Results results = new();
    private WebApplication? app;
    private NpgsqlDataSource? dataSource;

    private WebApplication App => app ?? throw new InvalidOperationException("host not built");
    private NpgsqlDataSource Raw => dataSource ?? throw new InvalidOperationException("no data source");

    public async Task<Results> RunAsync()
    {
        var total = Stopwatch.StartNew();
        app = BenchHost.Build("postgres", options.Connection);
        dataSource = NpgsqlDataSource.Create(options.Connection);
        await InScope(sp => sp.GetRequiredService<DatabaseInitializer>().MigrateAsync());
        if (await ScalarAsync<long>("SELECT count(*) FROM \"Organizations\"") > 0)
        {
            throw new InvalidOperationException("The benchmark needs an empty database (it seeds its own).");
        }

        await EnvironmentAsync();
        await CopyBaselineAsync();
        await SeedAsync();
        var sites = await SitesAsync();
        await HeadlineAsync(sites);
        await PagesAsync(sites);
        await MoveAsync(sites);
        if (options.WhatIf)
        {
            await WhatIfAsync(sites);
        }

        await TableSizesAsync();
        results.Duration = total.Elapsed;
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }

    private Task<T> InScope<T>(Func<IServiceProvider, Task<T>> work) => App.InScope(work);

    private Task InScope(Func<IServiceProvider, Task> work) => InScope(async sp =>
    {
        await work(sp);
        return 0;
    });

    // ------------------------------------------------------------------ environment

    private async Task EnvironmentAsync()
    {
        results.PostgresVersion = await ScalarAsync<string>("SELECT version()");
        string[] names = ["shared_buffers", "work_mem", "maintenance_work_mem", "effective_cache_size",
            "random_page_cost", "max_wal_size", "checkpoint_timeout", "fsync", "synchronous_commit",
            "full_page_writes", "wal_level", "jit", "autovacuum", "max_parallel_workers_per_gather"];
        foreach (var name in names)
        {
            results.Settings.Add((name, await ScalarAsync<string>($"SHOW {name}")));
        }

        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                ?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        var memKb = File.Exists("/proc/meminfo")
            ? long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)
            : 0;
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                ?.Split('=', 2)[1].Trim('"') ?? RuntimeInformation.OSDescription
            : RuntimeInformation.OSDescription;
        results.Machine = string.Create(CultureInfo.InvariantCulture,
            $"{cpu}, {Environment.ProcessorCount} cores, {memKb / 1024.0 / 1024.0:0.0} GiB RAM, {os}");
        results.Runtime = RuntimeInformation.FrameworkDescription;
        Log.Line($"PostgreSQL: {results.PostgresVersion}");
        Log.Line($"Machine: {results.Machine}; {results.Runtime}");
    }

    // ------------------------------------------------------------------ a. seed

    /// <summary>
    /// The floor: binary COPY of the same membership rows the seeder will write (same generator, same
    /// values) into a scratch table with the same columns and indexes as "Memberships" (no foreign keys).
    /// The rows are generated in memory first, so only the COPY is timed.
    /// </summary>
    private async Task CopyBaselineAsync()
    {
        var tree = BulkSeeder.BuildTree(options.Orgs, 1);
        var branches = tree.Where(o => o.Kind == OrgKind.Branch).ToArray();
        results.LevelSizes = tree.GroupBy(o => o.Depth).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        var n = checked((int)options.Members);
        Log.Line($"Baseline: generating {n:N0} membership rows in memory");
        var generate = Stopwatch.StartNew();
        var names = new string[n];
        var faker = new PersonFaker(1);
        for (var i = 0; i < n; i++)
        {
            names[i] = faker.NextName(i % 1000 % 2 == 1);
        }

        results.GenerateSeconds = generate.Elapsed.TotalSeconds;
        await ExecAsync($"DROP TABLE IF EXISTS {RawCopyTable}; CREATE TABLE {RawCopyTable} (LIKE \"Memberships\" INCLUDING ALL)");
        await ExecAsync("CHECKPOINT");
        Log.Line($"Baseline: COPY {n:N0} rows into {RawCopyTable} (same columns and indexes as \"Memberships\")");
        var epoch = new DateOnly(1990, 1, 1);
        var now = DateTimeOffset.UtcNow;
        var elapsed = await Timing.OnceAsync(async () =>
        {
            await using var connection = await Raw.OpenConnectionAsync();
            await using var writer = await connection.BeginBinaryImportAsync(
                $"COPY {RawCopyTable} ({MembershipColumns}) FROM STDIN (FORMAT BINARY)");
            writer.Timeout = TimeSpan.FromHours(1);
            for (var i = 0; i < n; i++)
            {
                var branch = branches[i % branches.Length];
                var birth = epoch.AddDays(i / 1000 % 15_000);
                writer.StartRow();
                writer.Write((long)i + 1);
                writer.Write((long)i + 1);
                writer.Write("League");
                writer.Write(branch.Id);
                writer.Write(branch.Path);
                writer.Write("Member");
                writer.Write("Active");
                writer.Write(birth.AddYears(15));
                writer.Write(names[i]);
                writer.Write(now);
                writer.Write(now);
            }

            await writer.CompleteAsync();
        });
        results.CopySeconds = elapsed.TotalSeconds;
        Log.Line(string.Create(CultureInfo.InvariantCulture,
            $"Baseline COPY: {results.CopySeconds:0.0} s = {n / results.CopySeconds:N0} rows/s (generation {results.GenerateSeconds:0.0} s, not timed)"));
        await ExecAsync($"DROP TABLE {RawCopyTable}");
        await ExecAsync("CHECKPOINT");
    }

    private async Task SeedAsync()
    {
        Log.Line($"Seed: BulkSeeder.SeedAsync({options.Orgs:N0}, {options.Members:N0})");
        var watch = Stopwatch.StartNew();
        var seeded = await InScope(sp => sp.GetRequiredService<BulkSeeder>().SeedAsync(options.Orgs, options.Members, 1));
        results.SeedSeconds = watch.Elapsed.TotalSeconds;
        results.RootId = seeded.RootId;
        Log.Line(string.Create(CultureInfo.InvariantCulture,
            $"Seed: {results.SeedSeconds:0.0} s = {options.Members / results.SeedSeconds:N0} memberships/s"));

        // Parts of the seed, timed again on their own (both are idempotent).
        results.RebuildSeconds = (await Timing.OnceAsync(() =>
            InScope(sp => sp.GetRequiredService<CounterRebuilder>().RebuildAllAsync()))).TotalSeconds;
        results.AnalyzeSeconds = (await Timing.OnceAsync(() => ExecAsync("ANALYZE"))).TotalSeconds;
        Log.Line(string.Create(CultureInfo.InvariantCulture,
            $"Seed parts, rerun alone: counter rebuild {results.RebuildSeconds:0.0} s, ANALYZE {results.AnalyzeSeconds:0.0} s"));

        // Not part of the seed: a database that has been in use is vacuumed; without this, autovacuum
        // would run over 10 M fresh rows in the middle of the measurements.
        results.VacuumSeconds = (await Timing.OnceAsync(() => ExecAsync("VACUUM (ANALYZE)"))).TotalSeconds;
        await ExecAsync("CHECKPOINT");
        Log.Line(string.Create(CultureInfo.InvariantCulture, $"VACUUM (ANALYZE) after the seed: {results.VacuumSeconds:0.0} s"));
    }

    // ------------------------------------------------------------------ sites

    private sealed record Org(long Id, string Path);

    private sealed record Sites(Org Root, List<Org> Committees, List<Org> Branches);

    private async Task<Sites> SitesAsync()
    {
        var rootPath = await ScalarAsync<string>("SELECT \"Path\" FROM \"Organizations\" WHERE \"Id\" = $1", results.RootId);
        var root = new Org(results.RootId, rootPath);
        var committees = await OrgsAsync(
            "SELECT \"Id\", \"Path\" FROM \"Organizations\" WHERE \"ParentId\" = $1 ORDER BY \"Id\"", results.RootId);
        // A fixed pseudo-random sample of branches that hold members.
        var branches = await OrgsAsync("""
            SELECT o."Id", o."Path" FROM "Organizations" o
            WHERE o."Kind" = 'Branch' AND EXISTS (SELECT 1 FROM "Memberships" m WHERE m."OrgId" = o."Id")
            ORDER BY md5(o."Id"::text) LIMIT 200
            """);
        results.RootPath = rootPath;
        results.RootMembers = await MembersFromCountersAsync(root.Id);
        results.CommitteeCount = committees.Count;
        results.CommitteeMembers = await MembersFromCountersAsync(committees[0].Id);
        results.BranchSample = branches.Count;
        long branchTotal = 0;
        foreach (var b in branches)
        {
            branchTotal += await MembersFromCountersAsync(b.Id);
        }

        results.BranchMembers = (double)branchTotal / branches.Count;
        Log.Line(string.Create(CultureInfo.InvariantCulture,
            $"Sites: root {root.Path} ({results.RootMembers:N0} members), {committees.Count} level-1 committees " +
            $"({results.CommitteeMembers:N0} members in the first), {branches.Count} sampled branches ({results.BranchMembers:0.0} members on average)"));
        return new Sites(root, committees, branches);
    }

    private Task<long> MembersFromCountersAsync(long orgId) => ScalarAsync<long>(
        "SELECT \"Probationary\" + \"Full\" + \"LeagueMembers\" FROM \"OrgCounters\" WHERE \"OrgId\" = $1", orgId);

    // ------------------------------------------------------------------ b. headline counts

    private async Task HeadlineAsync(Sites sites)
    {
        Log.Line("Headline counts");
        var check = await InScope(sp => sp.GetRequiredService<OrganizationService>().GetAsync(sites.Root.Id));
        var exact = await RawCountAsync(sites.Root.Path);
        Check($"headline count at the root from counters ({check.MemberCount:N0}) equals count(*) ({exact:N0})",
            check.MemberCount == exact);

        results.HeadRoot = await Timing.MeasureAsync("OrganizationService.GetAsync(root)",
            _ => InScope(sp => sp.GetRequiredService<OrganizationService>().GetAsync(sites.Root.Id)), 200, 1000);
        results.HeadBranch = await Timing.MeasureAsync("OrganizationService.GetAsync(branch)",
            i => InScope(sp => sp.GetRequiredService<OrganizationService>().GetAsync(sites.Branches[i % sites.Branches.Count].Id)),
            200, 1000);
        results.BareRoot = await Timing.MeasureAsync("bare Npgsql counter row (root)", _ => BareCounterReadAsync(sites.Root.Id), 200, 1000);
        results.BareBranch = await Timing.MeasureAsync("bare Npgsql counter row (branch)",
            i => BareCounterReadAsync(sites.Branches[i % sites.Branches.Count].Id), 200, 1000);
        results.CountRoot = await Timing.MeasureAsync("count(*) root", _ => RawCountAsync(sites.Root.Path), 1, 3, minReps: 3);
        results.CountBranch = await Timing.MeasureAsync("count(*) branch",
            i => RawCountAsync(sites.Branches[i % sites.Branches.Count].Path), 20, 200);
    }

    private async Task BareCounterReadAsync(long orgId)
    {
        await using var connection = await Raw.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("""
            SELECT "Children", "Probationary", "Full", "LeagueMembers", "Committees", "WorkingCommittees",
                   "GeneralBranches", "Branches", "Groups", "Cadres"
            FROM "OrgCounters" WHERE "OrgId" = $1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = orgId });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException($"no counter row for {orgId}");
        }

        _ = reader.GetInt32(0) + reader.GetInt64(1) + reader.GetInt64(2) + reader.GetInt64(3);
    }

    private Task<long> RawCountAsync(string path) => ScalarAsync<long>("""
        SELECT count(*) FROM "Memberships" WHERE "OrgPath" >= $1 AND "OrgPath" < $2 AND "State" <> 'Ended'
        """, path, TreePath.Upper(path));

    // ------------------------------------------------------------------ c. first page of a subtree list

    private async Task PagesAsync(Sites sites)
    {
        var first = await InScope(sp => sp.GetRequiredService<MemberQueries>()
            .ListAsync(sites.Root.Id, true, null, null, null, PageRequest.From(1, 50)));
        Check($"root page has {first.Items.Count} items and total {first.Total:N0} = members {results.RootMembers:N0}",
            first.Items.Count == Math.Min(50, results.RootMembers) && first.Total == results.RootMembers);
        var replica = await InScope(sp => PageOnlyAsync(sp, sites.Root.Id));
        Check("the page-only replica returns the service's page (same ids, same order)",
            replica.Select(m => m.Id).SequenceEqual(first.Items.Select(m => m.Id)));

        results.Pages.Add(await PageSiteAsync("root", [sites.Root], results.RootMembers));
        results.Pages.Add(await PageSiteAsync("level-1 团委", sites.Committees, results.CommitteeMembers));
        results.Pages.Add(await PageSiteAsync("branch", sites.Branches, (long)Math.Round(results.BranchMembers)));
        foreach (var (title, org) in new[] { ("root", sites.Root), ("level-1 团委", sites.Committees[0]), ("branch", sites.Branches[0]) })
        {
            results.Plans.Add(($"raw first page, {title} ({org.Path})", await ExplainAsync(RawPageSql, org.Path, TreePath.Upper(org.Path))));
        }

        results.Plans.Add(("count(*) at the root", await ExplainAsync(RawCountSql, sites.Root.Path, TreePath.Upper(sites.Root.Path))));
    }

    private async Task<PageFigures> PageSiteAsync(string site, List<Org> orgs, long members)
    {
        Log.Line($"First page at {site} ({orgs.Count} organization(s) in rotation)");
        Org At(int i) => orgs[i % orgs.Count];
        var service = await Timing.MeasureAsync($"MemberQueries.ListAsync, {site}",
            i => InScope(sp => sp.GetRequiredService<MemberQueries>()
                .ListAsync(At(i).Id, true, null, null, null, PageRequest.From(1, 50))), 2, 200, 10, PageCap);
        var page = await Timing.MeasureAsync($"page query alone, {site}", i => InScope(sp => PageOnlyAsync(sp, At(i).Id)),
            2, 200, 10, PageCap);
        var count = await Timing.MeasureAsync($"count query alone, {site}", i => InScope(sp => CountOnlyAsync(sp, At(i).Id)),
            2, 200, 10, PageCap);
        var raw = await Timing.MeasureAsync($"raw SQL page, {site}", i => RawPageAsync(At(i).Path), 2, 200, 10, PageCap);
        return new PageFigures(site, orgs.Count, members, service, page, count, raw);
    }

    /// <summary>The query MemberQueries.ListAsync runs for its page, without the count (same LINQ, same projection).</summary>
    private static async Task<List<MemberDto>> PageOnlyAsync(IServiceProvider sp, long orgId)
    {
        var db = sp.GetRequiredService<ZhijianDbContext>();
        var org = await db.Organizations.FirstOrDefaultAsync(o => o.Id == orgId)
            ?? throw new InvalidOperationException($"no organization {orgId}");
        var page = PageRequest.From(1, 50);
        var query = Filtered(db, org.Path);
        var paged = query.OrderBy(m => m.SortName).ThenBy(m => m.Id).Skip(page.Skip).Take(page.PageSize);
        return await (from m in paged
                      join o in db.Organizations on m.OrgId equals o.Id
                      select new MemberDto(m.Id, m.System, m.OrgId, o.ShortName, m.Stage, m.State, m.JoinedOn, m.FullOn,
                          m.DevelopmentNumber,
                          new PersonDto(m.Person!.Id, m.Person.Name, m.Person.Gender, m.Person.Ethnicity, m.Person.BirthDate,
                              m.Person.IdNumber, m.Person.Phone, m.Person.Education, m.Person.PoliticalStatus, m.Person.WorkUnit,
                              m.Person.Post, m.Person.Address, m.Person.Degree, m.Person.ProfessionalField,
                              m.Person.Specialties, m.Person.Health, m.Person.Family, m.Person.Children,
                              m.Person.OtherAffiliations, m.Person.OverseasTies),
                          m.EndedOn, m.EndReason, m.GroupId)).ToListAsync();
    }

    /// <summary>The exact count MemberQueries.ListAsync runs for <c>total</c>.</summary>
    private static async Task<long> CountOnlyAsync(IServiceProvider sp, long orgId)
    {
        var db = sp.GetRequiredService<ZhijianDbContext>();
        var org = await db.Organizations.FirstOrDefaultAsync(o => o.Id == orgId)
            ?? throw new InvalidOperationException($"no organization {orgId}");
        return await Filtered(db, org.Path).LongCountAsync();
    }

    private static IQueryable<Membership> Filtered(ZhijianDbContext db, string path) =>
        db.Memberships.AsNoTracking()
            .Where(TreePath.In<Membership>(m => m.OrgPath, path))
            .Where(m => m.State != MemberState.Ended);

    private const string RawPageSql = """
        SELECT "Id", "PersonId", "OrgId", "OrgPath", "Stage", "State", "JoinedOn", "SortName"
        FROM "Memberships" WHERE "OrgPath" >= $1 AND "OrgPath" < $2 ORDER BY "SortName" LIMIT 50
        """;

    private const string RawCountSql = """
        SELECT count(*) FROM "Memberships" WHERE "OrgPath" >= $1 AND "OrgPath" < $2 AND "State" <> 'Ended'
        """;

    private async Task RawPageAsync(string path)
    {
        await using var connection = await Raw.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(RawPageSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = path });
        command.Parameters.Add(new NpgsqlParameter { Value = TreePath.Upper(path) });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            _ = reader.GetInt64(0);
            _ = reader.GetString(7);
            rows++;
        }

        if (rows == 0)
        {
            throw new InvalidOperationException($"raw page under {path} is empty");
        }
    }

    // ------------------------------------------------------------------ d. move

    private async Task MoveAsync(Sites sites)
    {
        Log.Line($"Move: seeding a separate {options.SubtreeOrgs:N0}-organization tree with {options.SubtreeMembers:N0} memberships");
        var watch = Stopwatch.StartNew();
        var sub = await InScope(sp => sp.GetRequiredService<BulkSeeder>().SeedAsync(options.SubtreeOrgs, options.SubtreeMembers, 2));
        results.SubtreeSeedSeconds = watch.Elapsed.TotalSeconds;
        Log.Line(string.Create(CultureInfo.InvariantCulture, $"Subtree seeded in {results.SubtreeSeedSeconds:0.0} s (root {sub.RootId})"));
        await ExecAsync("VACUUM (ANALYZE) \"Organizations\", \"Memberships\", \"OrgCounters\"");
        await ExecAsync("CHECKPOINT");

        var subRoot = sub.RootId;
        var subPath = await ScalarAsync<string>("SELECT \"Path\" FROM \"Organizations\" WHERE \"Id\" = $1", subRoot);
        results.MovedOrgs = (int)await ScalarAsync<long>(
            "SELECT count(*) FROM \"Organizations\" WHERE \"Path\" >= $1 AND \"Path\" < $2", subPath, TreePath.Upper(subPath));
        results.MovedMembers = await ScalarAsync<long>(
            "SELECT count(*) FROM \"Memberships\" WHERE \"OrgPath\" >= $1 AND \"OrgPath\" < $2", subPath, TreePath.Upper(subPath));
        var targets = new[] { sites.Committees[0], sites.Committees[1] };
        Org? current = null;
        var raw = results.MoveRawMs;
        for (var k = 0; k < options.Moves; k++)
        {
            var target = targets[k % 2];
            // Each move leaves 100,000 dead row versions whose index entries sit in the very path range the
            // next move back scans; on a live system autovacuum clears them between moves, here VACUUM does
            // (not timed), so that every move starts from a clean table rather than an ever-growing backlog.
            await ExecAsync(VacuumTree);
            var elapsed = await Timing.OnceAsync(() =>
                InScope(sp => sp.GetRequiredService<OrganizationService>().MoveAsync(subRoot, target.Id)));
            results.MoveMs.Add(elapsed.TotalMilliseconds);
            Log.Line($"Move {k + 1}: {(current is null ? "top level" : current.Path)} -> {target.Path}: {Stats.Ms(elapsed.TotalMilliseconds)}");
            current = target;

            // Baseline, interleaved so that both see the same table and index bloat: the next move's
            // path-rewrite UPDATE statements, in SQL, inside a transaction that is rolled back.
            var from = TreePath.Child(current.Path, subRoot);
            var to = TreePath.Child(targets[(k + 1) % 2].Path, subRoot);
            await ExecAsync(VacuumTree);
            var rawElapsed = await Timing.OnceAsync(() => RawRewriteAsync(from, to, TreePath.Depth(to) - TreePath.Depth(from)));
            raw.Add(rawElapsed.TotalMilliseconds);
            Log.Line($"  raw path-rewrite UPDATEs {from} -> {to}, rolled back: {Stats.Ms(rawElapsed.TotalMilliseconds)}");
        }

        results.MoveLoad = Timing.LoadAverage();
        results.MoveRaw = Stats.Of("raw path-rewrite UPDATEs (rolled back)", raw);
        var newPath = await ScalarAsync<string>("SELECT \"Path\" FROM \"Organizations\" WHERE \"Id\" = $1", subRoot);
        var under = await ScalarAsync<long>(
            "SELECT count(*) FROM \"Memberships\" WHERE \"OrgPath\" >= $1 AND \"OrgPath\" < $2", newPath, TreePath.Upper(newPath));
        Check($"after the moves all {results.MovedMembers:N0} memberships are under {newPath} ({under:N0})",
            under == results.MovedMembers && newPath.StartsWith(current!.Path, StringComparison.Ordinal));
        var rootNow = await MembersFromCountersAsync(sites.Root.Id);
        Check($"root counter after the moves = {rootNow:N0} = national {results.RootMembers:N0} + moved {results.MovedMembers:N0}",
            rootNow == results.RootMembers + results.MovedMembers);
    }

    private const string VacuumTree = "VACUUM \"Organizations\", \"Memberships\", \"OrgCounters\", \"Positions\"";

    private async Task RawRewriteAsync(string oldPrefix, string newPrefix, int depthDelta)
    {
        await using var connection = await Raw.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var upper = TreePath.Upper(oldPrefix);
        foreach (var sql in new[]
                 {
                     """UPDATE "Organizations" SET "Path" = $3 || substr("Path", $4), "Depth" = "Depth" + $5, "UpdatedAt" = now() WHERE "Path" >= $1 AND "Path" < $2""",
                     """UPDATE "Memberships" SET "OrgPath" = $3 || substr("OrgPath", $4), "UpdatedAt" = now() WHERE "OrgPath" >= $1 AND "OrgPath" < $2""",
                     """UPDATE "Positions" SET "OrgPath" = $3 || substr("OrgPath", $4) WHERE "OrgPath" >= $1 AND "OrgPath" < $2""",
                 })
        {
            await using var command = new NpgsqlCommand(sql, connection, tx);
            command.Parameters.Add(new NpgsqlParameter { Value = oldPrefix });
            command.Parameters.Add(new NpgsqlParameter { Value = upper });
            command.Parameters.Add(new NpgsqlParameter { Value = newPrefix });
            command.Parameters.Add(new NpgsqlParameter { Value = oldPrefix.Length + 1 });
            command.Parameters.Add(new NpgsqlParameter { Value = depthDelta });
            if (!sql.Contains("$5", StringComparison.Ordinal))
            {
                command.Parameters.RemoveAt(4);
            }

            await command.ExecuteNonQueryAsync();
        }

        await tx.RollbackAsync();
    }

    // ------------------------------------------------------------------ what if: a name index

    private async Task WhatIfAsync(Sites sites)
    {
        Log.Line($"What if: CREATE INDEX {WhatIfIndex} ON \"Memberships\" (\"SortName\", \"Id\")");
        results.IndexBuildSeconds = (await Timing.OnceAsync(() =>
            ExecAsync($"CREATE INDEX {WhatIfIndex} ON \"Memberships\" (\"SortName\", \"Id\"); ANALYZE \"Memberships\""))).TotalSeconds;
        foreach (var (site, orgs) in new[] { ("root", new List<Org> { sites.Root }), ("level-1 团委", sites.Committees), ("branch", sites.Branches) })
        {
            Org At(int i) => orgs[i % orgs.Count];
            var page = await Timing.MeasureAsync($"with name index: page query alone, {site}",
                i => InScope(sp => PageOnlyAsync(sp, At(i).Id)), 2, 200, 10, PageCap);
            var raw = await Timing.MeasureAsync($"with name index: raw SQL page, {site}", i => RawPageAsync(At(i).Path), 2, 200, 10, PageCap);
            results.WhatIf.Add(new WhatIfFigures(site, page, raw));
        }

        foreach (var (title, org) in new[] { ("root", sites.Root), ("level-1 团委", sites.Committees[0]), ("branch", sites.Branches[0]) })
        {
            results.Plans.Add(($"with the name index: raw first page, {title} ({org.Path})",
                await ExplainAsync(RawPageSql, org.Path, TreePath.Upper(org.Path))));
        }

        await ExecAsync($"DROP INDEX {WhatIfIndex}");
    }

    // ------------------------------------------------------------------ helpers

    private async Task TableSizesAsync()
    {
        foreach (var table in new[] { "Organizations", "OrgCounters", "Persons", "Memberships" })
        {
            results.TableSizes.Add((table, await ScalarAsync<long>($"SELECT pg_total_relation_size('\"{table}\"')")));
        }
    }

    private void Check(string what, bool ok)
    {
        results.Checks.Add((ok ? "ok: " : "FAILED: ") + what);
        Log.Line((ok ? "check ok: " : "CHECK FAILED: ") + what);
    }

    private async Task ExecAsync(string sql)
    {
        await using var connection = await Raw.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = await Raw.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        var value = await command.ExecuteScalarAsync();
        return value is T t ? t : (T)Convert.ChangeType(value!, typeof(T), CultureInfo.InvariantCulture);
    }

    private async Task<List<Org>> OrgsAsync(string sql, params object[] parameters)
    {
        await using var connection = await Raw.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        var list = new List<Org>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(new Org(reader.GetInt64(0), reader.GetString(1)));
        }

        return list;
    }

    private async Task<string> ExplainAsync(string sql, params object[] parameters)
    {
        await using var connection = await Raw.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, connection) { CommandTimeout = 0 };
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        var text = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            text.AppendLine(reader.GetString(0));
        }

        return text.ToString();
    }
}
