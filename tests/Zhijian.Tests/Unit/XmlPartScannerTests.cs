using System.Text;
using AwesomeAssertions;
using Zhijian.Web.Features.ImportExport;
using Kind = Zhijian.Web.Features.ImportExport.XmlPartScanner.PartKind;

namespace Zhijian.Tests.Unit;

/// <summary>The byte-level rules every XML part of an uploaded workbook passes before an XML reader sees it.</summary>
public class XmlPartScannerTests
{
    private const int Limit = XmlPartScanner.MaxCellChars;

    /// <summary>Feeds the XML in chunks of the given size: the rules hold wherever the chunks split it.</summary>
    private static XmlPartScanner Scan(string xml, Kind kind, int chunk, int rowLimit = int.MaxValue)
    {
        var scanner = new XmlPartScanner(kind, rowLimit);
        var bytes = Encoding.UTF8.GetBytes(xml);
        for (var i = 0; i < bytes.Length && !scanner.Done; i += chunk)
        {
            scanner.Feed(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)));
        }

        return scanner;
    }

    private static string Sheet(string rows, string tail = "") =>
        $"<?xml version=\"1.0\"?><worksheet xmlns=\"m\"><dimension ref=\"A1:M3\"/><sheetData>{rows}</sheetData>{tail}</worksheet>";

    private static string InlineCell(string text) => $"<c r=\"A1\" t=\"inlineStr\"><is><t>{text}</t></is></c>";

    public static TheoryData<int> Chunks => [1, 2, 3, 7, 64, 1 << 16];

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Worksheet_CountsRowsWithAValue_AndSeesMergedCells(int chunk)
    {
        var xml = Sheet(
            "<row r=\"1\">" + InlineCell("姓名") + "</row>"
            + "<row r=\"2\" spans=\"1:13\"><c r=\"A2\" s=\"1\" t=\"s\"><v>3</v></c><c r=\"B2\"/></row>"
            + "<row r=\"3\" ht=\"20\" customHeight=\"1\"/>"          // formatting only: no value
            + "<row r=\"4\"><c r=\"A4\" s=\"2\"/></row>"              // a styled empty cell: no value
            + "<x:row r=\"5\" xmlns:x=\"m\"><x:c r=\"A5\"><x:v>1</x:v></x:c></x:row>", // a namespace prefix
            "<mergeCells count=\"1\"><mergeCell ref=\"A2:A5\"/></mergeCells>");
        var scanner = Scan(xml, Kind.Worksheet, chunk);
        scanner.Refusal.Should().BeNull();
        scanner.FilledRows.Should().Be(3);
        scanner.HasMergedCells.Should().BeTrue();
        Scan(Sheet("<row><c><v>1</v></c></row>", "<mergeCells count=\"0\"/>"), Kind.Worksheet, chunk).HasMergedCells.Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Worksheet_StopsOnePastTheRowLimit(int chunk)
    {
        var rows = string.Concat(Enumerable.Range(1, 50).Select(r => $"<row r=\"{r}\"><c><v>{r}</v></c></row>"));
        var scanner = Scan(Sheet(rows), Kind.Worksheet, chunk, rowLimit: 10);
        scanner.RowLimitExceeded.Should().BeTrue();
        scanner.Done.Should().BeTrue();
        scanner.FilledRows.Should().Be(11);
        Scan(Sheet(rows), Kind.Worksheet, chunk, rowLimit: 50).RowLimitExceeded.Should().BeFalse();
    }

    [Theory]
    [InlineData(Limit, true)]
    [InlineData(Limit + 1, false)]
    public void Cell_UpToExcelsLimit_IsAccepted(int chars, bool accepted)
    {
        foreach (var chunk in new[] { 1000, 1 << 16 })
        {
            (Scan(Sheet($"<row>{InlineCell(new string('x', chars))}</row>"), Kind.Worksheet, chunk).Refusal is null).Should().Be(accepted);
            // Chinese text is three bytes a character: it is characters that count.
            (Scan(Sheet($"<row>{InlineCell(new string('团', chars))}</row>"), Kind.Worksheet, chunk).Refusal is null).Should().Be(accepted);
        }
    }

    [Fact]
    public void Cell_OfManyRuns_CountsTheRunsTogether_ButCellsApart()
    {
        var run = $"<r><t>{new string('x', 20_000)}</t></r>";
        Scan(Sheet($"<row><c t=\"inlineStr\"><is>{run}{run}</is></c></row>"), Kind.Worksheet, 4096).Refusal.Should().Contain("32,767");
        Scan(Sheet($"<row><c t=\"inlineStr\"><is>{run}</is></c><c t=\"inlineStr\"><is>{run}</is></c></row>"), Kind.Worksheet, 4096)
            .Refusal.Should().BeNull();
    }

    [Fact]
    public void SharedStrings_EachStringIsMeasured_NotTheTable()
    {
        var si = $"<si><t>{new string('团', 20_000)}</t></si>";
        Scan($"<sst>{si}{si}{si}</sst>", Kind.SharedStrings, 4096).Refusal.Should().BeNull();
        Scan($"<sst><si><t>{new string('团', Limit + 1)}</t></si></sst>", Kind.SharedStrings, 4096).Refusal.Should().Contain("共享字符串");
        Scan($"<sst><si><r><t>{new string('a', 20_000)}</t></r><r><t>{new string('a', 20_000)}</t></r></si></sst>", Kind.SharedStrings, 4096)
            .Refusal.Should().NotBeNull();
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void AnyPart_ATextNodeOverTheLimit_IsRefused(int chunk)
    {
        if (chunk == 1)
        {
            return; // 32 K single-byte feeds add nothing over 2
        }

        Scan($"<workbook><definedName>{new string('x', Limit + 1)}</definedName></workbook>", Kind.Other, chunk).Refusal.Should().NotBeNull();
        Scan($"<workbook><definedName>{new string('x', Limit)}</definedName></workbook>", Kind.Other, chunk).Refusal.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void CData_IsText(int chunk)
    {
        if (chunk == 1)
        {
            return;
        }

        Scan(Sheet($"<row><c t=\"inlineStr\"><is><t><![CDATA[{new string(']', Limit + 5)}]]></t></is></c></row>"), Kind.Worksheet, chunk)
            .Refusal.Should().NotBeNull();
        var small = Scan(Sheet("<row><c t=\"inlineStr\"><is><t><![CDATA[a]]]]></t></is></c></row><row><c><v>1</v></c></row>"), Kind.Worksheet, chunk);
        small.Refusal.Should().BeNull();
        small.FilledRows.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Doctype_IsRefused_CommentsAndInstructionsAreNot(int chunk)
    {
        Scan("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"a\">]><x>&a;</x>", Kind.Other, chunk).Refusal.Should().Contain("DTD");
        var fine = Scan(Sheet("<!-- a - comment --->" + "<?pi x?>" + "<row><c><v>1</v></c></row>"), Kind.Worksheet, chunk);
        fine.Refusal.Should().BeNull();
        fine.FilledRows.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Tags_AttributesWithAngleBrackets_AndSelfClosingCells_AreRead(int chunk)
    {
        // A '>' inside an attribute value does not end the tag; <c/> opens no cell, so the text after it is no cell's.
        var scanner = Scan(Sheet("<row a=\"x>y\" b='>'><c r=\"A1\"/><c r=\"B1\" t=\"inlineStr\"><is><t>a</t></is></c></row>"), Kind.Worksheet, chunk);
        scanner.Refusal.Should().BeNull();
        scanner.FilledRows.Should().Be(1);
    }

    [Fact]
    public void AGiantTagOrComment_IsRefused()
    {
        Scan($"<x a=\"{new string('a', XmlPartScanner.MaxMarkupBytes)}\"/>", Kind.Other, 4096).Refusal.Should().Contain("标记");
        Scan($"<x><!--{new string('a', XmlPartScanner.MaxMarkupBytes)}--></x>", Kind.Other, 4096).Refusal.Should().Contain("标记");
        Scan($"<x a=\"{new string('a', 1000)}\"/>", Kind.Other, 4096).Refusal.Should().BeNull();
    }

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("团员", 2)]
    [InlineData("é", 1)]
    [InlineData("😀", 2)]
    [InlineData("a团😀b", 5)]
    public void Utf16Length_CountsAsExcelDoes(string text, int length) =>
        XmlPartScanner.Utf16Length(Encoding.UTF8.GetBytes(text)).Should().Be(length);
}
