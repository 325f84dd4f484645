using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace Zhijian.Web.Features.ImportExport;

/// <summary>A sheet read row by row: the import's view of an .xlsx (<see cref="XlsxSheet"/>) and of ExcelDataReader's .xls and .csv.</summary>
internal interface ISheetRows : IDisposable
{
    /// <summary>The next row (rows missing from the file come as empty ones, so <see cref="Row"/> counts like the sheet's); false at the end.</summary>
    bool Next();

    /// <summary>The current row's number on the sheet, from 1.</summary>
    int Row { get; }

    /// <summary>Cells of the current row, up to its last filled one.</summary>
    int Count { get; }

    /// <summary>A cell of the current row (from 0) as a typed value: string, double, DateTime, bool, or null.</summary>
    object? Cell(int column);
}

/// <summary>
/// The first worksheet of an .xlsx that <see cref="WorkbookProbe"/> has checked, read straight from its XML with
/// <see cref="XmlBytes"/>, as ExcelDataReader gives it: shared strings read once; each cell's value typed from its
/// <c>t</c> attribute (shared or inline string, formula text, boolean, error as empty, ISO date) and, for a number, from its
/// style's number format (a date format, built-in or custom, makes it a <see cref="DateTime"/>, in the workbook's 1900 or
/// 1904 date system). Cell references, types and values are read from the bytes: no string is made but the cells' own
/// text, where ExcelDataReader made five per cell (half a gigabyte for a 100,000-row member list).
/// </summary>
internal sealed class XlsxSheet : ISheetRows
{
    private static readonly XmlReaderSettings SmallPart = new() { IgnoreComments = true, IgnoreWhitespace = true, DtdProcessing = DtdProcessing.Prohibit };

    private readonly ZipArchive zip;
    private readonly Stream part;
    private readonly XmlBytes xml;
    private readonly string[] strings;
    private readonly bool[] dateStyles;
    private readonly bool date1904;
    private object?[] cells = new object?[16];
    private int count;
    private int row;
    private int parsedRow;
    private bool pending;
    private bool inSheetData;
    private bool done;
    private char[] text = new char[256];
    private int textLength;

    /// <summary>Merged ranges by their first row; <see cref="nextMerge"/> is the first not yet reached, <see cref="activeMerges"/> those spanning the current row.</summary>
    private Merge[] merges = [];
    private int nextMerge;
    private readonly List<Merge> activeMerges = [];

    /// <summary>A merged range (rows and columns from 1 and 0, inclusive) and the value of its top-left cell once read.</summary>
    private sealed class Merge(int top, int left, int bottom, int right)
    {
        public int Top { get; } = top;
        public int Left { get; } = left;
        public int Bottom { get; } = bottom;
        public int Right { get; } = right;
        public object? Value { get; set; }
    }

    private XlsxSheet(ZipArchive zip, Stream part, string[] strings, bool[] dateStyles, bool date1904)
    {
        this.zip = zip;
        this.part = part;
        xml = new XmlBytes(part);
        this.strings = strings;
        this.dateStyles = dateStyles;
        this.date1904 = date1904;
    }

