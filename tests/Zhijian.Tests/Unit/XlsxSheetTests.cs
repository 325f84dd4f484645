using System.IO.Compression;
using AwesomeAssertions;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Features.ImportExport;

namespace Zhijian.Tests.Unit;

/// <summary>The import's own .xlsx reader: what each kind of cell reads as, and the XML it must get right.</summary>
public class XlsxSheetTests
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>Styles: 0 General, 1 built-in date 14, 2 text (@), 3 custom 年月日 date, 4 built-in 31 (Chinese date), 5 custom amount.</summary>
    private const string Styles = $"""
        <styleSheet xmlns="{Main}"><numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="#,##0.00&quot;元&quot;"/></numFmts>
        <cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>
        <cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="49"/><xf numFmtId="176"/><xf numFmtId="31"/><xf numFmtId="177"/></cellXfs></styleSheet>
        """;

    private static byte[] Workbook(string sheet, string? sharedStrings = null, bool date1904 = false, string? styles = Styles)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            RawWorkbook.Entry(zip, "xl/workbook.xml", $"""
                <workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{(date1904 ? "<workbookPr date1904=\"true\"/>" : "")}<sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            RawWorkbook.Entry(zip, "xl/_rels/workbook.xml.rels", """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/strings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
                """);
            RawWorkbook.Entry(zip, "xl/worksheets/sheet1.xml", sheet);
            if (sharedStrings is not null)
            {
                RawWorkbook.Entry(zip, "xl/strings.xml", sharedStrings);
            }

            if (styles is not null)
            {
                RawWorkbook.Entry(zip, "xl/styles.xml", styles);
            }
        }

        return output.ToArray();
    }

    private static List<(int Row, object?[] Cells)> ReadAll(byte[] workbook, bool fillMergedCells = false)
    {
        using var stream = new MemoryStream(workbook);
        using var sheet = XlsxSheet.Open(stream, fillMergedCells);
        var rows = new List<(int, object?[])>();
        while (sheet.Next())
        {
            rows.Add((sheet.Row, Enumerable.Range(0, sheet.Count).Select(sheet.Cell).ToArray()));
        }

        return rows;
    }

    [Fact]
    public void Cells_ReadAsTheirTypeAndStyleSay()
    {
        var strings = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <sst xmlns="{Main}" count="4" uniqueCount="4"><si><t>姓名</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">冀 </t></r><r><t>雨丹</t></r><rPh sb="0" eb="1"><t>ジ</t></rPh><phoneticPr fontId="1"/></si><si><t>A &amp; B &lt;团&gt; &#x9752;&#24180;_x000D_</t></si><si/></sst>
            """;
        var sheet = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- written by hand -->
            <x:worksheet xmlns:x="{Main}"><x:dimension ref="A1:H5"/><x:sheetData>
            <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c></x:row>
            <x:row r="3" spans="1:8"><x:c r="A3" t="s"><x:v>2</x:v></x:c><x:c t="inlineStr"><x:is><x:t><![CDATA[<原样>]]></x:t></x:is></x:c><x:c s="1"><x:v>36526</x:v></x:c><x:c s="2"><x:v>13812345678</x:v></x:c><x:c s="3"><x:v>44197</x:v></x:c><x:c s="4"><x:v>1</x:v></x:c><x:c s="5"><x:v>12.5</x:v></x:c><x:c r="H3" t="s"><x:v>3</x:v></x:c></x:row>
            <x:row r="4"><x:c r="A4" t="str"><x:f>A1&amp;"x"</x:f><x:v>姓名x</x:v></x:c><x:c r="B4" t="b"><x:v>1</x:v></x:c><x:c r="C4" t="e"><x:v>#N/A</x:v></x:c><x:c r="D4" t="d"><x:v>2019-11-05T00:00:00</x:v></x:c><x:c r="E4"/><x:c r="F4" t="s"><x:v>99</x:v></x:c><x:c r="AA4"><x:v>-1.5E3</x:v></x:c></x:row>
            <x:row r="5"/>
            </x:sheetData><x:mergeCells count="0"/></x:worksheet>
            """;

        var rows = ReadAll(Workbook(sheet, strings));

        rows.Select(r => r.Row).Should().Equal(1, 2, 3, 4, 5);
        rows[0].Cells.Should().Equal(new object?[] { "姓名", null, "冀 雨丹" });
        rows[1].Cells.Should().BeEmpty("row 2 is not in the file: it reads as an empty row, so rows keep the sheet's numbers");
        rows[2].Cells.Should().Equal(new object?[]
        {
            "A & B <团> 青年\r", "<原样>", new DateTime(2000, 1, 1), 13812345678d, new DateTime(2021, 1, 1), new DateTime(1899, 12, 31), 12.5,
            string.Empty,
        });
        rows[3].Cells.Should().HaveCount(27);
        rows[3].Cells[..6].Should().Equal(new object?[] { "姓名x", true, null, new DateTime(2019, 11, 5), null, null });
        rows[3].Cells[26].Should().Be(-1500d);
        rows[4].Cells.Should().BeEmpty();
    }

    [Fact]
    public void Dates_In1904Workbook_CountFrom1904()
    {
        var sheet = $"""<worksheet xmlns="{Main}"><sheetData><row r="1"><c s="1"><v>0</v></c><c><v>0</v></c></row></sheetData></worksheet>""";

        var rows = ReadAll(Workbook(sheet, date1904: true));

        rows.Single().Cells.Should().Equal(new object?[] { new DateTime(1904, 1, 1), 0d });
    }

    [Fact]
    public void Workbook_WithoutStylesOrStrings_ReadsNumbersAsNumbers()
    {
        var sheet = $"""<worksheet xmlns="{Main}"><sheetData><row><c s="1"><v>36526</v></c><c t="inlineStr"><is><t/></is></c><c><v></v></c></row><row><c><v>7</v></c></row></sheetData></worksheet>""";

        var rows = ReadAll(Workbook(sheet, styles: null));

        rows.Select(r => r.Row).Should().Equal(1, 2);
        rows[0].Cells.Should().Equal(new object?[] { 36526d, string.Empty });
        rows[1].Cells.Should().Equal(new object?[] { 7d });
    }

    [Fact]
    public void MergedCells_ReadAsTheirTopLeftCell_WhenAsked()
    {
        IReadOnlyList<RawCell?>[] rows =
        [
            ["姓名", "所在支部", "备注"],
            ["甲", "第一团支部", "横向合并"],
            ["乙", new RawCell(), null, "x"],
            ["丙"],
            ["丁"],
        ];
        var workbook = RawWorkbook.Build(rows, merges: ["$B$2:$B$4", "C2:D2", "A9:B9"]);

        var filled = ReadAll(workbook, fillMergedCells: true).ConvertAll(r => r.Cells);
        var plain = ReadAll(workbook).ConvertAll(r => r.Cells);

        filled[1].Should().Equal(new object?[] { "甲", "第一团支部", "横向合并", "横向合并" });
        filled[2].Should().Equal(new object?[] { "乙", "第一团支部", null, "x" }, "the range C2:D2 spans row 2 only");
        filled[3].Should().Equal(new object?[] { "丙", "第一团支部" });
        filled[4].Should().Equal(new object?[] { "丁" });
        plain[2].Should().Equal(new object?[] { "乙", null, null, "x" });
        plain[3].Should().Equal(new object?[] { "丙" });
    }

    [Fact]
    public void HostileSheets_AreRefusedAsBrokenFiles_BeforeTheyCostMuch()
    {
        // Rows missing from the file read as empty ones: row 2,147,483,647 would be two billion of them.
        var header = string.Concat(MemberSheet.Headers.Select(h => $"<c t=\"inlineStr\"><is><t>{h}</t></is></c>"));
        var farRow = Workbook($"""<worksheet xmlns="{Main}"><sheetData><row r="1">{header}</row><row r="2147483647"><c><v>1</v></c></row></sheetData></worksheet>""");
        FluentActions.Invoking(() => ReadAll(farRow)).Should().Throw<InvalidDataException>();
        FluentActions.Invoking(() => FlatSheets.Rows(new MemoryStream(farRow), SheetFormat.Xlsx).ToList())
            .Should().Throw<Zhijian.Web.Shared.DomainException>().Which.Message.Should().Contain("不是有效的 Excel 工作簿");

        // Three hundred copies of one range: Excel's ranges never overlap, and each copy would fill the same cells again.
        IReadOnlyList<RawCell?> row = ["姓名", "x"];
        var overlapping = RawWorkbook.Build([row, row], merges: Enumerable.Repeat("A1:Z2", 300));
        FluentActions.Invoking(() => ReadAll(overlapping, fillMergedCells: true)).Should().Throw<InvalidDataException>();
        ReadAll(overlapping).Should().HaveCount(2, "without filling, the ranges are not read");
    }

    [Theory]
    [InlineData("yyyy-mm-dd", true)]
    [InlineData("yyyy\"年\"m\"月\"d\"日\"", true)]
    [InlineData("[$-804]yyyy/m/d;@", true)]
    [InlineData("h:mm:ss", true)]
    [InlineData("[h]:mm", true)]
    [InlineData("mm:ss.0", true)]
    [InlineData("General", false)]
    [InlineData("@", false)]
    [InlineData("0.00E+00", false)]
    [InlineData("#,##0.00\"元\"", false)]
    [InlineData("[Red]#,##0;[Blue]-#,##0", false)]
    [InlineData("_ * #,##0_ ;_ * -#,##0_ ;_ * \"-\"??_ ;_ @_ ", false)]
    [InlineData("\"day\" 0", false)]
    [InlineData("0;\"yyyy\"", false)]
    [InlineData("", false)]
    public void IsDateFormat_SeesDateAndTimeLetters(string code, bool isDate) => XlsxSheet.IsDateFormat(code).Should().Be(isDate);

    /// <summary>A stream that hands out at most three bytes per read, so that every token crosses a buffer boundary somewhere.</summary>
    private sealed class Trickle(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 3));
    }

    [Fact]
    public void XmlBytes_ReadsTokensThatCrossBufferBoundaries()
    {
        var long_ = new string('青', 40_000);
        var xml = $"""<?xml version="1.0"?><a x='1>2' y="团"><!-- > --><b/><t>{long_}&amp;</t><![CDATA[<&>]]></a>""";
        var reader = new XmlBytes(new Trickle(System.Text.Encoding.UTF8.GetBytes(xml)));
        var chars = new char[4];
        var length = 0;
        var seen = new List<string>();
        while (reader.Read())
        {
            switch (reader.Current)
            {
                case XmlBytes.Token.Start:
                    reader.Attribute("y"u8, out var y).Should().Be(reader.IsStart("a"u8));
                    seen.Add($"<{System.Text.Encoding.UTF8.GetString(reader.Name)}{(reader.SelfClosing ? "/" : "")}>{System.Text.Encoding.UTF8.GetString(y)}");
                    break;
                case XmlBytes.Token.End:
                    seen.Add($"</{System.Text.Encoding.UTF8.GetString(reader.Name)}>");
                    break;
                default:
                    length = 0;
                    reader.AppendText(ref chars, ref length);
                    seen.Add(new string(chars, 0, length));
                    break;
            }
        }

        seen.Should().Equal("<a>团", "<b/>", "<t>", long_ + "&", "</t>", "<&>", "</a>");
    }
}
