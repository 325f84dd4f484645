using System.Text;

namespace Zhijian.Web.Features.ImportExport;

/// <summary>
/// A pull reader of XML over UTF-8 bytes, for the parts of a workbook that <see cref="XmlPartScanner"/> has checked (no
/// DTD, no giant tag, no cell over Excel's limit). It hands out tags by their local name and text as the raw bytes between
/// two tags, and allocates nothing per token: <see cref="System.Xml.XmlReader"/> makes a string of every attribute and
/// text it passes, which for a 100,000-row sheet is a million cell references, types and values nobody keeps. Text is
/// decoded only where wanted (<see cref="AppendText"/>): UTF-8 to chars, line ends as XML reads them, the five named
/// entities and character references.
/// </summary>
internal sealed class XmlBytes(Stream input)
{
    public enum Token
    {
        Start,
        End,
        Text,
        CData,
    }

    /// <summary>The most bytes one tag or one text may take; the probe allows far less (64 KB of markup, 32,767 chars of text).</summary>
    private const int MaxTokenBytes = 16 * 1024 * 1024;

    private byte[] buffer = new byte[1 << 16];
    private int pos;
    private int end;
    private bool eof;
    private int contentStart;
    private int contentLength;
    private int nameStart;
    private int nameLength;
    private int attributesStart;
    private int attributesLength;

    /// <summary>The token <see cref="Read"/> found.</summary>
    public Token Current { get; private set; }

    /// <summary>A start tag that closes itself (<c>&lt;c r="A1"/&gt;</c>).</summary>
    public bool SelfClosing { get; private set; }

    /// <summary>The tag's name without its prefix (<c>x:row</c> is <c>row</c>).</summary>
    public ReadOnlySpan<byte> Name => buffer.AsSpan(nameStart, nameLength);

    /// <summary>The raw bytes of a text or CDATA token.</summary>
    public ReadOnlySpan<byte> Content => buffer.AsSpan(contentStart, contentLength);

    /// <summary>Whether the current token is a start tag named <paramref name="name"/>.</summary>
    public bool IsStart(ReadOnlySpan<byte> name) => Current == Token.Start && Name.SequenceEqual(name);

    /// <summary>Whether the current token is an end tag named <paramref name="name"/>.</summary>
    public bool IsEnd(ReadOnlySpan<byte> name) => Current == Token.End && Name.SequenceEqual(name);

    /// <summary>The next tag, text or CDATA section; comments and processing instructions are passed over. False at the end.</summary>
    public bool Read()
    {
        while (true)
        {
            if (pos >= end && !Fill())
            {
                return false;
            }

            if (buffer[pos] != (byte)'<')
            {
                var length = Find((byte)'<', 0);
                contentStart = pos;
                contentLength = length;
                pos += length;
                Current = Token.Text;
                return true;
            }

            Ensure(2);
            var next = pos + 1 < end ? buffer[pos + 1] : (byte)0;
            if (next == (byte)'?')
            {
                pos += FindSequence("?>"u8, 2) + 2;
                continue;
            }

            if (next == (byte)'!')
            {
                if (Bang())
                {
                    return true;
                }

                continue;
            }

            Tag(closing: next == (byte)'/');
            return true;
        }
    }

    /// <summary>A comment (passed over: false) or a CDATA section (the current token: true) at <see cref="pos"/>.</summary>
    private bool Bang()
    {
        Ensure(9);
        var rest = buffer.AsSpan(pos, end - pos);
        if (rest.StartsWith("<!--"u8))
        {
            pos += FindSequence("-->"u8, 4) + 3;
            return false;
        }

        if (rest.StartsWith("<![CDATA["u8))
        {
            var length = FindSequence("]]>"u8, 9) - 9;
            contentStart = pos + 9;
            contentLength = length;
            pos += 9 + length + 3;
            Current = Token.CData;
            return true;
        }

        // A DTD: the probe refuses one before this reader runs.
        throw new InvalidDataException("DTD in a workbook part");
    }