    /// <summary>
    /// Opens the first worksheet of <paramref name="file"/> (left open); throws <see cref="InvalidDataException"/> for a
    /// broken workbook. With <paramref name="fillMergedCells"/> (the probe saw <c>&lt;mergeCell&gt;</c>), the sheet is read
    /// once more first for its merged ranges, which Excel writes after the rows, and every cell of a range reads as its
    /// top-left cell (a 所在支部 merged over ten rows applies to all ten), as MiniExcel's <c>FillMergedCells</c> did.
    /// </summary>
    public static XlsxSheet Open(Stream file, bool fillMergedCells = false)
    {
        file.Position = 0;
        var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        try
        {
            var sheet = WorkbookProbe.FirstSheet(zip) ?? throw new InvalidDataException("No worksheet");
            var strings = SharedStrings(WorkbookProbe.WorkbookPart(zip, "sharedStrings"));
            var dates = DateStyles(WorkbookProbe.WorkbookPart(zip, "styles"));
            return new XlsxSheet(zip, sheet.Open(), strings, dates, WorkbookProbe.Date1904(zip))
            {
                merges = fillMergedCells ? MergedRanges(sheet) : [],
            };
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    public int Row => row;

    public int Count => row < parsedRow ? 0 : count;

    public object? Cell(int column) => column < Count ? cells[column] : null;

    public bool Next()
    {
        if (!pending)
        {
            if (done || !ReadRow())
            {
                done = true;
                return false;
            }

            pending = true;
            parsedRow = Math.Max(parsedRow, row + 1);
        }

        row++;
        pending = row < parsedRow;
        return true;
    }

    public void Dispose()
    {
        part.Dispose();
        zip.Dispose();
    }

    /// <summary>The next <c>&lt;row&gt;</c> of the sheet's data into <see cref="cells"/>; false after the last.</summary>
    private bool ReadRow()
    {
        while (xml.Read())
        {
            if (xml.Current == XmlBytes.Token.End && inSheetData && xml.Name.SequenceEqual("sheetData"u8))
            {
                return false;
            }

            if (xml.Current != XmlBytes.Token.Start)
            {
                continue;
            }

            if (!inSheetData)
            {
                if (xml.Name.SequenceEqual("sheetData"u8))
                {
                    if (xml.SelfClosing)
                    {
                        return false;
                    }

                    inSheetData = true;
                }

                continue;
            }

            if (!xml.Name.SequenceEqual("row"u8))
            {
                xml.Skip();
                continue;
            }

            Array.Clear(cells, 0, count);
            count = 0;
            parsedRow = xml.Attribute("r"u8, out var number) && Number(number) is > 0 and var r ? r : parsedRow + 1;
            if (parsedRow > MaxRows)
            {
                // Rows missing from the file are read as empty ones: a row number past Excel's last would be billions of them.
                throw new InvalidDataException("Row beyond Excel's last");
            }

            if (!xml.SelfClosing)
            {
                ReadCells();
            }

            FillMerged();
            return true;
        }

        return false;
    }

    private void ReadCells()
    {
        var column = -1;
        while (xml.Read())
        {
            if (xml.IsEnd("row"u8))
            {
                return;
            }

            if (!xml.IsStart("c"u8))
            {
                xml.Skip();
                continue;
            }

            column = xml.Attribute("r"u8, out var reference) && ColumnOf(reference) is >= 0 and var c ? c : column + 1;
            var type = xml.Attribute("t"u8, out var t) ? t[0] switch
            {
                (byte)'s' => t.Length == 1 ? 's' : 'r',
                (byte)'i' => 'i',
                (byte)'b' => 'b',
                (byte)'e' => 'e',
                (byte)'d' => 'd',
                _ => 'n',
            }
            : 'n';
            var style = xml.Attribute("s"u8, out var s) ? Number(s) : 0;
            if (xml.SelfClosing)
            {
                continue;
            }

            var value = ReadValue(type, style);
            if (value is null || column >= MaxColumns)
            {
                continue;
            }

            if (column >= cells.Length)
            {
                Array.Resize(ref cells, Math.Max(column + 1, cells.Length * 2));
            }

            cells[column] = value;
            count = Math.Max(count, column + 1);
        }

        throw new InvalidDataException("Unterminated row");
    }

    /// <summary>Every cell of a merged range that spans the row just read takes the value of the range's top-left cell.</summary>
    private void FillMerged()
    {
        if (merges.Length == 0)
        {
            return;
        }

        activeMerges.RemoveAll(m => m.Bottom < parsedRow);
        while (nextMerge < merges.Length && merges[nextMerge].Top <= parsedRow)
        {
            var merge = merges[nextMerge++];
            if (merge.Bottom >= parsedRow)
            {
                merge.Value = merge.Top == parsedRow && merge.Left < count ? cells[merge.Left] : null;
                activeMerges.Add(merge);
            }
        }

        if (activeMerges.Sum(m => m.Right - m.Left + 1) > MaxMergedColumns)
        {
            throw new InvalidDataException("Overlapping merged cells");
        }

        foreach (var merge in activeMerges)
        {
            if (merge.Value is null)
            {
                continue;
            }

            var right = merge.Right;
            if (right >= cells.Length)
            {
                Array.Resize(ref cells, right + 1);
            }

            for (var column = merge.Left; column <= right; column++)
            {
                cells[column] = merge.Value;
            }

            count = Math.Max(count, right + 1);
        }
    }

    /// <summary>The sheet's merged ranges (<c>&lt;mergeCell ref="J2:J11"/&gt;</c>), by first row; a pass over the part of its own.</summary>
    private static Merge[] MergedRanges(ZipArchiveEntry sheet)
    {
        using var stream = sheet.Open();
        var xml = new XmlBytes(stream);
        var found = new List<Merge>();
        while (xml.Read())
        {
            if (xml.IsStart("mergeCell"u8) && xml.Attribute("ref"u8, out var reference) && reference.IndexOf((byte)':') is > 0 and var colon)
            {
                int top = RowOf(reference[..colon]), left = ColumnOf(reference[..colon]);
                int bottom = RowOf(reference[(colon + 1)..]), right = ColumnOf(reference[(colon + 1)..]);
                if (top > 0 && left >= 0 && left < MaxMergedColumns && bottom >= top && right >= left)
                {
                    found.Add(new Merge(top, left, bottom, Math.Min(right, MaxMergedColumns - 1)));
                }

                if (found.Count > MaxMerges)
                {
                    throw new InvalidDataException("Too many merged ranges");
                }
            }
        }

        return [.. found.OrderBy(m => m.Top)];
    }

    /// <summary>The row of a reference like <c>AB12</c>; 0 when it has none.</summary>
    private static int RowOf(ReadOnlySpan<byte> reference) =>
        Number(reference.TrimStart("$ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8));

    /// <summary>Excel's last column is XFD (16,384); a reference beyond it is no cell of ours.</summary>
    private const int MaxColumns = 16_384;

    /// <summary>Excel's last row.</summary>
    private const int MaxRows = 1_048_576;

    /// <summary>
    /// Merged ranges are filled in the first 256 columns (IV, old Excel's last; the templates use a dozen), and a sheet
    /// may have 100,000 of them: bounds on the work a hostile sheet can ask for. Ranges that span one row may together
    /// cover no more than those 256 columns (Excel's ranges never overlap); more is refused as a broken file.
    /// </summary>
    private const int MaxMergedColumns = 256;

    private const int MaxMerges = 100_000;

    /// <summary>The cell's value from its children up to <c>&lt;/c&gt;</c>: <c>&lt;v&gt;</c> by the type, <c>&lt;is&gt;</c> as text.</summary>
    private object? ReadValue(char type, int style)
    {
        var hasValue = false;
        string? inline = null;
        textLength = 0;
        while (xml.Read())
        {
            if (xml.IsEnd("c"u8))
            {
                break;
            }

            if (xml.IsStart("v"u8))
            {
                hasValue = true;
                textLength = 0;
                CollectText(xml, "v"u8, ref text, ref textLength);
            }
            else if (xml.IsStart("is"u8))
            {
                inline = RichText(xml, "is"u8, ref text);
            }
            else
            {
                xml.Skip();
            }
        }

        return type == 'i' ? inline : hasValue ? Typed(type, style, text.AsSpan(0, textLength)) : null;
    }

    /// <summary>The text of a cell's <c>&lt;v&gt;</c> as the value its type and style say.</summary>
    private object? Typed(char type, int style, ReadOnlySpan<char> value)
    {
        switch (type)
        {
            case 's':
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < strings.Length
                    ? strings[index]
                    : null;
            case 'r':
                return Decode(value);
            case 'b':
                return value.Trim() is "1" or "true";
            case 'e':
                return null;
            case 'd':
                return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso) ? iso : Decode(value);
        }

        value = value.Trim();
        if (value.IsEmpty)
        {
            return null;
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return Decode(value);
        }

        if (style < dateStyles.Length && dateStyles[style])
        {
            var serial = date1904 ? number + MemberSheet.Date1904Offset : number;
            if (serial is > -657_435 and < 2_958_466)
            {
                return DateTime.FromOADate(serial);
            }
        }

        return number;
    }

    /// <summary>The text of <paramref name="xml"/>'s current element up to its end tag <paramref name="name"/>, appended to <paramref name="text"/>.</summary>
    private static void CollectText(XmlBytes xml, ReadOnlySpan<byte> name, ref char[] text, ref int length)
    {
        if (xml.SelfClosing)
        {
            return;
        }

        while (xml.Read())
        {
            if (xml.Current is XmlBytes.Token.Text or XmlBytes.Token.CData)
            {
                xml.AppendText(ref text, ref length);
            }
            else if (xml.IsEnd(name))
            {
                return;
            }
            else
            {
                xml.Skip();
            }
        }
    }

    /// <summary>
    /// A rich text (a shared string's <c>&lt;si&gt;</c>, an inline <c>&lt;is&gt;</c>): its <c>&lt;t&gt;</c> and the
    /// <c>&lt;t&gt;</c> of its runs together; phonetic runs (<c>&lt;rPh&gt;</c>) and run properties left out.
    /// </summary>
    private static string RichText(XmlBytes xml, ReadOnlySpan<byte> name, ref char[] text)
    {
        var length = 0;
        if (xml.SelfClosing)
        {
            return string.Empty;
        }

        while (xml.Read())
        {
            if (xml.IsEnd(name))
            {
                break;
            }

            if (xml.IsStart("t"u8))
            {
                CollectText(xml, "t"u8, ref text, ref length);
            }
            else if (xml.IsStart("rPh"u8) || xml.IsStart("rPr"u8) || xml.IsStart("phoneticPr"u8))
            {
                xml.Skip();
            }
        }

        return Decode(text.AsSpan(0, length));
    }

    /// <summary>
    /// Text as Excel means it: <c>_x000D_</c> is the character U+000D (how Excel writes characters XML cannot hold), and
    /// <c>_x005F_</c> before such a form keeps it literal.
    /// </summary>
    private static string Decode(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return string.Empty;
        }

        if (value.IndexOf("_x", StringComparison.Ordinal) < 0)
        {
            return new string(value);
        }

        var result = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '_' && i + 6 < value.Length && value[i + 1] == 'x' && value[i + 6] == '_'
                && ushort.TryParse(value.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                result.Append((char)code);
                i += 6;
                continue;
            }

            result.Append(value[i]);
        }

        return result.ToString();
    }

    /// <summary>The column (from 0) of a reference like <c>AB12</c>; -1 when it has no letters.</summary>
    private static int ColumnOf(ReadOnlySpan<byte> reference)
    {
        var column = 0;
        var i = 0;
        for (; i < reference.Length && column <= MaxColumns; i++)
        {
            var b = reference[i];
            if (b is >= (byte)'A' and <= (byte)'Z')
            {
                column = (column * 26) + (b - 'A' + 1);
            }
            else if (b is >= (byte)'a' and <= (byte)'z')
            {
                column = (column * 26) + (b - 'a' + 1);
            }
            else if (b != (byte)'$')
            {
                break;
            }
        }

        return column - 1;
    }

    private static int Number(ReadOnlySpan<byte> digits) =>
        System.Buffers.Text.Utf8Parser.TryParse(digits, out int value, out var used) && used == digits.Length && value >= 0 ? value : 0;

    /// <summary>The shared-string table, read once (each string made once, as every cell that uses it will share it).</summary>
    private static string[] SharedStrings(ZipArchiveEntry? entry)
    {
        if (entry is null)
        {
            return [];
        }

        using var stream = entry.Open();
        var xml = new XmlBytes(stream);
        var text = new char[256];
        var strings = new List<string>();
        while (xml.Read())
        {
            if (xml.IsStart("sst"u8) && xml.Attribute("uniqueCount"u8, out var unique))
            {
                // A hint only (capped: the table's own size bounds the strings).
                strings.Capacity = Math.Min(Number(unique), 2_000_000);
            }
            else if (xml.IsStart("si"u8))
            {
                strings.Add(RichText(xml, "si"u8, ref text));
            }
        }

        return [.. strings];
    }

    /// <summary>
    /// Per cell style (<c>cellXfs</c>), whether its number format shows a date or time: Excel's built-in date formats
    /// (14–22, 45–47, and the Chinese, Japanese and Korean ones 27–36 and 50–58) or a custom format with date or time
    /// letters outside quotes and brackets.
    /// </summary>
    private static bool[] DateStyles(ZipArchiveEntry? entry)
    {
        if (entry is null)
        {
            return [];
        }

        using var stream = entry.Open();
        using var reader = XmlReader.Create(stream, SmallPart);
        var custom = new Dictionary<int, bool>();
        var styles = new List<bool>();
        var inCellXfs = false;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs")
            {
                break;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "numFmt" when int.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id):
                    custom[id] = IsDateFormat(reader.GetAttribute("formatCode"));
                    break;
                case "cellXfs":
                    inCellXfs = !reader.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    var format = int.TryParse(reader.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var f) ? f : 0;
                    styles.Add(custom.TryGetValue(format, out var isDate) ? isDate : IsBuiltinDate(format));
                    break;
            }
        }

