using AwesomeAssertions;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Statistics;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Unit;

public class SmallRulesTests
{
    [Theory]
    [InlineData(null, null, 1, 20)]
    [InlineData(0, 0, 1, 20)]
    [InlineData(3, 50, 3, 50)]
    [InlineData(2, 5000, 2, 200)]
    [InlineData(-4, -1, 1, 20)]
    public void PageRequest_ClampsToTheContract(int? page, int? size, int expectedPage, int expectedSize)
    {
        var p = PageRequest.From(page, size);
        p.Page.Should().Be(expectedPage);
        p.PageSize.Should().Be(expectedSize);
        p.Skip.Should().Be((expectedPage - 1) * expectedSize);
    }

    [Theory]
    [InlineData(14, "≤25")]
    [InlineData(25, "≤25")]
    [InlineData(26, "26-30")]
    [InlineData(30, "26-30")]
    [InlineData(31, "31-35")]
    [InlineData(55, "51-55")]
    [InlineData(60, "56-60")]
    [InlineData(61, ">60")]
    [InlineData(99, ">60")]
    public void AgeBand_Boundaries(int age, string band) => StatisticsService.AgeBand(age).Should().Be(band);

    [Theory]
    [InlineData(14, "≤18")]
    [InlineData(18, "≤18")]
    [InlineData(19, "19-22")]
    [InlineData(22, "19-22")]
    [InlineData(23, "23-25")]
    [InlineData(25, "23-25")]
    [InlineData(26, "26-28")]
    [InlineData(28, "26-28")]
    [InlineData(29, ">28")]
    public void LeagueAgeBand_Boundaries(int age, string band) => StatisticsService.LeagueAgeBand(age).Should().Be(band);

    [Theory]
    [InlineData("2000-02-29", "2026-02-28", 25)]
    [InlineData("2000-02-29", "2026-03-01", 26)]
    [InlineData("1998-11-23", "2026-11-23", 28)]
    [InlineData("1998-11-24", "2026-11-23", 27)]
    public void AgeOn_CountsWholeYears(string birth, string day, int age) =>
        Age.On(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(age);

    [Theory]
    [InlineData("league", OrgSystem.League)]
    [InlineData("PARTY", OrgSystem.Party)]
    [InlineData(" league ", OrgSystem.League)]
    public void QueryEnum_AcceptsTheJsonSpelling(string value, OrgSystem expected) =>
        QueryValues.Enum<OrgSystem>(value, "system").Should().Be(expected);

    [Theory]
    [InlineData("army")]
    [InlineData("1")]
    public void QueryEnum_RefusesOtherValues(string value)
    {
        var act = () => QueryValues.Enum<OrgSystem>(value, "system");
        act.Should().Throw<DomainException>().Which.Code.Should().Be(ErrorCodes.ValidationFailed);
    }

    [Fact]
    public void QueryEnum_AbsentIsNull() => QueryValues.Enum<OrgSystem>(null, "system").Should().BeNull();

    [Fact]
    public void CounterDelta_AddsAndNegates()
    {
        var d = CounterDelta.OfKind(OrgKind.Branch) + new CounterDelta(Full: 3, Cadres: 2);
        d.Branches.Should().Be(1);
        (d + d.Negate()).IsZero.Should().BeTrue();
    }
}
