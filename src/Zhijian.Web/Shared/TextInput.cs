using System.Text;

namespace Zhijian.Web.Shared;

/// <summary>Clean-up of numbers typed or pasted by people (ID numbers, phone numbers).</summary>
public static class TextInput
{
    /// <summary>
    /// Drops white space and zero-width characters anywhere and maps full-width ASCII (<c>０</c>–<c>９</c>,
    /// <c>Ｘ</c>, <c>－</c> ...) to ASCII; with <paramref name="upperX"/> a lowercase <c>x</c> becomes <c>X</c>.
    /// </summary>
    public static string AsciiCompact(string value, bool upperX = false)
    {
        // Almost every cell of an import is compact already: then the value itself, without a copy (a builder per call was
        // a tenth of a 100,000-row import's allocations).
        var first = 0;
        while (first < value.Length && Keeps(value[first], upperX))
        {
            first++;
        }

        if (first == value.Length)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        sb.Append(value, 0, first);
        foreach (var ch in value.AsSpan(first))
        {
            var c = ch is >= '\uFF01' and <= '\uFF5E' ? (char)(ch - 0xFEE0) : ch;
            if (char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\uFEFF')
            {
                continue;
            }

            sb.Append(upperX && c == 'x' ? 'X' : c);
        }

        return sb.ToString();
    }

    /// <summary>Whether <see cref="AsciiCompact"/> leaves the character as it is.</summary>
    private static bool Keeps(char c, bool upperX) =>
        c is not (>= '\uFF01' and <= '\uFF5E') && !char.IsWhiteSpace(c) && c is not ('\u200B' or '\u200C' or '\u200D' or '\uFEFF')
        && !(upperX && c == 'x');
}
