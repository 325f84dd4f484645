using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Zhijian.Bench;

/// <summary>
/// Writes rows of text as Excel and WPS save them: every text cell a shared string (one table of the distinct strings,
/// cells holding an index), with the sheet's dimension. MiniExcel writes text inline instead, and reading shared strings
/// costs MiniExcel differently (a 100,000-row list has about 400,000 distinct strings), so an import benchmark that
/// should show what users' files cost reads this form.
/// </summary>
public static class ExcelLikeWorkbook
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public static byte[] Build(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string?>> rows, string sheetName)
    {
        var strings = new Dictionary<string, int>();
        var table = new List<string>();
        int Index(string text)
        {
            if (!strings.TryGetValue(text, out var i))
            {
                i = table.Count;
                strings[text] = i;
                table.Add(text);
            }

            return i;
        }

        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Text(zip, "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
                "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
                "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" +
                "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>");
            Text(zip, "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            Text(zip, "xl/workbook.xml",
                $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><workbook xmlns=\"{Main}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" +
                $"<sheets><sheet name=\"{sheetName}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            Text(zip, "xl/_rels/workbook.xml.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
                "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");

            using (var sheet = Xml(zip, "xl/worksheets/sheet1.xml"))
            {
                sheet.WriteStartElement("worksheet", Main);
                sheet.WriteStartElement("dimension", Main);
                sheet.WriteAttributeString("ref", $"A1:{Column(headers.Count - 1)}{rows.Count + 1}");
                sheet.WriteEndElement();
                sheet.WriteStartElement("sheetData", Main);
                Row(sheet, 1, headers, Index);
                for (var r = 0; r < rows.Count; r++)
                {
                    Row(sheet, r + 2, rows[r], Index);
                }

                sheet.WriteEndElement();
                sheet.WriteEndElement();
            }

            using var shared = Xml(zip, "xl/sharedStrings.xml");
            shared.WriteStartElement("sst", Main);
            shared.WriteAttributeString("uniqueCount", table.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var text in table)
            {
                shared.WriteStartElement("si", Main);
                shared.WriteElementString("t", Main, text);
                shared.WriteEndElement();
            }

            shared.WriteEndElement();
        }

        return output.ToArray();
    }

    private static void Row(XmlWriter sheet, int number, IReadOnlyList<string?> cells, Func<string, int> index)
    {
        sheet.WriteStartElement("row", Main);
        sheet.WriteAttributeString("r", number.ToString(CultureInfo.InvariantCulture));
        for (var c = 0; c < cells.Count; c++)
        {
            if (cells[c] is not { } text)
            {
                continue;
            }

            sheet.WriteStartElement("c", Main);
            sheet.WriteAttributeString("r", Column(c) + number.ToString(CultureInfo.InvariantCulture));
            sheet.WriteAttributeString("t", "s");
            sheet.WriteElementString("v", Main, index(text).ToString(CultureInfo.InvariantCulture));
            sheet.WriteEndElement();
        }

        sheet.WriteEndElement();
    }

    private static string Column(int index) => index < 26
        ? ((char)('A' + index)).ToString()
        : Column(index / 26 - 1) + (char)('A' + index % 26);

    private static XmlWriter Xml(ZipArchive zip, string name) =>
        XmlWriter.Create(zip.CreateEntry(name, CompressionLevel.Fastest).Open(),
            new XmlWriterSettings { Encoding = new UTF8Encoding(false), CloseOutput = true });

    private static void Text(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
