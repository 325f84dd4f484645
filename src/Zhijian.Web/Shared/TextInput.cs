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
        var sb = new StringBuilder(value.Length);
        foreach (var ch in value)
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
}
