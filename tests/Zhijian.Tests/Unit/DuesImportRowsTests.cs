using AwesomeAssertions;
using Zhijian.Web.Features.Dues;
using Zhijian.Web.Features.ImportExport;

namespace Zhijian.Tests.Unit;

/// <summary>The payroll sheets' cells: category words and codes, month spellings, amounts (two decimals, not negative), whole rows.</summary>
public sealed class DuesImportRowsTests
{
    private const string Id = "11010519491231002X";
    private static readonly DuesMonth March = new(2026, 3);

    [Theory]
    [InlineData("在职", DuesCategory.Employed)]
    [InlineData("离退休", DuesCategory.Retired)]
    [InlineData("退休", DuesCategory.Retired)]
    [InlineData("学生", DuesCategory.Student)]
    [InlineData("无固定收入", DuesCategory.Unemployed)]
    [InlineData("农民", DuesCategory.Farmer)]
    [InlineData("困难", DuesCategory.Relief)]
    [InlineData("约定", DuesCategory.Fixed)]
    [InlineData(" 在 职 ", DuesCategory.Employed)]
    [InlineData("employed", DuesCategory.Employed)]
    [InlineData("Retired", DuesCategory.Retired)]
    [InlineData("fixed", DuesCategory.Fixed)]
    public void Category_ChineseWordsAndCodes(string cell, DuesCategory expected) =>
        DuesSheetCells.ReadCategory(cell).Should().Be(((DuesCategory?)expected, (string?)null));

    [Theory]
    [InlineData("干部")]
    [InlineData(null)]
    public void Category_Unknown_IsRefusedNamingWhatWasRead(string? cell)
    {
        var (value, error) = DuesSheetCells.ReadCategory(cell);
        value.Should().BeNull();
        error.Should().Contain("缴费类别").And.Contain(cell ?? "请填写");
    }

    [Theory]
    [InlineData("2026-01", 202601)]
    [InlineData("2026-1", 202601)]
    [InlineData("2026.01", 202601)]
    [InlineData("2026/11", 202611)]
    [InlineData("2026年1月", 202601)]
    [InlineData("２０２６年１２月", 202612)]
    [InlineData("202605", 202605)]
    [InlineData("2026-05-20", 202605)]
    public void Month_TextSpellings(string cell, int key) =>
        DuesSheetCells.ReadMonth(cell, "月份").Value!.Value.Key.Should().Be(key);

    [Fact]
    public void Month_ExcelDateAndNumbers()
    {
        DuesSheetCells.ReadMonth(new DateTime(2026, 2, 1), "月份").Value!.Value.Key.Should().Be(202602);
        DuesSheetCells.ReadMonth(new DateTime(2026, 2, 1).ToOADate(), "月份").Value!.Value.Key.Should().Be(202602, "a date serial number");
        DuesSheetCells.ReadMonth(2026.03, "月份").Value!.Value.Key.Should().Be(202603, "2026.03 typed into a number cell");
        DuesSheetCells.ReadMonth(2026.1, "月份").Error.Should().Contain("2026年10月", "2026.10 is saved as 2026.1: ambiguous");
        DuesSheetCells.ReadMonth(2026d, "月份").Error.Should().Contain("只有年份");
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("26-01")]
    [InlineData("一月")]
    [InlineData("2026-02-30")]
    public void Month_Invalid_IsRefused(string cell)
    {
        var (value, error) = DuesSheetCells.ReadMonth(cell, "起始月份");
        value.Should().BeNull();
        error.Should().StartWith("起始月份");
    }

    [Theory]
    [InlineData(4321.5, 432150L)]
    [InlineData(0d, 0L)]
    [InlineData("5,000.00", 500000L)]
    [InlineData("¥12.05", 1205L)]
    [InlineData("８８８８.８８", 888888L)]
    public void Yuan_NumbersAndText(object cell, long fen) => DuesSheetCells.ReadYuan(cell, "金额").Fen.Should().Be(fen);

    [Theory]
    [InlineData(1.234, "两位小数")]
    [InlineData("12.345", "两位小数")]
    [InlineData(-1d, "负数")]
    [InlineData("-0.01", "负数")]
    [InlineData("abc", "不是数字")]
    public void Yuan_ThreeDecimalsNegativeOrText_IsRefused(object cell, string why)
    {
        var (fen, error) = DuesSheetCells.ReadYuan(cell, "缴费基数");
        fen.Should().BeNull();
        error.Should().Contain("缴费基数").And.Contain(why);
    }

    [Fact]
    public void BaseRow_Good_And_Fixed_TakesTheAmountAsTheAgreedAmount()
    {
        var errors = new List<ImportError>();
        var row = DuesImportRows.Base(2, [Id, "张三", "在职", 6000d, "2026-03"], March, errors);
        errors.Should().BeEmpty();
        row.Should().Be(new DuesBaseRow(2, Id, "张三", DuesCategory.Employed, 600000, null, March, null));

        var agreed = DuesImportRows.Base(3, [Id.ToLowerInvariant(), "张三", "约定", "100", "2026年4月"], March, errors);
        errors.Should().BeEmpty();
        agreed!.FixedFen.Should().Be(10000);
        agreed.BaseFen.Should().BeNull();
        agreed.Note.Should().Be(DuesImportRows.FixedNote);
        agreed.IdNumber.Should().Be(Id, "a lower-case x is read as X");
        DuesImportRows.Base(4, [Id, "张三", "学生", null, "2026-03"], March, errors).Should().NotBeNull("students need no base");
    }

    [Fact]
    public void BaseRow_Bad_NamesEveryColumn()
    {
        var errors = new List<ImportError>();
        DuesImportRows.Base(5, [110105194912310029d, null, "干部", -5d, "2026-13"], March, errors).Should().BeNull();
        errors.Select(e => e.Column).Should().BeEquivalentTo(["公民身份号码", "姓名", "缴费类别", "缴费基数（元）", "起始月份"]);
        errors.Should().AllSatisfy(e => e.Row.Should().Be(5));

        errors.Clear();
        DuesImportRows.Base(6, [Id, "张三", "在职", null, "2026-05"], March, errors).Should().BeNull();
        errors.Should().BeEquivalentTo(new[]
        {
            new ImportError(6, "起始月份", "起始月份最晚为下个月"),
            new ImportError(6, "缴费基数（元）", "在职和离退休党（团）员须填写缴费基数（税后月收入）"),
        }, "the checks of PUT /members/{id}/dues-profile");

        errors.Clear();
        DuesImportRows.Base(7, ["110105194912310028", "张三", "在职", 1d, "2026-03"], March, errors).Should().BeNull();
        errors.Single().Column.Should().Be("公民身份号码");
    }

    [Fact]
    public void PaymentRow_GoodAndBad()
    {
        var errors = new List<ImportError>();
        DuesImportRows.Payment(2, [Id, "2026.02", 43.22], errors).Should().Be(new DuesPaymentRow(2, Id, new DuesMonth(2026, 2), 4322));
        errors.Should().BeEmpty();

        DuesImportRows.Payment(3, [Id, "2026-02", 43.225], errors).Should().BeNull();
        DuesImportRows.Payment(4, [Id, "2026-02", 0d], errors).Should().BeNull();
        DuesImportRows.Payment(5, [null, "x", null], errors).Should().BeNull();
        errors.Select(e => (e.Row, e.Column)).Should().BeEquivalentTo(new[]
        {
            (3, "金额（元）"), (4, "金额（元）"), (5, "公民身份号码"), (5, "月份"), (5, "金额（元）"),
        });
    }
}