    /// <summary>The start or end tag at <see cref="pos"/>: its local name, its attributes' bytes, whether it closes itself.</summary>
    private void Tag(bool closing)
    {
        var tagLength = FindTagEnd();
        var from = pos + (closing ? 2 : 1);
        var to = pos + tagLength;
        var nameEnd = from;
        while (nameEnd < to && !IsSpace(buffer[nameEnd]) && buffer[nameEnd] != (byte)'/')
        {
            nameEnd++;
        }

        var colon = buffer.AsSpan(from, nameEnd - from).LastIndexOf((byte)':');
        nameStart = colon < 0 ? from : from + colon + 1;
        nameLength = nameEnd - nameStart;
        SelfClosing = !closing && to > from && buffer[to - 1] == (byte)'/';
        attributesStart = nameEnd;
        attributesLength = Math.Max(0, to - (SelfClosing ? 1 : 0) - nameEnd);
        pos = to + 1;
        Current = closing ? Token.End : Token.Start;
    }

    /// <summary>The raw value of the current start tag's attribute by its local name; false when it has none.</summary>
    public bool Attribute(ReadOnlySpan<byte> localName, out ReadOnlySpan<byte> value)
    {
        var rest = buffer.AsSpan(attributesStart, attributesLength);
        while (true)
        {
            var i = 0;
            while (i < rest.Length && IsSpace(rest[i]))
            {
                i++;
            }

            var equals = rest[i..].IndexOf((byte)'=');
            if (equals < 0)
            {
                value = default;
                return false;
            }

            var name = rest.Slice(i, equals).TrimEnd(" \t\r\n"u8);
            var colon = name.LastIndexOf((byte)':');
            rest = rest[(i + equals + 1)..].TrimStart(" \t\r\n"u8);
            if (rest.IsEmpty || rest[0] is not ((byte)'"' or (byte)'\''))
            {
                value = default;
                return false;
            }

            var close = rest[1..].IndexOf(rest[0]);
            if (close < 0)
            {
                value = default;
                return false;
            }

            if (name[(colon + 1)..].SequenceEqual(localName))
            {
                value = rest.Slice(1, close);
                return true;
            }

            rest = rest[(close + 2)..];
        }
    }

    /// <summary>Passes over the element whose start tag is current, with everything in it.</summary>
    public void Skip()
    {
        if (Current != Token.Start || SelfClosing)
        {
            return;
        }

        var depth = 1;
        while (depth > 0 && Read())
        {
            if (Current == Token.Start && !SelfClosing)
            {
                depth++;
            }
            else if (Current == Token.End)
            {
                depth--;
            }
        }
    }

    /// <summary>
    /// Appends the current text (or CDATA) token to <paramref name="chars"/>, decoded: UTF-8 to chars and, outside CDATA,
    /// <c>\r\n</c> and <c>\r</c> read as <c>\n</c> and entity and character references resolved, as any XML reader does.
    /// </summary>
    public void AppendText(ref char[] chars, ref int length)
    {
        var raw = Content;
        var needed = length + Encoding.UTF8.GetMaxCharCount(raw.Length);
        if (needed > chars.Length)
        {
            Array.Resize(ref chars, Math.Max(needed, chars.Length * 2));
        }

        var added = Encoding.UTF8.GetChars(raw, chars.AsSpan(length));
        if (Current == Token.Text)
        {
            added = Unescape(chars.AsSpan(length, added));
        }

        length += added;
    }

