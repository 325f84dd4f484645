using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using Npgsql;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Data.Reference;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Bench;

/// <summary>
/// Issue 4's import benchmark: a template-shaped workbook of N valid rows is imported through
/// <see cref="MemberImporter"/> into SQLite (a temp file) and, given a connection string, PostgreSQL; the
/// baselines are MiniExcel's own parse of the same workbook and (PostgreSQL) binary COPY of the same rows.
/// Then <see cref="MemberExporter.MembersAsync"/> exports the imported members.
/// </summary>
public static class ImportBench
{
    /// <summary>
    /// Branches of the timed import, 50 members each, under <see cref="GeneralBranchCount"/> general branches: the shape of
    /// DOMAIN.md's organizations (8–11 members per organization in the seeds, 10 nationally; a branch past 50 full
    /// members is split). Until 2026-11-24 the benchmark put 1,000 members in each of 100 branches.
    /// </summary>
    private const int BranchCount = 2_000;

    private const int GeneralBranchCount = 40;

    /// <summary>Branches of the warm-up tree, directly under its committee.</summary>
    private const int WarmUpBranchCount = 100;
    private const string CopyPersons = "bench_persons_copy";
    private const string CopyMemberships = "bench_memberships_copy";

    public sealed record Options(int Rows, string? Connection, string Out, string Source, string ServerNote);

    private sealed record Measure(double Seconds, long PeakBytes, long StartBytes, double Load, CpuUse Cpu);

    /// <summary>
    /// Where a measurement's time went: CPU seconds of this process and of the machine's PostgreSQL processes, the
    /// collector's pauses and what was allocated. On two cores the two CPU figures added up are the import's floor.
    /// </summary>
    private sealed record CpuUse(double ProcessSeconds, double PostgresSeconds, double GcPauseSeconds, long AllocatedBytes)
    {
        private Dictionary<int, long> PostgresTicks { get; init; } = [];

        public static CpuUse Now() => new(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, 0,
            GC.GetTotalPauseDuration().TotalSeconds, GC.GetTotalAllocatedBytes())
        { PostgresTicks = PostgresCpuTicks() };

        /// <summary>
        /// The difference; PostgreSQL per process (a backend that started meanwhile counts whole, one that ended
        /// meanwhile is not counted: its time is lost, so the figure errs low). Ticks are 1/100 s (USER_HZ).
        /// </summary>
        public CpuUse Since(CpuUse start) => new(ProcessSeconds - start.ProcessSeconds,
            PostgresTicks.Sum(p => p.Value - start.PostgresTicks.GetValueOrDefault(p.Key)) / 100.0,
            GcPauseSeconds - start.GcPauseSeconds, AllocatedBytes - start.AllocatedBytes);
    }

    private sealed class Target(string name)
    {
        public string Name { get; } = name;
        public Measure? Import { get; set; }
        public ImportResult? Result { get; set; }
        public Measure? Export { get; set; }
        public long ExportBytes { get; set; }
        public double? CopySeconds { get; set; }
        public long CopyPersons { get; set; }
        public long CopyMemberships { get; set; }
        public string? Version { get; set; }
    }

    /// <summary><c>--alloc-profile</c>: log the types that the timed imports allocate most (<see cref="AllocationSampler"/>).</summary>
    private static bool AllocProfile { get; set; }

