using AwesomeAssertions;
using Zhijian.Web.Features.Dues;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;

namespace Zhijian.Tests.Unit;

/// <summary>The dues amounts of DOMAIN.md from the rule rows: every bracket and its edges, rounding, the League cap, dated rules.</summary>
public sealed class DuesRulesTests
{
    private static readonly DuesMonth March = new(2026, 3);

    private static long Party(DuesCategory c, decimal baseYuan) =>
        DuesRules.For(RuleSet.Defaults, OrgSystem.Party, March).AmountFen(c, DuesRules.Fen(baseYuan), null).Fen;

    private static long League(DuesCategory c, decimal baseYuan) =>
        DuesRules.For(RuleSet.Defaults, OrgSystem.League, March).AmountFen(c, DuesRules.Fen(baseYuan), null).Fen;

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1000, 500)] // 0.5%
    [InlineData(3000, 1500)] // the edge belongs to the lower bracket
    [InlineData(3000.01, 3000)] // just above: 1%, 30.0001 → 30.00
    [InlineData(4321.50, 4322)] // 43.215 rounds half up to 43.22
    [InlineData(5000, 5000)]
    [InlineData(5000.01, 7500)] // 1.5%: 75.00015 → 75.00
    [InlineData(10000, 15000)]
    [InlineData(10000.01, 20000)] // 2%: 200.0002 → 200.00
    [InlineData(23456.78, 46914)] // 469.1356 → 469.14
    [InlineData(1234.57, 617)] // 6.17285 → 6.17
    [InlineData(1235.00, 618)] // 6.175 → 6.18 (half up)
    public void PartyEmployed_Brackets(decimal baseYuan, long fen) => Party(DuesCategory.Employed, baseYuan).Should().Be(fen);

    [Theory]
    [InlineData(4000, 2000)]
    [InlineData(5000, 2500)]
    [InlineData(5000.01, 5000)] // 1%: 50.0001 → 50.00
    [InlineData(8888.88, 8889)]
    public void PartyRetired_Brackets(decimal baseYuan, long fen) => Party(DuesCategory.Retired, baseYuan).Should().Be(fen);

    [Theory]
    [InlineData(DuesCategory.Student)]
    [InlineData(DuesCategory.Unemployed)]
    [InlineData(DuesCategory.Relief)]
    [InlineData(DuesCategory.Farmer)]
    public void PartyMinimal_IsTwentyFen_WhateverTheIncome(DuesCategory c) => Party(c, 20000).Should().Be(20);

    [Theory]
    [InlineData(0, 300)]
    [InlineData(1999.99, 300)] // under 2,000: 3 yuan
    [InlineData(2000, 400)] // 2000 → 4
    [InlineData(2499.99, 400)] // 4.99998 rounds DOWN to 4
    [InlineData(2500, 500)]
    [InlineData(5499, 1000)] // 5499 → 10
    [InlineData(10000, 2000)] // 10000 → 20
    [InlineData(10499, 2000)]
    [InlineData(50000, 2000)] // the cap
    public void League_ThreeYuanUnderTwoThousand_TwoPermilleRoundedDown_CappedAtTwenty(decimal baseYuan, long fen) =>
        League(DuesCategory.Employed, baseYuan).Should().Be(fen);

    [Theory]
    [InlineData(DuesCategory.Student)]
    [InlineData(DuesCategory.Farmer)]
    [InlineData(DuesCategory.Unemployed)]
    public void League_Minimal(DuesCategory c) => League(c, 9000).Should().Be(20);

    [Fact]
    public void Fixed_IsTheAgreedAmount()
    {
        var rules = DuesRules.For(RuleSet.Defaults, OrgSystem.Party, March);
        rules.AmountFen(DuesCategory.Fixed, 100000, 12345).Should().Be((12345L, "dues.fixed"));
    }

    [Fact]
    public void ARuleChangingMidYear_AppliesFromItsMonth()
    {
        var local = new RuleRow(OrgSystem.Party, "dues.employed.brackets", new DateOnly(2026, 7, 1), "3000:1;*:3", "本地规定", true);
        var set = new RuleSet(RuleDefaults.Rows.Append(local));
        DuesRules.For(set, OrgSystem.Party, new DuesMonth(2026, 6)).AmountFen(DuesCategory.Employed, 400000, null).Fen.Should().Be(4000);
        DuesRules.For(set, OrgSystem.Party, new DuesMonth(2026, 7)).AmountFen(DuesCategory.Employed, 400000, null).Fen.Should().Be(12000);
        DuesRules.For(set, OrgSystem.Party, new DuesMonth(2026, 7)).AmountFen(DuesCategory.Employed, 300000, null).Fen.Should().Be(3000);
    }

    [Fact]
    public void Brackets_MustEndWithAnOpenOne() =>
        FluentActions.Invoking(() => DuesRules.Brackets("3000:0.5;5000:1")).Should().Throw<FormatException>();

    [Theory]
    [InlineData("2026-03", 202603)]
    [InlineData("2026-12", 202612)]
    public void Month_Parses(string text, int key) => DuesMonth.Parse(text)!.Value.Key.Should().Be(key);

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-3-1")]
    [InlineData("abc")]
    [InlineData("")]
    public void Month_RefusesOthers(string text) => DuesMonth.Parse(text).Should().BeNull();

    [Theory]
    [InlineData(12.34, 1234L)]
    [InlineData(0.2, 20L)]
    public void Yuan_ToFen(decimal yuan, long fen) => Yuan.ToFen(yuan).Should().Be(fen);

    [Fact]
    public void Yuan_ThreeDecimals_IsRefused() => Yuan.ToFen(1.005m).Should().BeNull();
}

/// <summary>Amounts in Chinese capitals (大写) on receipts.</summary>
public sealed class ChineseCapitalsTests
{
    [Theory]
    [InlineData(0, "零元整")]
    [InlineData(20, "贰角")]
    [InlineData(5, "伍分")]
    [InlineData(300, "叁元整")]
    [InlineData(1000, "壹拾元整")]
    [InlineData(1234, "壹拾贰元叁角肆分")]
    [InlineData(1205, "壹拾贰元零伍分")]
    [InlineData(10050, "壹佰元伍角")]
    [InlineData(100500, "壹仟零伍元整")]
    [InlineData(101000, "壹仟零壹拾元整")]
    [InlineData(123456789, "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分")]
    [InlineData(1000100, "壹万零壹元整")]
    [InlineData(100000000, "壹佰万元整")]
    [InlineData(10000000000, "壹亿元整")]
    [InlineData(10000010000, "壹亿零壹佰元整")]
    public void Of(long fen, string text) => ChineseCapitals.Of(fen).Should().Be(text);
}
