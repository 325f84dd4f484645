using System.Globalization;
using Zhijian.Bench;

// Usage: Zhijian.Bench --connection "Host=...;Database=...;Username=..." [--orgs 1000000] [--members 10000000]
//        [--out bench/results/national-postgres.md] [--server-note "fsync=off ..."] [--no-what-if]
// Normally started by bench/run-national.sh, which brings up a throwaway PostgreSQL server.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Contains("--import-bench"))
{
    // Usage: Zhijian.Bench --import-bench [--rows 100000] [--connection CS] [--out bench/results/import.md]
    // Normally started by bench/run-import.sh (SQLite in a temp file, PostgreSQL on a throwaway server).
    return await ImportBench.MainAsync(args);
}

if (args.Contains("--stats-bench"))
{
    // Usage: Zhijian.Bench --stats-bench --connection CS [--orgs N] [--members M] [--subtree 1000000] [--threshold 500000]
    // Normally started by bench/run-stats.sh.
    return await StatsBench.MainAsync(args);
}

if (args.Contains("--cycles-bench"))
{
    // Usage: Zhijian.Bench --cycles-bench --connection CS [--out FILE]; started by bench/run-cycles.sh.
    return await CyclesBench.MainAsync(args);
}

if (args.Contains("--development-bench"))
{
    // Usage: Zhijian.Bench --development-bench --connection CS; started by bench/run-development.sh.
    return await DevelopmentBench.MainAsync(args);
}

if (args.Contains("--notices-bench"))
{
    // Usage: Zhijian.Bench --notices-bench --connection CS; started by bench/run-notices.sh.
    return await NoticesBench.MainAsync(args);
}

if (args.Contains("--meetings-bench"))
{
    // Usage: Zhijian.Bench --meetings-bench --connection CS [--orgs N] [--members M]; started by bench/run-meetings.sh.
    return await MeetingsBench.MainAsync(args);
}

if (args.Contains("--libraries-bench"))
{
    // Usage: Zhijian.Bench --libraries-bench --provider postgres|sqlite --connection CS [--docs 100000]; started by bench/run-libraries.sh.
    return await LibrariesBench.MainAsync(args);
}

if (args.Contains("--dues-bench"))
{
    // Usage: Zhijian.Bench --dues-bench [--connection CS] [--sqlite-members 100000] [--out FILE]; started by bench/run-dues.sh.
    return await DuesBench.MainAsync(args);
}

if (args.Contains("--seed-only"))
{
    // Usage: Zhijian.Bench --seed-only --connection CS [--orgs 1000000] [--members 10000000]
    // Started by bench/national-template.sh: migrates and seeds the national dataset, which module benchmarks copy.
    return await SeedOnly.MainAsync(args);
}

if (args.Contains("--transfer-bench"))
{
    // Usage: Zhijian.Bench --transfer-bench [--connection CS] [--orgs 10000 --members 200000 --batch 100000] [--out bench/results/transfers.md]
    // Normally started by bench/run-transfers.sh.
    return await TransferBench.MainAsync(args);
}

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: Zhijian.Bench --connection CS [--orgs N] [--members M] [--out FILE] " +
        "[--server-note TEXT] [--source TEXT] [--subtree-orgs N] [--subtree-members M] [--moves K] [--no-what-if]");
    return 2;
}

Log.Line(string.Create(CultureInfo.InvariantCulture,
    $"National benchmark: {options.Orgs:N0} organizations, {options.Members:N0} memberships -> {options.Out}"));
await using var bench = new NationalBench(options);
var results = await bench.RunAsync();
var markdown = Report.Render(options, results);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);
await File.WriteAllTextAsync(options.Out, markdown);
var plans = Path.ChangeExtension(options.Out, null) + "-plans.md";
await File.WriteAllTextAsync(plans, Report.RenderPlans(options, results));
Log.Line($"Wrote {options.Out} and {plans}");
Console.WriteLine();
Console.WriteLine(markdown);
return 0;
