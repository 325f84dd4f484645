using System.IO.Compression;
using AwesomeAssertions;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Unit;

public class WorkbookProbeTests
{
    [Theory]
    [InlineData("A1:M100001", 100001)]
    [InlineData("A1:M1", 1)]
    [InlineData("A1", 1)]
    [InlineData("$A$1:$M$21", 21)]
    [InlineData("B3:D6", 4)]
    [InlineData("a1:m5", 5)]
    public void RowsOf_ReadsTheRowsOfARange(string reference, int rows) => WorkbookProbe.RowsOf(reference).Should().Be(rows);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("A0:M5")]
    [InlineData("A5:M1")]
    [InlineData("A1:M5:Z9")]
    [InlineData("A1:M99999999999")]
    public void RowsOf_AnythingElse_IsUnknown(string? reference) => WorkbookProbe.RowsOf(reference).Should().BeNull();

    [Fact]
    public void Read_TakesTheDimension_AndSeesMergedCells()
    {
        IReadOnlyList<RawCell?> row = ["张三", "男"];
        using var plain = new MemoryStream(RawWorkbook.Build([row, row, row], dimension: "A1:M3"));
        WorkbookProbe.Read(plain).Should().Be(new WorkbookProbe.Facts(3, false, 3));
        plain.Position.Should().Be(0);

        using var merged = new MemoryStream(RawWorkbook.Build([row, row], merges: ["J2:J3"], dimension: "A1:M3"));
        WorkbookProbe.Read(merged).Should().Be(new WorkbookProbe.Facts(3, true, 2));

        using var without = new MemoryStream(RawWorkbook.Build([row, row]));
        WorkbookProbe.Read(without).Rows.Should().BeNull();
    }

    [Fact]
    public void Read_OfSeveralSheets_MeasuresTheFirstInTheWorkbooksOrder()
    {
        // sheet2.xml is listed first in workbook.xml, as after a user reorders the tabs; only sheet1 has merged cells.
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            RawWorkbook.Entry(zip, "xl/workbook.xml", """
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="2" r:id="rId7"/><sheet name="说明" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            RawWorkbook.Entry(zip, "xl/_rels/workbook.xml.rels", """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>
                """);
            RawWorkbook.Entry(zip, "xl/worksheets/sheet1.xml", """
                <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A1:B9"/><x:sheetData/><x:mergeCells count="1"><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>
                """);
            RawWorkbook.Entry(zip, "xl/worksheets/sheet2.xml", """
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetPr/><dimension ref="A1:M42"/><sheetData/></worksheet>
                """);
        }

        output.Position = 0;
        WorkbookProbe.Read(output).Should().Be(new WorkbookProbe.Facts(42, true, 0));
    }

    [Fact]
    public void Read_OfSomethingElse_Throws()
    {
        using var text = new MemoryStream("not a workbook"u8.ToArray());
        FluentActions.Invoking(() => WorkbookProbe.Read(text)).Should().Throw<InvalidDataException>();
    }

    /// <summary>Reads a hostile workbook with the probe and returns its refusal, asserting what the probe allocated.</summary>
    private static string Refusal(byte[] workbook, long maxAllocated = 8L * 1024 * 1024)
    {
        using var stream = new MemoryStream(workbook);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var refused = FluentActions.Invoking(() => WorkbookProbe.Read(stream, 100_001)).Should().Throw<DomainException>().Which;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().BeLessThan(maxAllocated, "the probe holds counters, not the workbook");
        refused.Code.Should().Be(ErrorCodes.ValidationFailed);
        stream.Position.Should().Be(0);
        return refused.Message;
    }

    [Fact]
    public void Read_ACellOf150MillionCharacters_IsRefused_WithoutHoldingIt() =>
        Refusal(HostileWorkbook.HugeInlineCell(150_000_000)).Should().Contain("32,767");

    [Fact]
    public void Read_ASharedStringOver32767Characters_IsRefused_WithoutHoldingIt() =>
        Refusal(HostileWorkbook.HugeSharedString(50_000_000)).Should().Contain("共享字符串");

    [Fact]
    public void Read_APartLargerThanItsHeaderSays_IsReadNoFurtherThanDeclared()
    {
        // 300 MB of zeros declared as 1 KB: the runtime's reader stops at the declared size, and the probe counts the bytes
        // against it as well (a larger count is refused), so the lie costs neither memory nor time.
        using var stream = new MemoryStream(HostileWorkbook.WithPart("xl/media/image1.png", 300L * 1024 * 1024, declared: 1024));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var started = System.Diagnostics.Stopwatch.StartNew();
        FluentActions.Invoking(() => WorkbookProbe.Read(stream, 100_001)).Should().NotThrow();
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(8L * 1024 * 1024);
        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Read_APartDeclaredLargerThanItsCap_IsRefusedBeforeItIsRead() =>
        Refusal(HostileWorkbook.WithPart("xl/media/image1.png", 1024, declared: WorkbookProbe.MaxBinaryBytes + 1)).Should().Contain("解压后过大");

    [Fact]
    public void Read_AHonestPartOverItsCap_IsRefused()
    {
        // A worksheet-sized XML part that is not a worksheet: 8 MB is the cap of such parts, declared honestly.
        var part = HostileWorkbook.WithPart("xl/styles.xml", WorkbookProbe.MaxOtherXmlBytes + 1, declared: WorkbookProbe.MaxOtherXmlBytes + 1);
        Refusal(part).Should().Contain("解压后过大");
    }

    [Fact]
    public void Read_ThousandsOfParts_AreRefusedBeforeTheDirectoryIsLoaded() =>
        Refusal(HostileWorkbook.WithManyParts(WorkbookProbe.MaxParts + 1)).Should().Contain("部件过多");

    [Fact]
    public void Read_ADtd_IsRefused() => Refusal(HostileWorkbook.WithDoctype()).Should().Contain("DTD");

    [Fact]
    public void Read_ADimensionThatUnderstatesTheRows_StillCountsThemUpToTheLimit()
    {
        IReadOnlyList<RawCell?> row = ["张三", "男"];
        using var lying = new MemoryStream(RawWorkbook.Build(Enumerable.Repeat(row, 5_000), dimension: "A1:M3"));
        var facts = WorkbookProbe.Read(lying, rowLimit: 1_000);
        facts.Rows.Should().Be(3);
        facts.FilledRows.Should().Be(1_001);
        lying.Position.Should().Be(0);
    }
}