    /// <summary>Line ends and references resolved in place (never longer than the written form); the new length.</summary>
    private static int Unescape(Span<char> text)
    {
        if (text.IndexOfAny('\r', '&') < 0)
        {
            return text.Length;
        }

        var w = 0;
        for (var r = 0; r < text.Length; r++)
        {
            var c = text[r];
            if (c == '\r')
            {
                text[w++] = '\n';
                if (r + 1 < text.Length && text[r + 1] == '\n')
                {
                    r++;
                }

                continue;
            }

            if (c == '&')
            {
                var semi = text[r..].IndexOf(';');
                if (semi > 1 && Reference(text.Slice(r + 1, semi - 1)) is { } code)
                {
                    if (code > 0xFFFF)
                    {
                        var rune = new Rune(code);
                        rune.EncodeToUtf16(text[w..]);
                        w += rune.Utf16SequenceLength;
                    }
                    else
                    {
                        text[w++] = (char)code;
                    }

                    r += semi;
                    continue;
                }
            }

            text[w++] = c;
        }

        return w;
    }

    private static int? Reference(ReadOnlySpan<char> name)
    {
        switch (name)
        {
            case "lt":
                return '<';
            case "gt":
                return '>';
            case "amp":
                return '&';
            case "quot":
                return '"';
            case "apos":
                return '\'';
        }

        if (name.Length < 2 || name[0] != '#')
        {
            return null;
        }

        var hex = name[1] is 'x' or 'X';
        var digits = name[(hex ? 2 : 1)..];
        var style = hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None;
        return int.TryParse(digits, style, System.Globalization.CultureInfo.InvariantCulture, out var code) && Rune.IsValid(code)
            ? code
            : null;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    /// <summary>Bytes from <see cref="pos"/> to the next <paramref name="value"/> at or after <paramref name="from"/> (the rest at the end).</summary>
    private int Find(byte value, int from)
    {
        while (true)
        {
            var found = buffer.AsSpan(pos + from, end - pos - from).IndexOf(value);
            if (found >= 0)
            {
                return from + found;
            }

            from = end - pos;
            if (!Fill())
            {
                return end - pos;
            }
        }
    }

    /// <summary>Bytes from <see cref="pos"/> to the start of <paramref name="value"/> at or after <paramref name="from"/>.</summary>
    private int FindSequence(ReadOnlySpan<byte> value, int from)
    {
        while (true)
        {
            var found = buffer.AsSpan(pos + from, end - pos - from).IndexOf(value);
            if (found >= 0)
            {
                return from + found;
            }

            from = Math.Max(from, end - pos - value.Length + 1);
            if (!Fill())
            {
                throw new InvalidDataException("Unterminated markup");
            }
        }
    }

    /// <summary>Bytes from <see cref="pos"/> to the tag's <c>&gt;</c>, which may not be inside a quoted attribute value.</summary>
    private int FindTagEnd()
    {
        var i = 1;
        byte quote = 0;
        while (true)
        {
            for (; pos + i < end; i++)
            {
                var b = buffer[pos + i];
                if (quote != 0)
                {
                    quote = b == quote ? (byte)0 : quote;
                }
                else if (b is (byte)'"' or (byte)'\'')
                {
                    quote = b;
                }
                else if (b == (byte)'>')
                {
                    return i;
                }
            }

            if (!Fill())
            {
                throw new InvalidDataException("Unterminated tag");
            }
        }
    }

    /// <summary>At least <paramref name="count"/> bytes from <see cref="pos"/> when the part has them.</summary>
    private void Ensure(int count)
    {
        while (end - pos < count && Fill())
        {
        }
    }

    /// <summary>
    /// Reads more of the part behind what is buffered: the unread bytes move to the front (offsets from <see cref="pos"/>
    /// stay valid), and the buffer grows when a token fills it. False at the end of the part.
    /// </summary>
    private bool Fill()
    {
        if (eof)
        {
            return false;
        }

        if (pos > 0)
        {
            Buffer.BlockCopy(buffer, pos, buffer, 0, end - pos);
            end -= pos;
            pos = 0;
        }

        if (end == buffer.Length)
        {
            if (buffer.Length >= MaxTokenBytes)
            {
                throw new InvalidDataException("Token too large");
            }

            Array.Resize(ref buffer, buffer.Length * 2);
        }

        var read = input.Read(buffer, end, buffer.Length - end);
        if (read == 0)
        {
            eof = true;
            return false;
        }

        end += read;
        return true;
    }
}