    public static async Task<int> MainAsync(string[] args)
    {
        AllocProfile = args.Contains("--alloc-profile");
        string? Text(string name)
        {
            var i = Array.LastIndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var options = new Options(
            int.Parse((Text("--rows") ?? "100000").Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal),
                CultureInfo.InvariantCulture),
            Text("--connection"),
            Text("--out") ?? Path.Combine("bench", "results", "import.md"),
            Text("--source") ?? "",
            Text("--server-note") ?? "");
        Log.Line(string.Create(CultureInfo.InvariantCulture,
            $"Import benchmark: {options.Rows:N0} rows; SQLite{(options.Connection is null ? "" : " and PostgreSQL")} -> {options.Out}"));

        var shortNames = Enumerable.Range(1, BranchCount).Select(i => string.Create(CultureInfo.InvariantCulture, $"第{i:0000}团支部")).ToArray();
        var warmUpNames = Enumerable.Range(1, WarmUpBranchCount).Select(i => string.Create(CultureInfo.InvariantCulture, $"第{i:000}支部")).ToArray();
        var generate = Stopwatch.StartNew();
        // A small workbook of other people first, imported untimed into each database so that the timed import runs on
        // compiled code, as it would in a server that has been up for a while (the parse baseline gets a warm-up too).
        var (warmUp, workbook) = Workbooks(WarmUpRows, options.Rows, warmUpNames, shortNames);
        var generateSeconds = generate.Elapsed.TotalSeconds;
        Log.Line(string.Create(CultureInfo.InvariantCulture,
            $"Workbook: {options.Rows:N0} rows, {workbook.Length / 1024.0 / 1024.0:0.0} MiB, generated in {generateSeconds:0.0} s"));

        // MiniExcel's own parse, enumerated fully: one warm-up, then three timed, the best kept.
        ParseOnce(workbook);
        var parses = new List<Measure>();
        for (var i = 0; i < 3; i++)
        {
            parses.Add(await Sampled(() =>
            {
                ParseOnce(workbook);
                return Task.CompletedTask;
            }));
        }

        var parse = parses.MinBy(p => p.Seconds)!;
        var parseDefaults = await Sampled(() =>
        {
            ParseOnce(workbook, defaults: true);
            return Task.CompletedTask;
        });
        Log.Line(string.Create(CultureInfo.InvariantCulture, $"MiniExcel parse with its default settings: {parseDefaults.Seconds:0.00} s"));
        Log.Line(string.Create(CultureInfo.InvariantCulture,
            $"MiniExcel parse: best {parse.Seconds:0.00} s of {string.Join(", ", parses.Select(p => p.Seconds.ToString("0.00", CultureInfo.InvariantCulture)))}"));

        // The importer's own two passes over the file, each on its own: the probe (every part decompressed and scanned) and
        // the typed-row reader (FlatSheets.Rows over XlsxSheet), best of three after a warm-up.
        var probe = await BestOfThree(() => Zhijian.Web.Features.ImportExport.WorkbookProbe.Read(new MemoryStream(workbook)));
        var ownParse = await BestOfThree(() => Zhijian.Web.Features.ImportExport.FlatSheets.Rows(new MemoryStream(workbook),
            Zhijian.Web.Features.ImportExport.SheetFormat.Xlsx).Count());
        Log.Line(string.Create(CultureInfo.InvariantCulture, $"Probe: best {probe.Seconds:0.00} s; own reader: best {ownParse.Seconds:0.00} s"));

        var targets = new List<Target>();
        var sqliteFile = Path.Combine(Path.GetTempPath(), $"zhijian-import-bench-{Guid.NewGuid():N}.db");
        try
        {
            targets.Add(await RunAsync("SQLite", DatabaseOptions.Sqlite, $"Data Source={sqliteFile}", warmUp, workbook, warmUpNames, shortNames, options.Rows));
        }
        finally
        {
            foreach (var f in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" })
            {
                File.Delete(f);
            }
        }

        if (options.Connection is not null)
        {
            targets.Add(await RunAsync("PostgreSQL", DatabaseOptions.Postgres, options.Connection, warmUp, workbook, warmUpNames, shortNames, options.Rows));
        }

        var markdown = Render(options, workbook.Length, generateSeconds, parse, parses, parseDefaults, (probe, ownParse), targets);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);
        await File.WriteAllTextAsync(options.Out, markdown);
        Log.Line($"Wrote {options.Out}");
        Console.WriteLine();
        Console.WriteLine(markdown);
        return 0;
    }

    // ------------------------------------------------------------------ workbook

    /// <summary>N valid League rows in the template's columns (names, not codes, as people fill it in), unique ID numbers.</summary>
    /// <summary>Rows of the untimed warm-up import (other people than the timed workbook's).</summary>
    private const int WarmUpRows = 20_000;

    private static (byte[] WarmUp, byte[] Timed) Workbooks(int warm, int n, string[] warmUpBranches, string[] branches)
    {
        var all = Rows(warm + n, i => i < warm ? warmUpBranches[i % warmUpBranches.Length] : branches[(i - warm) % branches.Length]);
        return (Save(all.Take(warm)), Save(all.Skip(warm)));
    }

