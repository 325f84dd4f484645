using AwesomeAssertions;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;

namespace Zhijian.Tests.Unit;

public sealed class RuleSetTests
{
    private static readonly DateOnly Jan2020 = new(2020, 1, 1);

    private static RuleSet Set(params RuleRow[] rows) => new(rows);

    private static RuleRow Row(string from, string value, bool local = false) =>
        new(OrgSystem.League, "member.maxAge", DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), value, "test", local);

    [Theory]
    [InlineData("2019-12-31", "28")]
    [InlineData("2020-01-01", "30")]
    [InlineData("2024-06-30", "30")]
    [InlineData("2024-07-01", "35")]
    public void TheRowInForceOnTheDateWins(string on, string expected)
    {
        var set = Set(Row("2018-01-01", "28"), Row("2020-01-01", "30", local: true), Row("2024-07-01", "35"));
        set.Text(OrgSystem.League, "member.maxAge", DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Be(expected);
    }

    [Fact]
    public void ALocalRowWinsATieWithTheDefault()
    {
        var set = Set(Row("2020-01-01", "29", local: true), Row("2020-01-01", "28"));
        set.Int(OrgSystem.League, "member.maxAge", Jan2020).Should().Be(29);
    }

    [Fact]
    public void ADateBeforeEveryRowReadsTheEarliestRow()
    {
        Set(Row("2018-01-01", "28"), Row("2020-01-01", "30")).Int(OrgSystem.League, "member.maxAge", new DateOnly(1990, 1, 1))
            .Should().Be(28);
    }

    [Fact]
    public void AnUnknownRuleIsAProgrammingError()
    {
        var act = () => RuleSet.Defaults.Int(OrgSystem.Party, "no.such.rule", Jan2020);
        act.Should().Throw<InvalidOperationException>().WithMessage("*rules.csv*");
    }

    [Fact]
    public void TheEmbeddedDefaultsCarryTheDomainNumbers()
    {
        var today = new DateOnly(2026, 11, 23);
        RuleSet.Defaults.Int(OrgSystem.League, "member.minAge", today).Should().Be(14);
        RuleSet.Defaults.Int(OrgSystem.League, "member.maxAge", today).Should().Be(28);
        RuleSet.Defaults.Int(OrgSystem.Party, "transfer.responseHours", today).Should().Be(72);
        RuleSet.Defaults.Rows.Should().OnlyContain(r => r.Source.Length > 0 && !r.Local);
    }

    [Theory]
    [InlineData("system,key,value\n")]
    [InlineData("system,key,effective_from,value,source\nleague,x,2020-13-01,1,s\n")]
    [InlineData("system,key,effective_from,value,source\nnation,x,2020-01-01,1,s\n")]
    [InlineData("system,key,effective_from,value,source\nleague,x,2020-01-01,1\n")]
    public void MalformedCsvIsRefused(string csv)
    {
        var act = () => RuleDefaults.Parse(new StringReader(csv));
        act.Should().Throw<FormatException>();
    }
}
