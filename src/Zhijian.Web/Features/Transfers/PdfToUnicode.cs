using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Zhijian.Web.Features.Transfers;

/// <summary>
/// Repairs the text layer (the fonts' <c>/ToUnicode</c> maps) of a PDF written by SkiaSharp (Skia m119).
/// </summary>
/// <remarks>
/// Skia maps each glyph back to the LOWEST code point the font's cmap gives it. CJK fonts give one glyph to an
/// ideograph and to its look-alike radical (青 U+9752 and ⻘ U+2ED8, 支 and ⽀ U+2F40, 工 and ⼯ U+2F2F), so copying or
/// searching the PDF found radicals. Noto Sans CJK is a CFF font, which Skia embeds as Type3 fonts (glyph outlines as
/// content streams, 256 codes each, glyph names <c>/g{gid:X}</c>); a TrueType font would be embedded as a Type0 font
/// whose codes are the glyph ids. Either way we know which character each drawn glyph stands for, so each ToUnicode
/// stream is written again from that knowledge and appended as an incremental update (the original bytes stay; readers
/// take the newest object).
/// </remarks>
public static partial class PdfToUnicode
{
    /// <summary>Rewrites every font's ToUnicode map so that each glyph in <paramref name="glyphToText"/> maps to its text.</summary>
    public static byte[] Repair(byte[] pdf, IReadOnlyDictionary<int, string> glyphToText)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var fonts = FontDict().Matches(text).Select(m => m.Value).Where(f => f.Contains("/ToUnicode", StringComparison.Ordinal)).ToList();
        var trailer = TrailerPattern().Matches(text).LastOrDefault();
        var startXref = StartXref().Matches(text).LastOrDefault();
        if (fonts.Count == 0 || trailer is null || startXref is null)
        {
            return pdf;
        }

        var updates = new SortedDictionary<int, byte[]>();
        foreach (var font in fonts)
        {
            var objNum = int.Parse(ToUnicodeRef().Match(font).Groups[1].Value, CultureInfo.InvariantCulture);
            var old = ParseCMap(ReadStream(pdf, text, objNum));
            var codeToGlyph = font.Contains("/Type3", StringComparison.Ordinal) ? Type3Codes(font) : null;
            var codeWidth = codeToGlyph is null ? 4 : 2;
            var merged = new SortedDictionary<int, string>(old);
            foreach (var (code, glyph) in codeToGlyph ?? glyphToText.Keys.ToDictionary(g => g, g => g))
            {
                if (glyphToText.TryGetValue(glyph, out var s))
                {
                    merged[code] = s;
                }
            }

            updates[objNum] = Encoding.ASCII.GetBytes(WriteCMap(merged, codeWidth));
        }