    /// <summary>The rows as Excel and WPS save a filled-in template: text as shared strings (<see cref="ExcelLikeWorkbook"/>).</summary>
    private static byte[] Save(IEnumerable<Dictionary<string, object?>> rows) =>
        ExcelLikeWorkbook.Build(MemberSheet.Headers,
            rows.Select(r => (IReadOnlyList<string?>)MemberSheet.Headers.Select(h => (string?)r[h]).ToList()).ToList(), "党（团）员信息");

    private static List<Dictionary<string, object?>> Rows(int n, Func<int, string> branchOf)
    {
        var faker = new PersonFaker(4);
        var random = new Random(4);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var minBirth = today.AddYears(-34);
        var maxBirth = today.AddYears(-19);
        var seen = new HashSet<string>(n);
        var rows = new List<Dictionary<string, object?>>(n);
        var works = new[] { "市第一中学", "市人民医院", "区政务服务中心", "某某科技有限公司", "市职业技术学院", "街道办事处" };
        var posts = new[] { "教师", "护士", "科员", "工程师", "学生", "干事" };
        while (rows.Count < n)
        {
            var p = faker.Next(minBirth, maxBirth);
            if (!seen.Add(p.IdNumber))
            {
                continue;
            }

            // Joined the League at 14 to 18 (and a few months): within 14-28, never after today.
            var joined = p.BirthDate.AddYears(14 + random.Next(5)).AddDays(random.Next(300));
            var i = rows.Count;
            rows.Add(new Dictionary<string, object?>
            {
                [MemberSheet.Name] = p.Name,
                [MemberSheet.Gender] = CodeTables.Gender.NameOf(p.GenderCode),
                [MemberSheet.Ethnicity] = CodeTables.Ethnicity.NameOf(p.EthnicityCode),
                [MemberSheet.BirthDate] = p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                [MemberSheet.IdNumber] = p.IdNumber,
                [MemberSheet.Phone] = p.Phone,
                [MemberSheet.Education] = CodeTables.Education.NameOf(p.EducationCode),
                [MemberSheet.PoliticalStatus] = "共青团员",
                [MemberSheet.JoinedOn] = joined.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                [MemberSheet.Branch] = branchOf(i),
                [MemberSheet.WorkUnit] = works[i % works.Length],
                [MemberSheet.Post] = posts[i / 7 % posts.Length],
                [MemberSheet.Address] = p.Address,
            });
        }

        return rows;
    }

    /// <summary>
    /// The largest shared-string table MiniExcel keeps in memory in the baseline parse, as the importer set it while it read
    /// with MiniExcel: with MiniExcel's default of 5 MB, every cell of a 100,000-row file was read back from its disk cache.
    /// </summary>
    private const long SharedStringsInMemory = 64L * 1024 * 1024;

