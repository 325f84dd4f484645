using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;

namespace Zhijian.Web.Features.ImportExport;

/// <summary>
/// What the importer needs to know about a workbook before it reads a row, found in one look at the zip: the first
/// worksheet's row count from its <c>&lt;dimension&gt;</c> (Excel and WPS write it before the rows), and whether any
/// worksheet declares merged cells. MiniExcel's <c>GetSheetDimensions</c> answers the first question too, but it loads
/// the workbook's whole shared-string table to do so (0.2–0.3 s of a 100,000-row file, before the import could start);
/// this reads a few hundred bytes of the sheet.
/// </summary>
public static class WorkbookProbe
{
    /// <summary>The first worksheet's rows (header included), null when it has no dimension; whether any sheet has merged cells.</summary>
    public sealed record Facts(int? Rows, bool HasMergedCells);

    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <summary>Reads the facts; throws <see cref="InvalidDataException"/> when the stream is not a zip. Leaves the stream at 0.</summary>
    public static Facts Read(Stream workbook)
    {
        try
        {
            using var zip = new ZipArchive(workbook, ZipArchiveMode.Read, leaveOpen: true);
            var sheets = zip.Entries.Where(e => Normalize(e.FullName).StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase)
                && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).ToList();
            var first = FirstSheet(zip, sheets);
            return new Facts(first is null ? null : DimensionRows(first), sheets.Any(HasMergedCells));
        }
        finally
        {
            workbook.Position = 0;
        }
    }

    private static string Normalize(string path) => path.TrimStart('/');

    /// <summary>The first sheet in the workbook's order (<c>xl/workbook.xml</c> and its relationships), as MiniExcel reads it.</summary>
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

    /// <summary>
    /// Whether a sheet declares merged cells: a byte search of the sheet, far cheaper than MiniExcel's <c>FillMergedCells</c>
    /// pass (0.6 s of a 100,000-row file), so a workbook without merged cells, the usual case, skips that pass.
    /// </summary>
    private static bool HasMergedCells(ZipArchiveEntry entry)
    {
        var marker = "mergeCell"u8;
        var buffer = new byte[1 << 16];
        using var sheet = entry.Open();
        var kept = 0;
        int read;
        while ((read = sheet.Read(buffer, kept, buffer.Length - kept)) > 0)
        {
            var span = buffer.AsSpan(0, kept + read);
            if (span.IndexOf(marker) >= 0)
            {
                return true;
            }

            // Keep the tail, so a marker split across two reads is still found.
            kept = Math.Min(marker.Length - 1, span.Length);
            span[^kept..].CopyTo(buffer);
        }

        return false;
    }
}
