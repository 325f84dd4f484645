using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.ImportExport;

/// <summary>
/// What the importer needs to know about a workbook before it reads a row, and whether it may be read at all, found in one
/// pass over the zip before the reader opens it. The zip's directory is walked first (a count of its parts, so that a
/// directory of a million entries is never loaded); every part's declared size is checked, then every part is read with
/// its bytes counted (a zip bomb lies in its headers), and every XML part goes through <see cref="XmlPartScanner"/>: no
/// text node, cell or shared string over Excel's 32,767 characters, no DTD, no giant tag. The first worksheet's filled
/// rows are counted on the way, stopping one past the row limit, so a sheet whose <c>&lt;dimension&gt;</c> understates its
/// rows is refused as surely as one that says so; its dimension (Excel and WPS write it before the rows) and whether any
/// worksheet declares merged cells come from the same look. Nothing is held but counters: the probe of a 150-million-
/// character cell allocates a few hundred kilobytes. A refusal is a <see cref="DomainException"/> (400
/// <c>validation_failed</c> on <c>file</c>) with a Chinese message.
/// </summary>
public static class WorkbookProbe
{
    /// <summary>
    /// The first worksheet's rows from its dimension (header included), null when it has none; whether any sheet has merged
    /// cells; the first worksheet's rows that hold a value (header included), counted up to one past the row limit; and
    /// whether the workbook counts dates from 1904 (<c>&lt;workbookPr date1904="1"/&gt;</c>, old Mac Excel's default).
    /// </summary>
    public sealed record Facts(int? Rows, bool HasMergedCells, int FilledRows, bool Date1904 = false);

    /// <summary>Parts a workbook may have (an Excel workbook of 200 sheets has about 500).</summary>
    public const int MaxParts = 10_000;

    /// <summary>The zip's central directory (a few hundred bytes per part).</summary>
    public const long MaxDirectoryBytes = 4L * 1024 * 1024;

    /// <summary>A worksheet's XML, uncompressed: a full 100,000-row template with inline strings is about 90 MB.</summary>
    public const long MaxWorksheetBytes = 256L * 1024 * 1024;

    /// <summary>
    /// The shared-string table's XML, uncompressed: about 12 MB for a 100,000-row member list. The importer's reader holds
    /// the table in memory as strings (at most about twice its XML, a few dozen MB for a full list).
    /// </summary>
    public const long MaxSharedStringsBytes = 64L * 1024 * 1024;

    /// <summary>Any other XML part (workbook, relationships, styles, drawings): a few MB at most.</summary>
    public const long MaxOtherXmlBytes = 8L * 1024 * 1024;

    /// <summary>Any other part (pictures, printer settings), which the importer never parses.</summary>
    public const long MaxBinaryBytes = 64L * 1024 * 1024;

    /// <summary>All parts together, uncompressed.</summary>
    public const long MaxTotalBytes = 512L * 1024 * 1024;

    private const string Mb = " MB";

    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <summary>
    /// Checks the workbook and reads the facts; throws <see cref="InvalidDataException"/> when the stream is not a zip and
    /// <see cref="DomainException"/> when the workbook is refused. Leaves the stream at 0. Needs a seekable stream.
    /// </summary>
    public static Facts Read(Stream workbook, int rowLimit = int.MaxValue)
    {
        try
        {
            CheckDirectory(workbook);
            workbook.Position = 0;
            using var zip = new ZipArchive(workbook, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries)
            {
                var (cap, what) = CapOf(entry);
                if (entry.Length > cap || entry.Length < 0)
                {
                    throw TooLarge(what, cap);
                }
            }

            var sheets = Sheets(zip);

            // The workbook and its relationships first (small, and needed to know which sheet is first), then the first
            // sheet (which may end the probe at the row limit), then everything else.
            var total = new long[1];
            var order = zip.Entries.Where(e => IsPath(e, "xl/workbook.xml") || IsPath(e, "xl/_rels/workbook.xml.rels")).ToList();
            foreach (var entry in order)
            {
                Scan(entry, null, total);
            }

            var first = FirstSheet(zip, sheets);
            var date1904 = Date1904(zip);
            var hasMerged = false;
            var filled = 0;
            if (first is not null)
            {
                var scanner = Scan(first, rowLimit, total)!;
                filled = scanner.FilledRows;
                hasMerged = scanner.HasMergedCells;
                if (scanner.RowLimitExceeded)
                {
                    return new Facts(DimensionRows(first), hasMerged, filled, date1904);
                }

                order.Add(first);
            }

            foreach (var entry in zip.Entries.Except(order))
            {
                hasMerged |= Scan(entry, null, total)?.HasMergedCells ?? false;
            }

            return new Facts(first is null ? null : DimensionRows(first), hasMerged, filled, date1904);
        }
        finally
        {
            workbook.Position = 0;
        }
    }