    /// <summary>
    /// MiniExcel's parse with the importer's former reading settings (shared strings in memory up to
    /// <see cref="SharedStringsInMemory"/>), or with MiniExcel's defaults.
    /// </summary>
    private static long ParseOnce(byte[] workbook, bool defaults = false)
    {
        using var stream = new MemoryStream(workbook, writable: false);
        long cells = 0;
        var configuration = defaults ? null : new OpenXmlConfiguration { SharedStringCacheSize = SharedStringsInMemory };
        foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: true, excelType: ExcelType.XLSX,
                     configuration: configuration))
        {
            cells += row.Count;
        }

        return cells;
    }

    // ------------------------------------------------------------------ one database

    private static async Task<Target> RunAsync(string name, string provider, string connection, byte[] warmUp, byte[] workbook,
        string[] warmUpNames, string[] shortNames, int rows)
    {
        var target = new Target(name);
        Log.Line($"== {name}");
        await using var app = BenchHost.Build(provider, connection);
        Task<T> InScope<T>(Func<IServiceProvider, Task<T>> work) => app.InScope(work);

        await InScope(async sp =>
        {
            await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            return 0;
        });
        Task<OrganizationDto> Create(OrgKind kind, long? parentId, string name, string shortName) =>
            InScope(sp => sp.GetRequiredService<OrganizationService>().CreateAsync(
                new CreateOrganizationRequest(OrgSystem.League, kind, parentId, name, shortName)));

        // The warm-up goes into a tree of its own, so that the export and the counts below see the timed import only.
        var warmRoot = await Create(OrgKind.Committee, null, "共青团某某县委员会", "团县委");
        foreach (var branch in warmUpNames)
        {
            await Create(OrgKind.Branch, warmRoot.Id, $"共青团某某县{branch}", branch);
        }

        var root = await Create(OrgKind.Committee, null, "共青团某某市委员会", "团市委");
        var perGeneralBranch = shortNames.Length / GeneralBranchCount;
        for (var g = 0; g < GeneralBranchCount; g++)
        {
            var generalName = string.Create(CultureInfo.InvariantCulture, $"第{g + 1:00}团总支");
            var general = await Create(OrgKind.GeneralBranch, root.Id, $"共青团某某市{generalName}", generalName);
            foreach (var branch in shortNames.Skip(g * perGeneralBranch).Take(perGeneralBranch))
            {
                await Create(OrgKind.Branch, general.Id, $"共青团某某市{generalName}{branch}", branch);
            }
        }

        Log.Line($"{name}: root {root.Id} with {GeneralBranchCount} general branches and {shortNames.Length} branches created (and a warm-up tree)");
        var warmUpResult = await InScope(async sp =>
        {
            using var stream = new MemoryStream(warmUp, writable: false);
            return (await sp.GetRequiredService<MemberImporter>().ImportAsync(warmRoot.Id, stream)).Result;
        });
        if (warmUpResult.Imported != WarmUpRows)
        {
            throw new InvalidOperationException($"Warm-up import took {warmUpResult.Imported} of {WarmUpRows} rows.");
        }

        // The JIT's background tier-up of what the warm-up ran finishes before the clock starts.
        await Task.Delay(TimeSpan.FromSeconds(2));
        if (provider == DatabaseOptions.Postgres)
        {
            await using var raw = NpgsqlDataSource.Create(connection);
            target.Version = (string?)await raw.CreateCommand("SELECT version()").ExecuteScalarAsync();
            await raw.CreateCommand("CHECKPOINT").ExecuteNonQueryAsync();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var allocations = AllocProfile ? new AllocationSampler() : null;
        allocations?.Start();
        target.Import = await Sampled(async () =>
        {
            target.Result = await InScope(async sp =>
            {
                using var stream = new MemoryStream(workbook, writable: false);
                var (result, _) = await sp.GetRequiredService<MemberImporter>().ImportAsync(root.Id, stream);
                return result;
            });
        });
        allocations?.Stop();
        foreach (var line in allocations?.Top(25) ?? [])
        {
            Log.Line($"  allocated (sampled) {line}");
        }

        var r = target.Result!;
        Log.Line(string.Create(CultureInfo.InvariantCulture,
            $"{name} import: {target.Import.Seconds:0.00} s = {rows / target.Import.Seconds:N0} rows/s; total {r.Total}, imported {r.Imported}, rejected {r.Rejected}, skipped {r.Skipped}; peak WS {Mib(target.Import.PeakBytes)} MiB"));
        foreach (var e in r.Errors.Take(5))
        {
            Log.Line($"  row {e.Row} {e.Column}: {e.Message}");
        }

        if (provider == DatabaseOptions.Postgres)
        {
            await CopyBaselineAsync(connection, target, root.Path);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        Stream? exported = null;
        target.Export = await Sampled(async () =>
        {
            // Streamed to a temporary file by the exporter; the measure ends when the workbook is complete.
            exported = await InScope(sp => sp.GetRequiredService<MemberExporter>().MembersAsync(root.Id));
        });
        await using (exported)
        {
            target.ExportBytes = exported!.Length;
            var exportedRows = MiniExcel.Query(exported, useHeaderRow: true, excelType: ExcelType.XLSX).Count();
            Log.Line(string.Create(CultureInfo.InvariantCulture,
                $"{name} export: {target.Export.Seconds:0.00} s, {target.ExportBytes / 1024.0 / 1024.0:0.0} MiB, {exportedRows:N0} rows; peak WS {Mib(target.Export.PeakBytes)} MiB"));
        }

        return target;
    }

    /// <summary>
    /// The floor on PostgreSQL: the rows the import wrote to "Persons" and "Memberships", taken out with
    /// COPY TO (binary, in memory, not timed) and written back with binary COPY FROM into scratch tables
    /// <c>LIKE ... INCLUDING ALL</c> (same columns, defaults and indexes; no foreign keys). Only the COPY FROM is timed.
    /// </summary>
    private static async Task CopyBaselineAsync(string connection, Target target, string rootPath)
    {
        await using var raw = NpgsqlDataSource.Create(connection);
        await using var conn = await raw.OpenConnectionAsync();
        async Task Exec(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
            await cmd.ExecuteNonQueryAsync();
        }

        async Task<byte[]> Out(string query)
        {
            using var buffer = new MemoryStream();
            await using (var reader = await conn.BeginRawBinaryCopyAsync($"COPY ({query}) TO STDOUT (FORMAT BINARY)"))
            {
                await reader.CopyToAsync(buffer);
            }

            return buffer.ToArray();
        }

        async Task In(string table, byte[] data)
        {
            await using var writer = await conn.BeginRawBinaryCopyAsync($"COPY {table} FROM STDIN (FORMAT BINARY)");
            await writer.WriteAsync(data);
        }

        // The timed import's rows only (not the warm-up's, which went into another tree).
        var timed = $"SELECT \"PersonId\" FROM \"Memberships\" WHERE \"OrgPath\" LIKE '{rootPath}%'";
        var persons = await Out($"SELECT * FROM \"Persons\" WHERE \"Id\" IN ({timed}) ORDER BY \"Id\"");
        var memberships = await Out($"SELECT * FROM \"Memberships\" WHERE \"OrgPath\" LIKE '{rootPath}%' ORDER BY \"Id\"");
        await Exec($"DROP TABLE IF EXISTS {CopyPersons}; DROP TABLE IF EXISTS {CopyMemberships}; " +
                   $"CREATE TABLE {CopyPersons} (LIKE \"Persons\" INCLUDING ALL); " +
                   $"CREATE TABLE {CopyMemberships} (LIKE \"Memberships\" INCLUDING ALL); CHECKPOINT");
        var elapsed = await Timing.OnceAsync(async () =>
        {
            await In(CopyPersons, persons);
            await In(CopyMemberships, memberships);
        });
        await using (var count = new NpgsqlCommand($"SELECT (SELECT count(*) FROM {CopyPersons}), (SELECT count(*) FROM {CopyMemberships})", conn))
        await using (var reader = await count.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            target.CopyPersons = reader.GetInt64(0);
            target.CopyMemberships = reader.GetInt64(1);
        }

        await Exec($"DROP TABLE {CopyPersons}; DROP TABLE {CopyMemberships}");
        target.CopySeconds = elapsed.TotalSeconds;
        Log.Line(string.Create(CultureInfo.InvariantCulture,
            $"COPY baseline: {target.CopyPersons:N0} persons + {target.CopyMemberships:N0} memberships in {elapsed.TotalSeconds:0.00} s ({(persons.Length + memberships.Length) / 1024.0 / 1024.0:0.0} MiB binary)"));
    }

    // ------------------------------------------------------------------ measurement

    /// <summary>CPU ticks used so far by each process named postgres (the throwaway server's), from /proc, by process id.</summary>
    private static Dictionary<int, long> PostgresCpuTicks()
    {
        var ticks = new Dictionary<int, long>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (!File.ReadAllText(Path.Combine(dir, "comm")).StartsWith("postgres", StringComparison.Ordinal))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }

        return ticks;
    }

    /// <summary>Times one call while sampling the working set every 100 ms (and at both ends).</summary>
    private static async Task<Measure> BestOfThree(Func<object> op)
    {
        op();
        var runs = new List<Measure>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await Sampled(() =>
            {
                op();
                return Task.CompletedTask;
            }));
        }

        return runs.MinBy(r => r.Seconds)!;
    }

    private static async Task<Measure> Sampled(Func<Task> op)
    {
        var start = Environment.WorkingSet;
        long peak = start;
        using var timer = new Timer(_ =>
        {
            var ws = Environment.WorkingSet;
            long seen;
            while (ws > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, ws, seen) != seen)
            {
            }
        }, null, 0, 100);
        var cpu = CpuUse.Now();
        var clock = Stopwatch.StartNew();
        await op();
        var seconds = clock.Elapsed.TotalSeconds;
        var used = CpuUse.Now().Since(cpu);
        await timer.DisposeAsync();
        var end = Environment.WorkingSet;
        var max = Math.Max(Interlocked.Read(ref peak), end);
        return new Measure(seconds, max, start, Timing.LoadAverage(), used);
    }

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture);

    // ------------------------------------------------------------------ report

    private static string Render(Options options, long workbookBytes, double generateSeconds, Measure parse,
        List<Measure> parses, Measure parseDefaults, (Measure Probe, Measure Read) own, List<Target> targets)
    {
        var ic = CultureInfo.InvariantCulture;
        var n = options.Rows;
        var s = new StringBuilder();
        s.AppendLine(ic, $"# Import / export benchmark (issue 4): {n:N0} rows");
        s.AppendLine();
        s.AppendLine(ic, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `bench/run-import.sh --rows {n}` ({options.Source}).");
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        s.AppendLine(ic, $"Machine: {cpu}, {Environment.ProcessorCount} cores; {RuntimeInformation.FrameworkDescription}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC; Release build.");
        foreach (var t in targets.Where(t => t.Version is not null))
        {
            s.AppendLine(ic, $"PostgreSQL: {t.Version}; {options.ServerNote}.");
        }

        s.AppendLine(ic, $"SQLite: a temp file, the app's own connection settings.");
        s.AppendLine(ic, $"Workbook: {n:N0} valid League rows in the template's 13 columns (names, not codes; dates as text), " +
            $"{workbookBytes / 1024.0 / 1024.0:0.0} MiB, spread round-robin over {BranchCount:N0} branches ({n / BranchCount:N0} rows each; 所在支部 = short name) under {GeneralBranchCount} general branches of one 团委, " +
            $"generated in {generateSeconds:0.0} s (not timed). Text is stored as Excel and WPS save it, as shared strings " +
            $"(`ExcelLikeWorkbook`), not inline as MiniExcel writes it.");
        s.AppendLine();
        s.AppendLine("| operation | measured | baseline (same run) | ratio | target | verdict |");
        s.AppendLine("| --- | --- | --- | --- | --- | --- |");
        s.AppendLine(ic, $"| MiniExcel parse (`Query(useHeaderRow: true)` enumerated, the importer's settings) | {parse.Seconds:0.00} s = {n / parse.Seconds:N0} rows/s | — | — | — | — |");
        s.AppendLine(ic, $"| MiniExcel parse with its default settings (shared strings over 5 MB read from a disk cache) | {parseDefaults.Seconds:0.00} s | — | — | — | — |");
        s.AppendLine(ic, $"| the importer's check of the file (`WorkbookProbe.Read`: every part decompressed and scanned), best of 3 | {own.Probe.Seconds:0.00} s | — | — | — | — |");
        s.AppendLine(ic, $"| the importer's reader (`FlatSheets.Rows` over `XlsxSheet`, typed rows enumerated), best of 3 | {own.Read.Seconds:0.00} s = {n / own.Read.Seconds:N0} rows/s | MiniExcel parse {parse.Seconds:0.00} s | {own.Read.Seconds / parse.Seconds:0.00}× | — | — |");
        foreach (var t in targets)
        {
            var imp = t.Import!;
            var rate = n / imp.Seconds;
            var ratio = imp.Seconds / parse.Seconds;
            var ok = rate >= 20_000 && ratio <= 2.0;
            s.AppendLine(ic, $"| import → {t.Name} (`MemberImporter.ImportAsync`) | {imp.Seconds:0.00} s = {rate:N0} rows/s | MiniExcel parse {parse.Seconds:0.00} s | {ratio:0.0}× parse time | ≥ 20,000 rows/s (≤ {n / 20_000.0:0.#} s) and ≤ 2× parse | {(ok ? "meets" : "**misses**")} |");
            if (t.CopySeconds is { } copy)
            {
                s.AppendLine(ic, $"| import → {t.Name} vs raw COPY | {imp.Seconds:0.00} s | binary COPY of the same {t.CopyPersons:N0} persons + {t.CopyMemberships:N0} memberships: {copy:0.00} s = {n / copy:N0} rows/s | {imp.Seconds / copy:0}× COPY time | — (reported) | — |");
            }

            var allocated = imp.Cpu.AllocatedBytes / 1e9;
            var issue19 = rate >= 30_000 && allocated <= 0.98;
            s.AppendLine(ic, $"| import → {t.Name}: issue 19 (speed and allocation) | {rate:N0} rows/s, {allocated:0.00} GB allocated | issue 19's main: 1.96 GB | {allocated / 1.96:0.00}× the allocation | ≥ 30,000 rows/s (≤ {n / 30_000.0:0.0#} s) and ≤ 0.98 GB | {(issue19 ? "meets" : "**misses**")} |");
            s.AppendLine(ic, $"| import → {t.Name}: peak working set | {Mib(imp.PeakBytes)} MiB (process, {Mib(imp.StartBytes)} MiB before) | — | — | ≤ 512 MiB | {(imp.PeakBytes <= 512L * 1024 * 1024 ? "meets" : "**misses**")} |");
            var exp = t.Export!;
            s.AppendLine(ic, $"| export from {t.Name} (`MemberExporter.MembersAsync`) | {exp.Seconds:0.00} s = {n / exp.Seconds:N0} rows/s, {t.ExportBytes / 1024.0 / 1024.0:0.0} MiB; peak WS {Mib(exp.PeakBytes)} MiB | — | — | none set | — |");
        }

        s.AppendLine();
        s.AppendLine("Counts reported by the importer and load average (1 min) at the end of each measurement:");
        s.AppendLine();
        s.AppendLine("| database | total | imported | rejected | skipped | import load | export load |");
        s.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var t in targets)
        {
            var r = t.Result!;
            s.AppendLine(ic, $"| {t.Name} | {r.Total:N0} | {r.Imported:N0} | {r.Rejected:N0} | {r.Skipped:N0} | {t.Import!.Load:0.00} | {t.Export!.Load:0.00} |");
        }

        s.AppendLine();
        s.AppendLine("Where the time went (CPU seconds during each measurement; the machine has two cores, so wall time is at least half");
        s.AppendLine("their sum; PostgreSQL is every `postgres` process on the machine, the throwaway server's):");
        s.AppendLine();
        s.AppendLine("| measurement | wall | CPU, this process | CPU, PostgreSQL | GC pauses | allocated |");
        s.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var (label, m) in targets.SelectMany(t => new[] { ($"import → {t.Name}", t.Import!), ($"export from {t.Name}", t.Export!) })
                     .Prepend(("the importer's reader (best)", own.Read)).Prepend(("the importer's check (best)", own.Probe))
                     .Prepend(("MiniExcel parse (best)", parse)))
        {
            s.AppendLine(ic, $"| {label} | {m.Seconds:0.00} s | {m.Cpu.ProcessSeconds:0.00} s | {m.Cpu.PostgresSeconds:0.00} s | {m.Cpu.GcPauseSeconds:0.00} s | {m.Cpu.AllocatedBytes / 1048576.0:N0} MiB |");
        }

        s.AppendLine();
        s.AppendLine(ic, $"MiniExcel parse runs (after one warm-up): {string.Join(", ", parses.Select(p => p.Seconds.ToString("0.00", ic) + " s"))}; the best is the baseline. Load {parse.Load:0.00}.");
        s.AppendLine();
        s.AppendLine("How: each import and export runs once in a fresh DI scope (new DbContext), caller a system administrator, " +
            "without HTTP; the organizations are created first through `OrganizationService.CreateAsync`. Before the timed " +
            $"import, an untimed warm-up imports {WarmUpRows:N0} other people into a second tree of {WarmUpBranchCount} branches and waits 2 s, so " +
            "that the timed import runs on code the JIT has already compiled, as in a server that has been up for a while " +
            "(a cold process spent 3–5 s of CPU on the JIT's background compilation during the import). The working set is " +
            "`Environment.WorkingSet` sampled every 100 ms and at both ends; it is the whole process (host, the workbook bytes " +
            "held in memory, the GC's heaps), not the import alone. The COPY baseline takes the rows the timed import wrote out of " +
            "\"Persons\" and \"Memberships\" with binary `COPY TO` (untimed) and times binary `COPY FROM` of them into scratch " +
            "tables `LIKE ... INCLUDING ALL` (same columns and indexes, no foreign keys, no counters, no audit).");
        return s.ToString();
    }
}
