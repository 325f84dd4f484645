using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Zhijian.Tests.Infrastructure;

/// <summary>One cell of a hand-built sheet: text, a number, a formula with the value Excel saved for it, or empty.</summary>
public sealed record RawCell(string? Text = null, double? Number = null, string? Formula = null)
{
    public static implicit operator RawCell(string? text) => new(Text: text);
}

/// <summary>
/// Builds minimal .xlsx files by hand, for what MiniExcel does not write: merged cells, formulas with saved
/// values, an explicit (or missing) dimension, a million rows streamed without holding them.
/// </summary>
public static class RawWorkbook
{
    /// <summary>
    /// The workbook; with <paramref name="sharedStrings"/> text cells are stored as Excel and WPS store them, as indexes
    /// into a table of shared strings, instead of inline; with <paramref name="date1904"/> the workbook says
    /// <c>&lt;workbookPr date1904="1"/&gt;</c> as old Mac Excel saves it (serial numbers count from 1904-01-01).
    /// </summary>
    public static byte[] Build(IEnumerable<IReadOnlyList<RawCell?>> rows, IEnumerable<string>? merges = null, string? dimension = null,
        bool sharedStrings = false, bool date1904 = false)
    {
        var strings = sharedStrings ? new Dictionary<string, int>() : null;
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>
                """);
            Entry(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """);
            Entry(zip, "xl/workbook.xml", $$"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{{(date1904 ? "<workbookPr date1904=\"1\"/>" : "")}}<sheets><sheet name="党（团）员信息" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            Entry(zip, "xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
                """);

            using (var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false)))
            {
                WriteSheet(sheet, rows, merges, dimension, strings);
            }

            var table = strings?.OrderBy(kv => kv.Value).Select(kv => $"<si><t>{SecurityElement.Escape(kv.Key)}</t></si>") ?? [];
            Entry(zip, "xl/sharedStrings.xml",
                $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{string.Concat(table)}</sst>");
        }

        return output.ToArray();
    }

    private static void WriteSheet(StreamWriter sheet, IEnumerable<IReadOnlyList<RawCell?>> rows, IEnumerable<string>? merges, string? dimension,
        Dictionary<string, int>? strings)
    {
        sheet.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
        if (dimension is not null)
        {
            sheet.Write($"<dimension ref=\"{dimension}\"/>");
        }

        sheet.Write("<sheetData>");
        var r = 0;
        foreach (var row in rows)
        {
            r++;
            sheet.Write(string.Create(CultureInfo.InvariantCulture, $"<row r=\"{r}\">"));
            for (var c = 0; c < row.Count; c++)
            {
                if (row[c] is { } cell)
                {
                    WriteCell(sheet, $"{Column(c)}{r}", cell, strings);
                }
            }

            sheet.Write("</row>");
        }

        sheet.Write("</sheetData>");
        var mergeList = merges?.ToList() ?? [];
        if (mergeList.Count > 0)
        {
            sheet.Write(string.Create(CultureInfo.InvariantCulture, $"<mergeCells count=\"{mergeList.Count}\">"));
            foreach (var m in mergeList)
            {
                sheet.Write($"<mergeCell ref=\"{m}\"/>");
            }

            sheet.Write("</mergeCells>");
        }

        sheet.Write("</worksheet>");
    }

    /// <summary>A column's letters: 0 → A, 25 → Z, 26 → AA.</summary>
    public static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : Column((index / 26) - 1) + (char)('A' + (index % 26));

    private static void WriteCell(StreamWriter sheet, string reference, RawCell cell, Dictionary<string, int>? strings)
    {
        var formula = cell.Formula is null ? "" : $"<f>{SecurityElement.Escape(cell.Formula)}</f>";
        if (cell is { Text: null, Number: null, Formula: null })
        {
            // An empty cell as Excel writes the covered part of a merged range.
            sheet.Write($"<c r=\"{reference}\"/>");
            return;
        }

        if (cell.Number is { } n)
        {
            sheet.Write(string.Create(CultureInfo.InvariantCulture, $"<c r=\"{reference}\">{formula}<v>{n}</v></c>"));
        }
        else if (cell.Formula is not null)
        {
            sheet.Write($"<c r=\"{reference}\" t=\"str\">{formula}<v>{SecurityElement.Escape(cell.Text ?? "")}</v></c>");
        }
        else if (strings is not null)
        {
            var text = cell.Text ?? "";
            if (!strings.TryGetValue(text, out var index))
            {
                index = strings.Count;
                strings[text] = index;
            }

            sheet.Write(string.Create(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"s\"><v>{index}</v></c>"));
        }
        else
        {
            sheet.Write($"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(cell.Text ?? "")}</t></is></c>");
        }
    }

    /// <summary>One part of a hand-built package, as UTF-8 without a byte-order mark.</summary>
    public static void Entry(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        writer.Write(text.Trim());
    }
}