    private static bool IsPath(ZipArchiveEntry e, string path) => string.Equals(Normalize(e.FullName), path, StringComparison.OrdinalIgnoreCase);

    private static bool IsXml(ZipArchiveEntry e) =>
        e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);

    private static XmlPartScanner.PartKind KindOf(ZipArchiveEntry e) =>
        !IsXml(e) ? XmlPartScanner.PartKind.Other
        : Normalize(e.FullName).StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase) ? XmlPartScanner.PartKind.Worksheet
        : e.Name.Equals("sharedStrings.xml", StringComparison.OrdinalIgnoreCase) ? XmlPartScanner.PartKind.SharedStrings
        : XmlPartScanner.PartKind.Other;

    /// <summary>The most bytes a part may hold uncompressed, and what to call it in a refusal.</summary>
    private static (long Cap, string What) CapOf(ZipArchiveEntry e) => !IsXml(e)
        ? (MaxBinaryBytes, $"部件 {Short(e.FullName)}")
        : KindOf(e) switch
        {
            XmlPartScanner.PartKind.Worksheet => (MaxWorksheetBytes, "工作表"),
            XmlPartScanner.PartKind.SharedStrings => (MaxSharedStringsBytes, "共享字符串表"),
            _ => (MaxOtherXmlBytes, $"部件 {Short(e.FullName)}"),
        };

    private static string Short(string name) => MemberSheet.Echo(name);

    private static DomainException TooLarge(string what, long cap) =>
        DomainException.Validation("file", $"工作簿解压后过大：{what}超过 {cap / 1024 / 1024}{Mb}；请拆分成多个文件分批导入");

    private static DomainException Broken() => DomainException.Validation("file", FlatSheets.NotReadable);

    /// <summary>
    /// Reads one part to its end with its bytes counted (against its own cap, its declared size and the workbook's total),
    /// XML parts through a scanner; a worksheet's scanner stops at <paramref name="rowLimit"/> when given. Null for a part
    /// that is not XML.
    /// </summary>
    private static XmlPartScanner? Scan(ZipArchiveEntry entry, int? rowLimit, long[] total)
    {
        var (cap, what) = CapOf(entry);
        var scanner = IsXml(entry) ? new XmlPartScanner(KindOf(entry), rowLimit ?? int.MaxValue) : null;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            using var part = entry.Open();
            long actual = 0;
            int read;
            while ((read = part.Read(buffer, 0, buffer.Length)) > 0)
            {
                actual += read;
                total[0] += read;
                if (actual > cap)
                {
                    throw TooLarge(what, cap);
                }

                if (total[0] > MaxTotalBytes)
                {
                    throw TooLarge("全部内容", MaxTotalBytes);
                }

                if (actual > entry.Length)
                {
                    // More bytes than the zip's directory declares: a forged header, as in a zip bomb.
                    throw Broken();
                }

                if (scanner is null)
                {
                    continue;
                }

                scanner.Feed(buffer.AsSpan(0, read));
                if (scanner.Refusal is { } refusal)
                {
                    throw DomainException.Validation("file", refusal);
                }

                if (scanner.Done)
                {
                    break;
                }
            }

            return scanner;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Walks the zip's central directory by hand before <see cref="ZipArchive"/> loads it: a directory of more than
    /// <see cref="MaxParts"/> entries or <see cref="MaxDirectoryBytes"/> (50 MB of upload can hold a million empty
    /// entries, a few hundred MB as objects) is refused, as is ZIP64 (Excel needs it only beyond 4 GB).
    /// </summary>
    private static void CheckDirectory(Stream zip)
    {
        var length = zip.Length;
        if (length < 22)
        {
            throw new InvalidDataException("Not a zip: too short");
        }

        var tail = new byte[(int)Math.Min(length, 22 + ushort.MaxValue)];
        zip.Position = length - tail.Length;
        zip.ReadExactly(tail);
        var end = tail.AsSpan().LastIndexOf([(byte)0x50, (byte)0x4b, (byte)0x05, (byte)0x06]);
        if (end < 0 || end + 22 > tail.Length)
        {
            throw new InvalidDataException("Not a zip: no end of central directory");
        }

        var record = tail.AsSpan(end);
        var entries = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
        var size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
        var offset = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
        if (entries == ushort.MaxValue || size == uint.MaxValue || offset == uint.MaxValue)
        {
            throw Broken();
        }

        if (entries > MaxParts || size > MaxDirectoryBytes)
        {
            throw DomainException.Validation("file", $"工作簿的部件过多（超过 {MaxParts:N0} 个），不是 Excel 保存的文件，请使用下载的模板填写");
        }

        // Count the directory's headers as they are, not as the end record says: a forged count is refused too.
        zip.Position = offset;
        var header = new byte[46];
        var count = 0;
        while (zip.Position + 46 <= length)
        {
            zip.ReadExactly(header);
            if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(header) != 0x02014b50)
            {
                break;
            }

            if (++count > MaxParts)
            {
                throw DomainException.Validation("file", $"工作簿的部件过多（超过 {MaxParts:N0} 个），不是 Excel 保存的文件，请使用下载的模板填写");
            }

            var skip = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28))
                + System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(30))
                + System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32));
            zip.Position += skip;
        }
    }

    private static string Normalize(string path) => path.TrimStart('/');

    /// <summary>The first worksheet in the workbook's order, the one the importer reads.</summary>
    internal static ZipArchiveEntry? FirstSheet(ZipArchive zip) => FirstSheet(zip, Sheets(zip));

    private static List<ZipArchiveEntry> Sheets(ZipArchive zip) => zip.Entries
        .Where(e => Normalize(e.FullName).StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase)
            && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>
    /// The workbook's part of a relationship type (<c>sharedStrings</c>, <c>styles</c>) by <c>xl/_rels/workbook.xml.rels</c>,
    /// else at the path Excel gives it (<c>xl/sharedStrings.xml</c>); null when there is none.
    /// </summary>
    internal static ZipArchiveEntry? WorkbookPart(ZipArchive zip, string type)
    {
        var target = Load(zip, "xl/_rels/workbook.xml.rels")?.Root?.Elements(PackageRelationships + "Relationship")
            .FirstOrDefault(r => ((string?)r.Attribute("Type"))?.EndsWith("/" + type, StringComparison.Ordinal) == true)
            ?.Attribute("Target")?.Value;
        var path = target is null ? $"xl/{type}.xml" : target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
        return zip.Entries.FirstOrDefault(e => IsPath(e, path));
    }

    /// <summary>The first sheet in the workbook's order (<c>xl/workbook.xml</c> and its relationships): the sheet the importer reads.</summary>
    private static ZipArchiveEntry? FirstSheet(ZipArchive zip, List<ZipArchiveEntry> sheets)
    {
        if (sheets.Count <= 1)
        {
            return sheets.FirstOrDefault();
        }

        var workbook = Load(zip, "xl/workbook.xml");
        var rels = Load(zip, "xl/_rels/workbook.xml.rels");
        var id = workbook?.Root?.Element(Main + "sheets")?.Elements(Main + "sheet").FirstOrDefault()?.Attribute(Relationships + "id")?.Value;
        var target = rels?.Root?.Elements(PackageRelationships + "Relationship")
            .FirstOrDefault(r => (string?)r.Attribute("Id") == id)?.Attribute("Target")?.Value;
        if (target is null)
        {
            return null;
        }

        var path = target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
        return sheets.FirstOrDefault(s => string.Equals(Normalize(s.FullName), path, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Whether <c>xl/workbook.xml</c> says <c>&lt;workbookPr date1904="1"/&gt;</c> (or <c>true</c>): its serial numbers count
    /// from 1904-01-01. The part has been scanned (and capped) before.
    /// </summary>
    internal static bool Date1904(ZipArchive zip)
    {
        var entry = zip.Entries.FirstOrDefault(e => IsPath(e, "xl/workbook.xml"));
        if (entry is null)
        {
            return false;
        }

        using var stream = entry.Open();
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { IgnoreComments = true, IgnoreWhitespace = true });
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.LocalName == "workbookPr")
            {
                return xml.GetAttribute("date1904") is "1" or "true";
            }

            if (xml.LocalName == "sheets")
            {
                // workbookPr comes before the sheets when there is one.
                return false;
            }
        }

        return false;
    }

    private static XDocument? Load(ZipArchive zip, string path)
    {
        var entry = zip.Entries.FirstOrDefault(e => string.Equals(Normalize(e.FullName), path, StringComparison.OrdinalIgnoreCase));
        if (entry is null)
        {
            return null;
        }

        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    /// <summary>Rows spanned by the sheet's <c>&lt;dimension ref="A1:M100001"/&gt;</c>; null when there is none before the rows.</summary>
    private static int? DimensionRows(ZipArchiveEntry sheet)
    {
        using var stream = sheet.Open();
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { IgnoreComments = true, IgnoreWhitespace = true });
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.LocalName == "sheetData")
            {
                return null;
            }

            if (xml.LocalName == "dimension")
            {
                return RowsOf(xml.GetAttribute("ref"));
            }
        }

        return null;
    }

    /// <summary>Rows of a cell range reference: <c>A1:M101</c> is 101, a single cell 1, anything else null.</summary>
    public static int? RowsOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var parts = reference.Split(':');
        var top = RowOf(parts[0]);
        var bottom = parts.Length == 2 ? RowOf(parts[1]) : parts.Length == 1 ? top : null;
        return top is null || bottom is null || bottom < top ? null : bottom - top + 1;
    }

    private static int? RowOf(string cell)
    {
        var digits = cell.AsSpan().TrimStart("$ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
        return digits.Length > 0 && int.TryParse(digits, System.Globalization.NumberStyles.None, null, out var row) && row > 0 ? row : null;
    }
}
