using AwesomeAssertions;
using Zhijian.Web.Features.ImportExport;

namespace Zhijian.Tests.Unit;

public class MemberSheetTests
{
    [Theory]
    [InlineData("2001-05-04", "2001-05-04")]
    [InlineData(" 2001-05-04 ", "2001-05-04")]
    [InlineData("2000-02-29", "2000-02-29")]
    [InlineData("2001-5-4", "2001-05-04")]
    [InlineData("2001/05/04", "2001-05-04")]
    [InlineData("2001.5.4", "2001-05-04")]
    [InlineData("20010504", "2001-05-04")]
    [InlineData("2001年5月4日", "2001-05-04")]
    [InlineData("2001-05", "2001-05-01")]
    [InlineData("２００１－０５－０４", "2001-05-04")]
    [InlineData("２００１年５月４日", "2001-05-04")]
    [InlineData("2001 年 5 月 4 日", "2001-05-04")]
    public void Date_ReadsTheUsualSpellings(string cell, string expected)
    {
        var (value, error) = MemberSheet.Date(cell, "出生日期");
        error.Should().BeNull();
        value.Should().Be(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2001-02-29")]
    [InlineData("2001-13-01")]
    [InlineData("2001-00-10")]
    [InlineData("2001-04-31")]
    [InlineData("0000-01-01")]
    [InlineData("2001-05-0x")]
    [InlineData("五月四日")]
    public void Date_RefusesWhatIsNotADay(string cell)
    {
        var (value, error) = MemberSheet.Date(cell, "出生日期");
        value.Should().BeNull();
        error.Should().Be($"出生日期「{cell}」不是有效日期，请写成 2001-05-04");
    }

    [Fact]
    public void Date_TakesExcelDatesAndSerialNumbers()
    {
        MemberSheet.Date(new DateTime(2001, 5, 4), "x").Value.Should().Be(new DateOnly(2001, 5, 4));
        MemberSheet.Date(new DateTime(2001, 5, 4).ToOADate(), "x").Value.Should().Be(new DateOnly(2001, 5, 4));
        MemberSheet.Date(null, "x").Should().Be(((DateOnly?)null, (string?)null));
        MemberSheet.Date("  ", "x").Should().Be(((DateOnly?)null, (string?)null));
    }
}
