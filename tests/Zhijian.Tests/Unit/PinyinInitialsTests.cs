using AwesomeAssertions;
using Zhijian.Web.Shared.Pinyin;

namespace Zhijian.Tests.Unit;

public class PinyinInitialsTests
{
    [Theory]
    [InlineData("党委", "dw")]
    [InlineData("党总支", "dzz")]
    [InlineData("党支部", "dzb")]
    [InlineData("团委", "tw")]
    [InlineData("团支部", "tzb")]
    [InlineData("共青团", "gqt")]
    [InlineData("机关", "jg")]
    [InlineData("第一", "dy")]
    [InlineData("车间", "cj")]
    [InlineData("第一团支部", "dytzb")]
    [InlineData("机关党委", "jgdw")]
    [InlineData("第二车间党支部", "decjdzb")]
    [InlineData("中国共产党", "zggcd")]
    [InlineData("〇", "l")]
    [InlineData("𠅤", "x")]
    public void Of_ReturnsInitialsOfChineseText(string text, string expected)
    {
        PinyinInitials.Of(text).Should().Be(expected);
    }

    [Theory]
    [InlineData("共青团ABC公司", "gqtabcgs")]
    [InlineData("第3车间", "d3cj")]
    [InlineData("XX市 第一团支部", "xxsdytzb")]
    [InlineData("Hello, 世界!", "hellosj")]
    [InlineData("ＡＢ１２党委", "ab12dw")]
    [InlineData("abc123", "abc123")]
    [InlineData("党委（机关）", "dwjg")]
    [InlineData("é党-委_", "dw")]
    public void Of_KeepsAsciiLettersAndDigitsAndSkipsOtherCharacters(string text, string expected)
    {
        PinyinInitials.Of(text).Should().Be(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("，。！、—")]
    public void Of_ReturnsEmptyWhenThereAreNoInitials(string? text)
    {
        PinyinInitials.Of(text).Should().BeEmpty();
    }

    [Theory]
    [InlineData("行", "x")]
    [InlineData("长", "c")]
    [InlineData("重", "z")]
    [InlineData("银行", "yh")]
    [InlineData("中国人民银行", "zgrmyh")]
    [InlineData("行长", "hz")]
    [InlineData("重庆", "cq")]
    [InlineData("重要", "zy")]
    [InlineData("成长", "cz")]
    [InlineData("长城", "cc")]
    [InlineData("音乐", "yy")]
    [InlineData("快乐", "kl")]
    [InlineData("会计", "kj")]
    public void Of_UsesMostCommonReadingOrPhraseReadingForPolyphones(string text, string expected)
    {
        PinyinInitials.Of(text).Should().Be(expected);
    }

    [Theory]
    [InlineData("银行", new[] { "yh", "yx" })]
    [InlineData("长行", new[] { "cx", "ch", "zx", "zh" })]
    [InlineData("党委", new[] { "dw" })]
    [InlineData("共青团ABC", new[] { "gqtabc" })]
    [InlineData("AB", new[] { "ab" })]
    public void Variants_ListsReadingCombinationsMostCommonFirst(string text, string[] expected)
    {
        PinyinInitials.Variants(text).Should().Equal(expected);
    }

    [Theory]
    [InlineData("银行")]
    [InlineData("长长长长")]
    [InlineData("第一团支部")]
    [InlineData("重庆银行行长")]
    public void Variants_StartsWithOf(string text)
    {
        PinyinInitials.Variants(text)[0].Should().Be(PinyinInitials.Of(text));
    }

    [Theory]
    [InlineData("长长长长", 8, 8)]
    [InlineData("长长长长", 1, 1)]
    [InlineData("长长长长", 100, 16)]
    [InlineData("长行", 3, 3)]
    [InlineData("银行", 8, 2)]
    public void Variants_ReturnsAtMostMaxDistinctVariants(string text, int max, int expectedCount)
    {
        var variants = PinyinInitials.Variants(text, max);

        variants.Should().HaveCount(expectedCount);
        variants.Should().OnlyHaveUniqueItems();
        variants[0].Should().Be(PinyinInitials.Of(text));
    }

    [Fact]
    public void Variants_DefaultsToAtMostEight()
    {
        var variants = PinyinInitials.Variants("长长长长");

        variants.Should().HaveCount(8);
        variants.Should().StartWith("cccc");
        variants.Should().AllSatisfy(v => v.Should().MatchRegex("^[cz]{4}$"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ，")]
    public void Variants_ReturnsEmptyWhenThereAreNoInitials(string? text)
    {
        PinyinInitials.Variants(text).Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Variants_RejectsNonPositiveMax(int max)
    {
        var act = () => PinyinInitials.Variants("银行", max);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Of_IsSafeToCallConcurrently()
    {
        var results = new string[64];

        Parallel.For(0, results.Length, i => results[i] = PinyinInitials.Of("共青团第一团支部"));

        results.Should().AllBe("gqtdytzb");
    }
}
