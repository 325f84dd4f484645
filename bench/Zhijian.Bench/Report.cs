using System.Globalization;
using System.Text;

namespace Zhijian.Bench;

/// <summary>Renders a run's results as Markdown for <c>bench/results/</c>.</summary>
public static class Report
{
    private const double HeadlineBudgetMs = 5;
    private const double PageRootBudgetMs = 50;
    private const double PageBranchBudgetMs = 20;
    private const double MoveBudgetMs = 3000;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(BenchOptions o, Results r)
    {
        var md = new StringBuilder();
        void L(string line = "") => md.Append(line).Append('\n');

        L("# National benchmark on PostgreSQL (issue \"Platform foundation\")");
        L();
        L(F($"Run {r.StartedAt:yyyy-MM-dd HH:mm} UTC, {r.Duration.TotalMinutes:0} min in all, by `bench/run-national.sh` ") +
            F($"(program `bench/Zhijian.Bench`). Every baseline was measured in the same run, on the same server and data."));
        L();
        L("| | |");
        L("| --- | --- |");
        L($"| machine | {r.Machine} |");
        L($"| runtime | {r.Runtime}, Release build, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC |");
        if (!string.IsNullOrWhiteSpace(o.Source))
        {
            L($"| code | {o.Source} |");
        }

        L($"| database | {r.PostgresVersion.Split(" on ")[0]}, throwaway cluster in a temp dir, `C.UTF-8` locale |");
        L($"| settings | {string.Join(", ", r.Settings.Select(s => $"`{s.Name}={s.Value}`"))} |");
        if (!string.IsNullOrWhiteSpace(o.ServerNote))
        {
            L($"| note | {o.ServerNote} |");
        }

        L(F($"| data | {o.Orgs:N0} organizations in {r.LevelSizes.Length} levels ({string.Join(" / ", r.LevelSizes.Select(n => n.ToString("N0", Inv)))}), ") +
            F($"{o.Members:N0} persons and memberships (all active, League), spread round-robin over the branches |"));
        L(F($"| sites | root `{r.RootPath}` ({r.RootMembers:N0} members); level-1 团委: {r.CommitteeCount} in rotation, ") +
            F($"{r.CommitteeMembers:N0} members each; branches: {r.BranchSample} sampled, {r.BranchMembers:0.0} members on average |"));
        var loads = AllStats(r).Select(s => s.Load).Where(l => !double.IsNaN(l)).ToList();
        if (loads.Count > 0)
        {
            L(F($"| machine load | 1-minute load average {loads.Min():0.0}–{loads.Max():0.0} at the ends of the measurements (2 cores: above 2, other processes competed for CPU) |"));
        }

        L($"| sizes after the run | {string.Join(", ", r.TableSizes.Select(t => F($"{t.Table} {t.Bytes / 1024.0 / 1024 / 1024:0.00} GiB")))} (with indexes) |");
        L();
        L("fsync, synchronous_commit and full_page_writes are **off**: acceptable for a benchmark that throws its cluster away, " +
            "but a production server (fsync on) writes slower; seed and move figures are therefore optimistic in absolute terms, " +
            "and so is their baseline. Latencies are per call, one caller at a time, each service call in a fresh DI scope " +
            "(new DbContext, pooled connection), as a request would; p50/p95 are nearest-rank over the samples counted in `n` below.");
        L();
        L("## Results against DESIGN.md's budget");
        L();
        L("Ratio = measured ÷ baseline (for the seed: seed rate ÷ COPY rate, higher is better; for latencies: p95 ÷ p95, lower is better).");
        L();
        L("| operation | measured | baseline (same run) | ratio | budget | verdict |");
        L("| --- | --- | --- | --- | --- | --- |");
        var seedRate = o.Members / r.SeedSeconds;
        var copyRate = o.Members / r.CopySeconds;
        L(F($"| seed {o.Orgs:N0} orgs + {o.Members:N0} memberships (`BulkSeeder.SeedAsync`, incl. persons and counters) | ") +
            F($"{seedRate:N0} memberships/s ({r.SeedSeconds:0.0} s) | raw binary COPY of the same {o.Members:N0} membership rows into a copy of \"Memberships\" with its 4 indexes: ") +
            F($"{copyRate:N0} rows/s ({r.CopySeconds:0.0} s) | {seedRate / copyRate:0.00}× | none in DESIGN.md | — |"));
        Headline(L, "headline counts at the root (`OrganizationService.GetAsync`)", r.HeadRoot!, r.BareRoot!, r.CountRoot!);
        Headline(L, "headline counts at a branch", r.HeadBranch!, r.BareBranch!, r.CountBranch!);
        foreach (var p in r.Pages)
        {
            var budget = BudgetOf(p.Site);
            L($"| first page (50) of the subtree member list, {p.Site}, `MemberQueries.ListAsync` as is (page + exact count) | " +
                $"{PP(p.Service)} | raw SQL page (`ORDER BY \"SortName\" LIMIT 50`): {PP(p.Raw)} | {Ratio(p.Service.P95, p.Raw.P95)} | " +
                $"{BudgetText(p.Site)} | {Verdict(p.Service.P95, budget)} |");
        }

        foreach (var p in r.Pages)
        {
            var budget = BudgetOf(p.Site);
            L($"| — the same at the {p.Site}, page query alone (no count) | {PP(p.PageOnly)} | {PP(p.Raw)} | {Ratio(p.PageOnly.P95, p.Raw.P95)} | " +
                $"{BudgetText(p.Site)} | {Verdict(p.PageOnly.P95, budget)} |");
        }

        var moves = Stats.Of("moves", r.MoveMs);
        L(F($"| move of a {r.MovedOrgs:N0}-organization subtree with {r.MovedMembers:N0} memberships (`OrganizationService.MoveAsync`, {moves.Count} moves back and forth, each after a VACUUM) | ") +
            F($"p50 {Stats.Ms(moves.P50)}, max {Stats.Ms(moves.Max)} | the same path-rewrite UPDATEs in SQL, rolled back: p50 {Stats.Ms(r.MoveRaw!.P50)}, max {Stats.Ms(r.MoveRaw.Max)} | ") +
            F($"{Ratio(moves.P50, r.MoveRaw.P50)} (p50) | ≤ 3 s, one transaction | {Verdict(moves.Max, MoveBudgetMs)} |"));
        L();

        L("## Where it falls short");
        L();
        var shortfalls = new List<string>();
        foreach (var (name, s, budget) in new[]
                 {
                     ("headline counts at the root", r.HeadRoot!, HeadlineBudgetMs),
                     ("headline counts at a branch", r.HeadBranch!, HeadlineBudgetMs),
                 })
        {
            if (s.P95 > budget)
            {
                shortfalls.Add($"{name}: p95 {Stats.Ms(s.P95)} > {Stats.Ms(budget)}");
            }
        }

        foreach (var p in r.Pages.Where(p => p.Service.P95 > BudgetOf(p.Site)))
        {
            var share = p.CountOnly.P50 / p.Service.P50 * 100;
            shortfalls.Add(F($"first page at the {p.Site}: p95 {Stats.Ms(p.Service.P95)} > {Stats.Ms(BudgetOf(p.Site))}; ") +
                F($"the exact count alone takes p50 {Stats.Ms(p.CountOnly.P50)} ({share:0}% of the service's p50 {Stats.Ms(p.Service.P50)}), ") +
                F($"the page query alone p50 {Stats.Ms(p.PageOnly.P50)} / p95 {Stats.Ms(p.PageOnly.P95)}") +
                (p.PageOnly.P95 > BudgetOf(p.Site) ? ", also over budget" : ", within budget without the count"));
        }

        if (moves.Max > MoveBudgetMs)
        {
            shortfalls.Add($"subtree move: max {Stats.Ms(moves.Max)} > 3 s");
        }

        if (shortfalls.Count == 0)
        {
            L("Nothing: every budgeted figure measured here is within DESIGN.md's budget.");
        }

        foreach (var s in shortfalls)
        {
            L($"- {s}");
        }

        L();
        L("## How much the exact count costs (`total` of the member list)");
        L();
        L("| site | members | service (page + count) p50 / p95 | page alone p50 / p95 | count alone p50 / p95 | count ÷ service (p50) |");
        L("| --- | --- | --- | --- | --- | --- |");
        foreach (var p in r.Pages)
        {
            L(F($"| {p.Site} | {p.Members:N0} | {PP(p.Service)} | {PP(p.PageOnly)} | {PP(p.CountOnly)} | {p.CountOnly.P50 / p.Service.P50 * 100:0}% |"));
        }

        L();
        L(F($"The headline counters answer the same number in p95 {Stats.Ms(r.HeadRoot!.P95)} at the root, so `totalExact: false` from counters would remove the count's cost."));
        L();
        if (r.WhatIf.Count > 0)
        {
            L("## What if \"Memberships\" had an index on (\"SortName\", \"Id\")");
            L();
            L(F($"Measured in the same run after `CREATE INDEX ... (\"SortName\", \"Id\")` ({r.IndexBuildSeconds:0.0} s incl. ANALYZE), then dropped again. ") +
                "Not part of the product schema today.");
            L();
            L("| site | page alone, as is p50 / p95 | page alone, with the index | raw SQL page, as is | raw SQL page, with the index |");
            L("| --- | --- | --- | --- | --- |");
            foreach (var w in r.WhatIf)
            {
                var before = r.Pages.First(p => p.Site == w.Site);
                L($"| {w.Site} | {PP(before.PageOnly)} | {PP(w.PageOnly)} | {PP(before.Raw)} | {PP(w.Raw)} |");
            }

            L();
        }

        L("## Every measurement");
        L();
        L("Load = the machine's 1-minute load average when the measurement ended (2 cores; other work on the machine shows here).");
        L();
        L("| measurement | n | p50 | p95 | min | max | load |");
        L("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var s in AllStats(r))
        {
            L(F($"| {s.Label} | {s.Count} | {Stats.Ms(s.P50)} | {Stats.Ms(s.P95)} | {Stats.Ms(s.Min)} | {Stats.Ms(s.Max)} | {s.Load:0.0} |"));
        }

        L();
        L("Other timings of the run:");
        L();
        L(F($"- generating the baseline's {o.Members:N0} rows in memory (not timed into the baseline): {r.GenerateSeconds:0.0} s"));
        L(F($"- parts of the seed, rerun alone afterwards: `CounterRebuilder.RebuildAllAsync` {r.RebuildSeconds:0.0} s, `ANALYZE` {r.AnalyzeSeconds:0.0} s"));
        L(F($"- `VACUUM (ANALYZE)` after the seed (not part of it; keeps autovacuum out of the measurements): {r.VacuumSeconds:0.0} s"));
        L(F($"- seeding the separate {o.SubtreeOrgs:N0}-organization tree for the move (second `SeedAsync` on the full database, counters rebuilt for everything): {r.SubtreeSeedSeconds:0.0} s"));
        L($"- moves one by one (service): {string.Join(", ", r.MoveMs.Select(Stats.Ms))}; the raw UPDATEs, interleaved after each: {string.Join(", ", r.MoveRawMs.Select(Stats.Ms))}");
        L();
        L("Checks:");
        L();
        foreach (var c in r.Checks)
        {
            L($"- {c}");
        }

        L();
        L($"Query plans of the raw baselines: `{Path.GetFileName(Path.ChangeExtension(o.Out, null))}-plans.md`.");
        return md.ToString();
    }

    private static List<Stats> AllStats(Results r)
    {
        var all = new List<Stats> { r.HeadRoot!, r.HeadBranch!, r.BareRoot!, r.BareBranch!, r.CountRoot!, r.CountBranch! };
        foreach (var p in r.Pages)
        {
            all.AddRange([p.Service, p.PageOnly, p.CountOnly, p.Raw]);
        }

        all.Add(Stats.Of("OrganizationService.MoveAsync (each move)", r.MoveMs) with { Load = r.MoveLoad });
        all.Add(r.MoveRaw!);
        foreach (var w in r.WhatIf)
        {
            all.AddRange([w.PageOnly, w.Raw]);
        }

        return all;
    }

    public static string RenderPlans(BenchOptions o, Results r)
    {
        var md = new StringBuilder();
        md.Append(F($"# Query plans, national benchmark of {r.StartedAt:yyyy-MM-dd HH:mm} UTC ({o.Orgs:N0} organizations, {o.Members:N0} memberships)\n\n"));
        md.Append("`EXPLAIN (ANALYZE, BUFFERS)` of the raw baseline statements, run once each after the measurements.\n");
        foreach (var (title, plan) in r.Plans)
        {
            md.Append("\n## ").Append(title).Append("\n\n```\n").Append(plan.TrimEnd()).Append("\n```\n");
        }

        return md.ToString();
    }

    private static void Headline(Action<string> line, string name, Stats s, Stats bare, Stats count) =>
        line($"| {name} | {PP(s)} | bare Npgsql read of the counter row: {PP(bare)}; `count(*)` of the subtree: p50 {Stats.Ms(count.P50)} (n={count.Count}) | " +
            $"{Ratio(s.P95, bare.P95)} vs bare read; {Ratio(s.P95, count.P50)} vs count(*) | p95 ≤ 5 ms | {Verdict(s.P95, HeadlineBudgetMs)} |");

    private static double BudgetOf(string site) => site == "branch" ? PageBranchBudgetMs : PageRootBudgetMs;

    private static string BudgetText(string site) => site switch
    {
        "root" => "p95 ≤ 50 ms (root)",
        "branch" => "p95 ≤ 20 ms (branch)",
        _ => "p95 ≤ 50 ms (the root's figure; DESIGN.md names only root and branch)",
    };

    private static string PP(Stats s) => $"p50 {Stats.Ms(s.P50)} / p95 {Stats.Ms(s.P95)}";

    private static string Ratio(double measured, double baseline) =>
        baseline <= 0 ? "—" : (measured / baseline).ToString(measured / baseline < 0.01 ? "0.0000" : "0.00", Inv) + "×";

    private static string Verdict(double value, double budget) =>
        value <= budget ? "**pass**" : F($"**falls short** ({value / budget:0.0#}× the budget)");

    private static string F(FormattableString s) => s.ToString(Inv);
}