        return Append(pdf, updates, trailer.Groups[1].Value, long.Parse(startXref.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The codes of a Skia Type3 font: <c>/Differences [0 /g1A /g2B …]</c> with glyph names <c>g</c> + hex glyph id.</summary>
    private static Dictionary<int, int> Type3Codes(string font)
    {
        var map = new Dictionary<int, int>();
        var diff = Differences().Match(font);
        if (!diff.Success)
        {
            return map;
        }

        var code = 0;
        foreach (Match token in DiffToken().Matches(diff.Groups[1].Value))
        {
            if (token.Groups[1].Success)
            {
                code = int.Parse(token.Groups[1].Value, CultureInfo.InvariantCulture);
                continue;
            }

            if (token.Groups[2].Value != "0" || code == 0)
            {
                map[code] = int.Parse(token.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }

            code++;
        }

        return map;
    }

    private static string ReadStream(byte[] pdf, string text, int objNum)
    {
        var obj = new Regex($@"(?:^|[\r\n]){objNum} 0 obj\s*<<(.*?)>>\s*stream\r?\n", RegexOptions.Singleline).Match(text);
        if (!obj.Success)
        {
            return "";
        }

        var start = obj.Index + obj.Length;
        var length = StreamLength().Match(obj.Groups[1].Value) is { Success: true } l
            ? int.Parse(l.Groups[1].Value, CultureInfo.InvariantCulture)
            : text.IndexOf("endstream", start, StringComparison.Ordinal) - start;
        var data = pdf.AsSpan(start, length).ToArray();
        if (!obj.Groups[1].Value.Contains("/FlateDecode", StringComparison.Ordinal))
        {
            return Encoding.Latin1.GetString(data);
        }

        using var z = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
        using var reader = new StreamReader(z, Encoding.Latin1);
        return reader.ReadToEnd();
    }

    /// <summary>The code → text entries of a ToUnicode CMap (bfchar and bfrange).</summary>
    private static Dictionary<int, string> ParseCMap(string cmap)
    {
        var map = new Dictionary<int, string>();
        foreach (Match block in BfChar().Matches(cmap))
        {
            foreach (Match pair in HexPair().Matches(block.Groups[1].Value))
            {
                map[Hex(pair.Groups[1].Value)] = Utf16(pair.Groups[2].Value);
            }
        }

        foreach (Match block in BfRange().Matches(cmap))
        {
            foreach (Match r in RangeEntry().Matches(block.Groups[1].Value))
            {
                int lo = Hex(r.Groups[1].Value), hi = Hex(r.Groups[2].Value);
                var first = Utf16(r.Groups[3].Value);
                for (var c = lo; c <= hi && c - lo < 65536; c++)
                {
                    map[c] = first[..^1] + (char)(first[^1] + (c - lo));
                }
            }
        }

        return map;
    }

    private static int Hex(string s) => int.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string Utf16(string hex) =>
        string.Concat(Enumerable.Range(0, hex.Length / 4).Select(i => (char)Hex(hex.Substring(i * 4, 4))));

    private static string WriteCMap(SortedDictionary<int, string> map, int codeWidth)
    {
        var sb = new StringBuilder();
        sb.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
            .Append("/CIDSystemInfo\n<<  /Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n")
            .Append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n")
            .Append(codeWidth == 2 ? "<00> <FF>\n" : "<0000> <FFFF>\n").Append("endcodespacerange\n");
        foreach (var chunk in map.Chunk(100))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfchar\n");
            foreach (var (code, s) in chunk)
            {
                sb.Append('<').Append(code.ToString(codeWidth == 2 ? "X2" : "X4", CultureInfo.InvariantCulture)).Append("> <");
                foreach (var c in s)
                {
                    sb.Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                }

                sb.Append(">\n");
            }

            sb.Append("endbfchar\n");
        }

        return sb.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").ToString();
    }

    /// <summary>Appends the new objects, a cross-reference section for them and a trailer pointing back (<c>/Prev</c>).</summary>
    private static byte[] Append(byte[] pdf, SortedDictionary<int, byte[]> objects, string trailerDict, long prevXref)
    {
        using var output = new MemoryStream();
        output.Write(pdf);
        var offsets = new Dictionary<int, long>();
        foreach (var (num, content) in objects)
        {
            using var packed = new MemoryStream();
            using (var z = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true))
            {
                z.Write(content);
            }

            Write(output, "\n");
            offsets[num] = output.Position;
            Write(output, $"{num} 0 obj\n<</Filter /FlateDecode\n/Length {packed.Length}>> stream\n");
            output.Write(packed.ToArray());
            Write(output, "\nendstream\nendobj\n");
        }

        var xref = output.Position;
        var sb = new StringBuilder("xref\n");
        foreach (var (num, offset) in offsets)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{num} 1\n{offset:D10} 00000 n\r\n");
        }

        var dict = PrevEntry().Replace(trailerDict, "");
        sb.Append(CultureInfo.InvariantCulture, $"trailer\n<<{dict}\n/Prev {prevXref}>>\nstartxref\n{xref}\n%%EOF\n");
        Write(output, sb.ToString());
        return output.ToArray();
    }

    private static void Write(Stream s, string text) => s.Write(Encoding.Latin1.GetBytes(text));

    [GeneratedRegex(@"<</Type /Font\b.*?\nendobj", RegexOptions.Singleline)]
    private static partial Regex FontDict();

    [GeneratedRegex(@"/ToUnicode (\d+) 0 R")]
    private static partial Regex ToUnicodeRef();

    [GeneratedRegex(@"/Differences \[([^\]]*)\]")]
    private static partial Regex Differences();

    [GeneratedRegex(@"(?<![/\w])(\d+)|/g([0-9A-Fa-f]+)")]
    private static partial Regex DiffToken();

    [GeneratedRegex(@"trailer\s*<<(.*?)>>\s*startxref", RegexOptions.Singleline)]
    private static partial Regex TrailerPattern();

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"/Length (\d+)(?!\s+\d+\s+R)")]
    private static partial Regex StreamLength();

    [GeneratedRegex(@"beginbfchar(.*?)endbfchar", RegexOptions.Singleline)]
    private static partial Regex BfChar();

    [GeneratedRegex(@"beginbfrange(.*?)endbfrange", RegexOptions.Singleline)]
    private static partial Regex BfRange();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex HexPair();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex RangeEntry();

    [GeneratedRegex(@"\s*/Prev \d+")]
    private static partial Regex PrevEntry();
}