        return [.. styles];
    }

    private static bool IsBuiltinDate(int id) => id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58);

    /// <summary>
    /// Whether a number format shows a date or time: y, m, d, h or s (or the era letters e, g) in its first section outside
    /// quoted text, escaped characters and brackets (an elapsed <c>[h]</c> counts); <c>General</c> and exponents do not.
    /// </summary>
    internal static bool IsDateFormat(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return false;
        }

        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            switch (c)
            {
                case ';':
                    return false;
                case '"':
                    var close = code.IndexOf('"', i + 1);
                    i = close < 0 ? code.Length : close;
                    continue;
                case '\\' or '_' or '*':
                    i++;
                    continue;
                case '[':
                    var end = code.IndexOf(']', i + 1);
                    var inside = end < 0 ? string.Empty : code[(i + 1)..end].ToLowerInvariant();
                    if (inside.Length > 0 && inside.All(ch => ch is 'h' or 'm' or 's'))
                    {
                        return true;
                    }

                    i = end < 0 ? code.Length : end;
                    continue;
            }

            if (string.Compare(code, i, "General", 0, 7, StringComparison.OrdinalIgnoreCase) == 0)
            {
                i += 6;
                continue;
            }

            if (c is 'e' or 'E' && i + 1 < code.Length && code[i + 1] is '+' or '-')
            {
                return false;
            }

            if (char.ToLowerInvariant(c) is 'y' or 'm' or 'd' or 'h' or 's' or 'e' or 'g')
            {
                return true;
            }
        }

        return false;
    }
}
