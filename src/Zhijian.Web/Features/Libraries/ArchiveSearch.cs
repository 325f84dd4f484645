using System.Globalization;
using System.Text;

namespace Zhijian.Web.Features.Libraries;

/// <summary>A match in a snippet: where it starts and how long it is.</summary>
public sealed record TextSpan(int Start, int Length);

/// <summary>A snippet of a document's text around the first hit, with every hit inside it.</summary>
public sealed record Snippet(string Text, IReadOnlyList<TextSpan> Matches);

/// <summary>
/// The rules of the archive search: a query is cut into terms at spaces and punctuation (a query of punctuation only has
/// no term and is refused); a document matches when its title, tags or text contain every term; the snippet shows the
/// text around the first hit with the hits marked.
/// </summary>
public static class ArchiveSearch
{
    public const int QueryMaxLength = 50;
    public const int MaxTerms = 5;
    public const int SnippetRadius = 40;

    /// <summary>The most matches a search counts exactly; beyond, the total says this many with totalExact false.</summary>
    public const int MaxCounted = 1000;

    /// <summary>The first window of documents a search walks when the index cannot narrow it (then 4 times larger each time).</summary>
    public const int FirstWindow = 1000;

    /// <summary>About the most documents one search walks (the window that crosses it is the last).</summary>
    public const int MaxWalked = 100_000;

    /// <summary>What the search reads: title, tags and text, one per line.</summary>
    public static string Searchable(string title, string tags, string text) => title + "\n" + tags + "\n" + text;

    /// <summary>The terms of a query (distinct, at most <see cref="MaxTerms"/>); empty when it has no letter or digit.</summary>
    public static IReadOnlyList<string> Terms(string? q)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return [];
        }

        var terms = new List<string>();
        var current = new StringBuilder();
        foreach (var c in q.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter)
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                terms.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            terms.Add(current.ToString());
        }

        return terms.Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxTerms).ToList();
    }

    /// <summary>The LIKE pattern of a term (<c>%term%</c>, with <c>\</c> escaping; terms hold no wildcard anyway).</summary>
    public static string Like(string term) => "%" + term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";

    /// <summary>The FTS5 phrase of a term (double quotes doubled).</summary>
    public static string Phrase(string term) => "\"" + term.Replace("\"", "\"\"") + "\"";

    /// <summary>The text around the first hit of any term, with the hits inside marked; the start of the text when none is found.</summary>
    public static Snippet SnippetOf(string text, IReadOnlyList<string> terms)
    {
        var flat = text.Replace('\n', ' ').Replace('\r', ' ');
        var first = terms.Select(t => flat.IndexOf(t, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        var start = first < 0 ? 0 : Math.Max(0, first - SnippetRadius);
        var end = Math.Min(flat.Length, (first < 0 ? 0 : first) + SnippetRadius * 2);
        var prefix = start > 0 ? "…" : "";
        var body = flat[start..end];
        var snippet = prefix + body + (end < flat.Length ? "…" : "");
        var matches = new List<TextSpan>();
        foreach (var term in terms)
        {
            for (var i = body.IndexOf(term, StringComparison.OrdinalIgnoreCase); i >= 0; i = body.IndexOf(term, i + term.Length, StringComparison.OrdinalIgnoreCase))
            {
                matches.Add(new TextSpan(prefix.Length + i, term.Length));
            }
        }

        return new Snippet(snippet, Merge(matches));
    }

    private static List<TextSpan> Merge(List<TextSpan> spans)
    {
        var merged = new List<TextSpan>();
        foreach (var s in spans.OrderBy(s => s.Start))
        {
            if (merged.Count > 0 && s.Start <= merged[^1].Start + merged[^1].Length)
            {
                var last = merged[^1];
                merged[^1] = last with { Length = Math.Max(last.Length, s.Start + s.Length - last.Start) };
            }
            else
            {
                merged.Add(s);
            }
        }

        return merged;
    }
}
