using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Zhijian.Web.Features.ImportExport;

/// <summary>One sheet of a hand-written workbook: its tab name, its worksheet XML, and whether it is hidden.</summary>
public sealed record PackageSheet(string Name, string Xml, bool Hidden = false);

/// <summary>
/// The parts every hand-written template shares (the member template, the dues payroll templates): content types,
/// relationships, document properties, the workbook with its sheets and defined names, one style sheet, and the sheets
/// themselves. Plain SpreadsheetML with relative part names, as Excel itself writes it, so that Excel, WPS, LibreOffice,
/// ExcelJS and SheetJS open it (MiniExcel's workbook made ExcelJS fail in <c>_processWorksheetEntry</c>, and it writes
/// neither column formats nor data validation).
/// </summary>
public static class XlsxPackage
{
    public const string MainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>Style 1: text (<c>@</c>, number format 49), so Excel keeps all 18 digits of an ID number.</summary>
    public const int TextStyle = 1;

    /// <summary>Style 2: a header, bold on light blue, as text.</summary>
    public const int HeaderStyle = 2;

    /// <summary>Style 3: wrapped text at the top of its cell (instructions).</summary>
    public const int WrappedStyle = 3;

    private const string Styles = """
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """;

    private const string Worksheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
    private const string Relationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>
    /// The workbook: <paramref name="sheets"/> in order (the first is the one the importer reads), a shared-string table
    /// when the sheets use one, and <paramref name="definedNames"/> (<c>&lt;definedName&gt;</c> elements) when given.
    /// </summary>
    public static byte[] Write(string title, IReadOnlyList<PackageSheet> sheets, string? sharedStrings = null, string definedNames = "")
    {
        var ic = CultureInfo.InvariantCulture;
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var types = new StringBuilder("""<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>""");
            var workbook = new StringBuilder($"""<workbook xmlns="{MainNamespace}" xmlns:r="{Relationship}"><workbookPr/><bookViews><workbookView activeTab="0"/></bookViews><sheets>""");
            var rels = new StringBuilder("""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">""");
            for (var i = 1; i <= sheets.Count; i++)
            {
                var sheet = sheets[i - 1];
                types.Append(ic, $"""<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{Worksheet}"/>""");
                workbook.Append(ic, $"""<sheet name="{Attr(sheet.Name)}" sheetId="{i}"{(sheet.Hidden ? " state=\"hidden\"" : "")} r:id="rId{i}"/>""");
                rels.Append(ic, $"""<Relationship Id="rId{i}" Type="{Relationship}/worksheet" Target="worksheets/sheet{i}.xml"/>""");
            }

            types.Append("""<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>""");
            rels.Append(ic, $"""<Relationship Id="rId{sheets.Count + 1}" Type="{Relationship}/styles" Target="styles.xml"/>""");
            if (sharedStrings is not null)
            {
                types.Append("""<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>""");
                rels.Append(ic, $"""<Relationship Id="rId{sheets.Count + 2}" Type="{Relationship}/sharedStrings" Target="sharedStrings.xml"/>""");
            }

            types.Append("""<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>""");
            workbook.Append("</sheets>").Append(definedNames.Length > 0 ? $"<definedNames>{definedNames}</definedNames>" : "").Append("</workbook>");

            Part(zip, "[Content_Types].xml", types.ToString());
            Part(zip, "_rels/.rels", $"""<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{Relationship}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="{Relationship}/extended-properties" Target="docProps/app.xml"/></Relationships>""");
            Part(zip, "docProps/core.xml", $"""<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{Attr(title)}</dc:title><dc:creator>智建</dc:creator></cp:coreProperties>""");
            Part(zip, "docProps/app.xml", """<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Zhijian</Application></Properties>""");
            Part(zip, "xl/workbook.xml", workbook.ToString());
            Part(zip, "xl/_rels/workbook.xml.rels", rels.Append("</Relationships>").ToString());
            Part(zip, "xl/styles.xml", Styles);
            for (var i = 1; i <= sheets.Count; i++)
            {
                Part(zip, $"xl/worksheets/sheet{i}.xml", sheets[i - 1].Xml);
            }

            if (sharedStrings is not null)
            {
                Part(zip, "xl/sharedStrings.xml", sharedStrings);
            }
        }

        return output.ToArray();
    }

    /// <summary>Text escaped for an XML attribute or element.</summary>
    public static string Attr(string text) => SecurityElement.Escape(text);

    /// <summary>A column's letters: 0 → A, 25 → Z, 26 → AA.</summary>
    public static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : Column((index / 26) - 1) + (char)('A' + (index % 26));

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
        writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        writer.Write(xml.Trim());
    }
}
