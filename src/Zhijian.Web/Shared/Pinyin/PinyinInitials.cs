using System.Text;

namespace Zhijian.Web.Shared.Pinyin;

/// <summary>
/// Pinyin initials (拼音首字母) of Chinese text, for searches such as <c>dwh</c> → 党委会.
/// The character and phrase table is generated from the MIT-licensed npm package <c>pinyin-pro</c>
/// (see <c>tools/pinyin</c>) and embedded as the resource <c>Zhijian.Web.Shared.Pinyin.initials.txt</c>.
/// </summary>
/// <remarks>
/// A polyphonic character (多音字) uses its most common reading, unless it is part of a known polyphone
/// phrase such as 银行 (<c>yh</c>) or 重庆 (<c>cq</c>), in which case the phrase reading wins.
/// ASCII letters and digits (also their full-width forms) are kept, lowercased; every other character
/// (spaces, punctuation, characters without a known reading) is skipped.
/// </remarks>
public static class PinyinInitials
{
    /// <summary>The manifest resource name of the embedded table.</summary>
    public const string ResourceName = "Zhijian.Web.Shared.Pinyin.initials.txt";

    private static readonly Lazy<Table> Data = new(LoadTable, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Returns the lowercase pinyin initials of <paramref name="text"/>, one letter per Chinese character,
    /// using the most common reading (or the reading of a known polyphone phrase).
    /// </summary>
    /// <param name="text">The text; may be <see langword="null"/>.</param>
    /// <returns>
    /// The initials, for example <c>"dytzb"</c> for 第一团支部 and <c>"gqtabcgs"</c> for 共青团ABC公司;
    /// an empty string for <see langword="null"/> or empty text.
    /// </returns>
    public static string Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var table = Data.Value;
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (table.TryMatchPhrase(text, i, out var phrase, out var length))
            {
                builder.Append(phrase);
                i += length;
                continue;
            }

            var initials = table.Lookup(text, ref i);
            if (initials is not null)
            {
                builder.Append(initials[0]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Returns the initials of <paramref name="text"/> for every combination of the readings of its polyphonic
    /// characters, most common first: the first item equals <see cref="Of(string?)"/>, followed by the
    /// combinations that use one less common reading, then two, and so on.
    /// </summary>
    /// <param name="text">The text; may be <see langword="null"/>.</param>
    /// <param name="max">The maximum number of variants to return; must be at least 1.</param>
    /// <returns>
    /// Up to <paramref name="max"/> distinct variants, for example <c>["yh", "yx"]</c> for 银行;
    /// empty when the text has no initials at all.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is less than 1.</exception>
    public static IReadOnlyList<string> Variants(string? text, int max = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        // One candidate string per output letter: the primary letter first, then the alternatives.
        var table = Data.Value;
        var candidates = new List<string>(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (table.TryMatchPhrase(text, i, out var phrase, out var length))
            {
                var end = i + length;
                var k = 0;
                while (i < end)
                {
                    var all = table.Lookup(text, ref i) ?? string.Empty;
                    var primary = phrase[k++];
                    candidates.Add(primary + all.Replace(primary.ToString(), string.Empty, StringComparison.Ordinal));
                }

                continue;
            }

            var initials = table.Lookup(text, ref i);
            if (initials is not null)
            {
                candidates.Add(initials);
            }
        }

        return Combine(candidates, max);
    }

    private static List<string> Combine(List<string> candidates, int max)
    {
        var results = new List<string>();
        if (candidates.Count == 0)
        {
            return results;
        }

        var primary = new char[candidates.Count];
        var poly = new List<int>();
        for (var p = 0; p < candidates.Count; p++)
        {
            primary[p] = candidates[p][0];
            if (candidates[p].Length > 1)
            {
                poly.Add(p);
            }
        }

        results.Add(new string(primary));
        var n = poly.Count;
        if (n == 0 || max == 1)
        {
            return results;
        }

        // capacity[k]: the largest total rank the polyphonic positions k..n-1 can absorb.
        var capacity = new int[n + 1];
        for (var k = n - 1; k >= 0; k--)
        {
            capacity[k] = capacity[k + 1] + candidates[poly[k]].Length - 1;
        }

        // Enumerate rank vectors by increasing total rank (0 = all primary, 1 = one alternative reading, ...),
        // iteratively so that long texts cannot exhaust the stack.
        var choice = new int[n];
        var remaining = new int[n];
        var buffer = new char[primary.Length];
        for (var total = 1; total <= capacity[0]; total++)
        {
            var k = 0;
            remaining[0] = total;
            choice[0] = Math.Max(0, total - capacity[1]) - 1;
            while (k >= 0)
            {
                var options = candidates[poly[k]];
                if (++choice[k] > Math.Min(remaining[k], options.Length - 1))
                {
                    k--;
                    continue;
                }

                if (k < n - 1)
                {
                    remaining[k + 1] = remaining[k] - choice[k];
                    choice[k + 1] = Math.Max(0, remaining[k + 1] - capacity[k + 2]) - 1;
                    k++;
                    continue;
                }

                primary.CopyTo(buffer, 0);
                for (var j = 0; j < n; j++)
                {
                    buffer[poly[j]] = candidates[poly[j]][choice[j]];
                }

                results.Add(new string(buffer));
                if (results.Count >= max)
                {
                    return results;
                }
            }
        }

        return results;
    }

    private static Table LoadTable()
    {
        var assembly = typeof(PinyinInitials).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' was not found in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Table.Parse(reader);
    }

    private sealed class Table
    {
        private static readonly string[] AsciiStrings = Enumerable.Range(0, 128).Select(c => ((char)c).ToString()).ToArray();

        // BMP characters: index into distinctInitials (0 = unknown).
        private readonly ushort[] bmp = new ushort[char.MaxValue + 1];
        private readonly List<string> distinctInitials = [string.Empty];
        private readonly Dictionary<string, ushort> initialsIndex = new(StringComparer.Ordinal);
        private readonly Dictionary<int, string> supplementary = [];

        // Polyphone phrases: the longest phrase (in UTF-16 code units) starting with a given BMP character.
        private readonly byte[] phraseMaxLength = new byte[char.MaxValue + 1];
        private readonly Dictionary<string, string> phrases = new(StringComparer.Ordinal);
        private Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> phraseLookup;

        public static Table Parse(TextReader reader)
        {
            var table = new Table();
            var lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space > 0)
                {
                    table.AddPhrase(line[..space], line[(space + 1)..], lineNumber);
                }
                else
                {
                    table.AddCharacter(line, lineNumber);
                }
            }

            table.phraseLookup = table.phrases.GetAlternateLookup<ReadOnlySpan<char>>();
            return table;
        }

        /// <summary>Returns the initials of the letter or character at <paramref name="index"/> and advances past it.</summary>
        public string? Lookup(string text, ref int index)
        {
            var c = text[index];
            if (char.IsSurrogate(c))
            {
                if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
                {
                    index++;
                    return null;
                }

                index += consumed;
                return supplementary.GetValueOrDefault(rune.Value);
            }

            index++;
            if (c is >= '\uFF10' and <= '\uFF5A')
            {
                c = (char)(c - 0xFEE0); // full-width ０-９, Ａ-Ｚ, ａ-ｚ
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                return AsciiStrings[char.ToLowerInvariant(c)];
            }

            return bmp[c] == 0 ? null : distinctInitials[bmp[c]];
        }

        public bool TryMatchPhrase(string text, int index, out string initials, out int length)
        {
            var longest = Math.Min(phraseMaxLength[text[index]], text.Length - index);
            for (length = longest; length >= 2; length--)
            {
                if (phraseLookup.TryGetValue(text.AsSpan(index, length), out var value))
                {
                    initials = value;
                    return true;
                }
            }

            initials = string.Empty;
            length = 0;
            return false;
        }

        private void AddCharacter(string line, int lineNumber)
        {
            if (Rune.DecodeFromUtf16(line, out var rune, out var consumed) != System.Buffers.OperationStatus.Done
                || !IsInitials(line.AsSpan(consumed)))
            {
                throw Invalid(lineNumber);
            }

            var initials = string.Intern(line[consumed..]);
            if (rune.IsBmp)
            {
                if (!initialsIndex.TryGetValue(initials, out var slot))
                {
                    slot = checked((ushort)distinctInitials.Count);
                    distinctInitials.Add(initials);
                    initialsIndex.Add(initials, slot);
                }

                bmp[rune.Value] = slot;
            }
            else
            {
                supplementary[rune.Value] = initials;
            }
        }

        private void AddPhrase(string phrase, string initials, int lineNumber)
        {
            if (!IsInitials(initials) || phrase.EnumerateRunes().Count() != initials.Length
                || phrase.Length > byte.MaxValue || char.IsSurrogate(phrase[0]))
            {
                throw Invalid(lineNumber);
            }

            phrases[phrase] = initials;
            phraseMaxLength[phrase[0]] = Math.Max(phraseMaxLength[phrase[0]], (byte)phrase.Length);
        }

        private static bool IsInitials(ReadOnlySpan<char> value) =>
            !value.IsEmpty && !value.ContainsAnyExceptInRange('a', 'z');

        private static InvalidDataException Invalid(int lineNumber) =>
            new($"Malformed line {lineNumber} in embedded resource '{ResourceName}'.");
    }
}
