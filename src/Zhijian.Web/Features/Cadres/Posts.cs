using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Cadres;

/// <summary>A committee post: its code (stored, in the API), its Chinese name and its rank in lists.</summary>
public sealed record PostInfo(string Code, string Name, int Rank);

/// <summary>
/// The committee posts (班子职务) a position may hold, per system, in the order committees list them: the secretary
/// first, then the deputies, the committee members with a portfolio, and plain committee members. The lists are data
/// (<c>Data/Reference/posts.csv</c>): a League committee has 文体委员 and 生活委员, never the Party's 统战委员 or 保密委员.
/// </summary>
public static class Posts
{
    public const string Secretary = "secretary";

    private const string Resource = "Zhijian.Web.Data.Reference.posts.csv";

    private static readonly Lazy<IReadOnlyDictionary<OrgSystem, IReadOnlyList<PostInfo>>> BySystem = new(Load);

    /// <summary>Every post of either system, in rank order (names and ranks of stored codes, whatever the system).</summary>
    public static IReadOnlyList<PostInfo> All { get; } = BySystem.Value.Values.SelectMany(p => p)
        .DistinctBy(p => p.Code).OrderBy(p => p.Rank).ToList();

    private static readonly Lazy<Dictionary<string, PostInfo>> ByCode = new(() =>
        All.ToDictionary(p => p.Code, StringComparer.OrdinalIgnoreCase));

    /// <summary>The posts a committee of <paramref name="system"/> may appoint, in rank order.</summary>
    public static IReadOnlyList<PostInfo> Of(OrgSystem system) => BySystem.Value.GetValueOrDefault(system) ?? [];

    /// <summary>The post of a code (matched without regard to case, like the API's enums), or null for an unknown one.</summary>
    public static PostInfo? Find(string? code) => code is not null && ByCode.Value.TryGetValue(code.Trim(), out var p) ? p : null;

    /// <summary>Whether a committee of <paramref name="system"/> has the post.</summary>
    public static bool Belongs(PostInfo post, OrgSystem system) => Of(system).Any(p => p.Code == post.Code);

    /// <summary>The Chinese name of a post code; an unknown code (old data) is shown as it is.</summary>
    public static string NameOf(string code) => Find(code)?.Name ?? code;

    /// <summary>The list rank of a post code; unknown codes sort last.</summary>
    public static int RankOf(string code) => Find(code)?.Rank ?? int.MaxValue;

    /// <summary>The known codes with their names, for messages: <c>secretary（书记）、…</c>.</summary>
    public static string Listing => Describe(All);

    /// <summary>A system's codes with their names, for messages.</summary>
    public static string ListingOf(OrgSystem system) => Describe(Of(system));

    private static string Describe(IEnumerable<PostInfo> posts) => string.Join("、", posts.Select(p => $"{p.Code}（{p.Name}）"));

    /// <summary>Reads <c>posts.csv</c> (<c>system,code,name,rank</c>, a header row, no quoting).</summary>
    private static IReadOnlyDictionary<OrgSystem, IReadOnlyList<PostInfo>> Load()
    {
        using var stream = typeof(Posts).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded post list '{Resource}' is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

    /// <summary>Parses a post list; a code that two systems share must have the same name and rank in both.</summary>
    public static IReadOnlyDictionary<OrgSystem, IReadOnlyList<PostInfo>> Parse(TextReader reader)
    {
        var header = reader.ReadLine()?.Trim();
        if (header != "system,code,name,rank")
        {
            throw new FormatException($"The post list must start with 'system,code,name,rank', not '{header}'.");
        }

        var rows = new List<(OrgSystem System, PostInfo Post)>();
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var f = line.Split(',');
            if (f.Length != 4 || !Enum.TryParse<OrgSystem>(f[0].Trim(), ignoreCase: true, out var system)
                || !int.TryParse(f[3].Trim(), out var rank))
            {
                throw new FormatException($"Bad post row '{line}'.");
            }

            rows.Add((system, new PostInfo(f[1].Trim(), f[2].Trim(), rank)));
        }

        var clash = rows.GroupBy(r => r.Post.Code).FirstOrDefault(g => g.Select(r => (r.Post.Name, r.Post.Rank)).Distinct().Count() > 1);
        if (clash is not null)
        {
            throw new FormatException($"The post '{clash.Key}' has different names or ranks in the systems.");
        }

        return rows.GroupBy(r => r.System).ToDictionary(g => g.Key,
            g => (IReadOnlyList<PostInfo>)g.Select(r => r.Post).OrderBy(p => p.Rank).ToList());
    }
}
