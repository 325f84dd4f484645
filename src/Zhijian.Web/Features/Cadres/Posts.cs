namespace Zhijian.Web.Features.Cadres;

/// <summary>A committee post: its code (stored, in the API), its Chinese name and its rank in lists.</summary>
public sealed record PostInfo(string Code, string Name, int Rank);

/// <summary>
/// The committee posts (班子职务) a position may hold, in the order committees list them: the secretary
/// first, then the deputies, the committee members with a portfolio, and plain committee members.
/// </summary>
public static class Posts
{
    public const string Secretary = "secretary";

    /// <summary>Every known post, in rank order.</summary>
    public static readonly IReadOnlyList<PostInfo> All =
    [
        new(Secretary, "书记", 1),
        new("deputySecretary", "副书记", 2),
        new("organization", "组织委员", 3),
        new("publicity", "宣传委员", 4),
        new("discipline", "纪检委员", 5),
        new("unitedFront", "统战委员", 6),
        new("youth", "青年委员", 7),
        new("women", "妇女委员", 8),
        new("secrecy", "保密委员", 9),
        new("member", "委员", 10),
    ];

    private static readonly Dictionary<string, PostInfo> ByCode = All.ToDictionary(p => p.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>The post of a code (matched without regard to case, like the API's enums), or null for an unknown one.</summary>
    public static PostInfo? Find(string? code) => code is not null && ByCode.TryGetValue(code.Trim(), out var p) ? p : null;

    /// <summary>The Chinese name of a post code; an unknown code (old data) is shown as it is.</summary>
    public static string NameOf(string code) => Find(code)?.Name ?? code;

    /// <summary>The list rank of a post code; unknown codes sort last.</summary>
    public static int RankOf(string code) => Find(code)?.Rank ?? int.MaxValue;

    /// <summary>The known codes with their names, for messages: <c>secretary（书记）、…</c>.</summary>
    public static string Listing => string.Join("、", All.Select(p => $"{p.Code}（{p.Name}）"));
}
