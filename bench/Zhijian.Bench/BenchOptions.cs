using System.Globalization;

namespace Zhijian.Bench;

/// <summary>Command-line options of the benchmark.</summary>
public sealed record BenchOptions(string Connection, int Orgs, long Members, string Out, string ServerNote,
    int SubtreeOrgs, long SubtreeMembers, int Moves, bool WhatIf, string Source)
{
    public static BenchOptions? Parse(string[] args)
    {
        string? Text(string name)
        {
            var i = Array.LastIndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        long? Number(string name) => Text(name) is { } v
            ? long.Parse(v.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal),
                CultureInfo.InvariantCulture)
            : null;

        var connection = Text("--connection");
        if (string.IsNullOrWhiteSpace(connection))
        {
            return null;
        }

        return new BenchOptions(
            connection,
            checked((int)(Number("--orgs") ?? 1_000_000)),
            Number("--members") ?? 10_000_000,
            Text("--out") ?? Path.Combine("bench", "results", "national-postgres.md"),
            Text("--server-note") ?? "",
            checked((int)(Number("--subtree-orgs") ?? 10_000)),
            Number("--subtree-members") ?? 100_000,
            checked((int)(Number("--moves") ?? 6)),
            !args.Contains("--no-what-if"),
            Text("--source") ?? "");
    }
}
