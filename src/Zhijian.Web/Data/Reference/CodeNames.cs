using System.Collections.Frozen;

namespace Zhijian.Web.Data.Reference;

/// <summary>
/// Reads a code as people write it, for the import and the API alike: the code itself (a two-digit code Excel turned
/// into one digit is padded back: <c>1</c> → <c>01</c>), the standard name, the name without its 性/族 suffix, a word of
/// the synonym table (<c>synonyms.csv</c>: 本科, 大专, 团员 ...) or a unique prefix of a name. A value none of these read
/// is refused with what was read, what is expected and the closest entry (<see cref="Refusal"/>).
/// </summary>
public static class CodeNames
{
    private static readonly Lazy<FrozenDictionary<string, FrozenDictionary<string, string>>> SynonymTable = new(LoadSynonyms);

    /// <summary>The synonyms of one table (word → code), empty when it has none.</summary>
    public static IReadOnlyDictionary<string, string> SynonymsOf(CodeTable table) =>
        SynonymTable.Value.TryGetValue(table.Name, out var words) ? words : FrozenDictionary<string, string>.Empty;

    /// <summary>The code <paramref name="text"/> stands for, or null when it is blank or not understood.</summary>
    public static string? Resolve(CodeTable table, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (table.Contains(trimmed))
        {
            return trimmed;
        }

        // Full-width digits, inner spaces (本 科) and a leading apostrophe (Excel's "text" marker typed by hand) go.
        var word = Shared.TextInput.AsciiCompact(trimmed).TrimStart('\'', '‘', '’');
        if (table.Contains(word))
        {
            return word;
        }

        if (word.Length == 1 && char.IsAsciiDigit(word[0]) && table.Contains("0" + word) && table.Entries.All(e => e.Code.Length == 2))
        {
            return "0" + word;
        }

        if (SynonymsOf(table).TryGetValue(word, out var synonym))
        {
            return synonym;
        }

        var byName = table.FirstNamed(word) ?? table.FirstNamed(word + "性", word + "族");
        if (byName is null && word.Length >= 2)
        {
            // A unique prefix is accepted (大学本科毕 for 大学本科毕业; 中国共产党 is not, it starts two names).
            var prefixed = table.Entries.Where(e => e.Name.StartsWith(word, StringComparison.Ordinal)).Take(2).ToList();
            byName = prefixed.Count == 1 ? prefixed[0] : null;
        }

        return byName?.Code;
    }

    /// <summary>
    /// The entry nearest to a refused value: the name or synonym sharing the most characters with it (ties to the shorter
    /// name), or null when nothing shares a character.
    /// </summary>
    public static CodeEntry? Closest(CodeTable table, string text)
    {
        var word = Shared.TextInput.AsciiCompact(text);
        if (word.Length == 0)
        {
            return null;
        }

        var candidates = table.Entries.Select(e => (Word: e.Name, e.Code))
            .Concat(SynonymsOf(table).Select(s => (Word: s.Key, Code: s.Value)));
        CodeEntry? best = null;
        var bestScore = 0.0;
        foreach (var (candidate, code) in candidates)
        {
            var shared = SharedCharacters(word, candidate);
            if (shared == 0)
            {
                continue;
            }

            // Shared characters over the longer of the two: 本科生 is nearer 本科 than 大学本科毕业.
            var score = (double)shared / Math.Max(word.Length, candidate.Length);
            if (score > bestScore)
            {
                bestScore = score;
                best = table.Entries.First(e => e.Code == code);
            }
        }

        return best;
    }

    /// <summary>
    /// The message for a value that is not understood: what was read, what is expected (a code or a name, with an
    /// example) and, when one shares characters with it, the closest entry.
    /// </summary>
    public static string Refusal(CodeTable table, string label, string text)
    {
        var shown = text.Length <= 50 ? text : string.Concat(text.AsSpan(0, 50), "…");
        var example = SynonymsOf(table).Values.Select(code => table.Entries.FirstOrDefault(e => e.Code == code)).FirstOrDefault(e => e is not null)
            ?? table.Entries[0];
        var message = $"{label}「{shown}」不在国家标准代码表中：请填写代码（如 {example.Code}）或名称（如 {example.Name}）";
        return Closest(table, text) is { } closest ? $"{message}；最接近的是「{closest.Code} {closest.Name}」" : message;
    }

    private static int SharedCharacters(string a, string b)
    {
        var count = 0;
        var used = new bool[b.Length];
        foreach (var c in a)
        {
            for (var i = 0; i < b.Length; i++)
            {
                if (!used[i] && b[i] == c)
                {
                    used[i] = true;
                    count++;
                    break;
                }
            }
        }

        return count;
    }

    private static FrozenDictionary<string, FrozenDictionary<string, string>> LoadSynonyms()
    {
        using var stream = typeof(CodeNames).Assembly.GetManifestResourceStream("Zhijian.Web.Data.Reference.synonyms.csv")
            ?? throw new InvalidOperationException("The embedded synonym table 'synonyms.csv' is missing.");
        using var reader = new StreamReader(stream);
        var header = reader.ReadLine()?.Trim();
        if (header != "table,synonym,code")
        {
            throw new FormatException("synonyms.csv: the header must be 'table,synonym,code'.");
        }

        var tables = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Trim().Split(',');
            if (fields.Length != 3)
            {
                throw new FormatException($"synonyms.csv: expected 3 fields in '{line}'.");
            }

            if (!tables.TryGetValue(fields[0], out var words))
            {
                tables[fields[0]] = words = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            words[fields[1]] = fields[2];
        }

        return tables.ToFrozenDictionary(t => t.Key, t => t.Value.ToFrozenDictionary(StringComparer.Ordinal), StringComparer.Ordinal);
    }
}
