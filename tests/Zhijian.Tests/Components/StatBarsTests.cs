using AwesomeAssertions;
using Bunit;
using Zhijian.Web.Features.Statistics.Pages;

namespace Zhijian.Tests.Components;

public sealed class StatBarsTests : ComponentTest
{
    [Fact]
    public void NoValues_SaysNoData()
    {
        var cut = Render<StatBars>(p => p.Add(b => b.Title, "按性别").Add(b => b.Values, []));
        cut.Markup.Should().Contain("按性别").And.Contain("暂无数据");
        cut.FindAll("[role=progressbar]").Should().BeEmpty();
    }

    [Fact]
    public void AllZero_SaysNoData()
    {
        var cut = Render<StatBars>(p => p.Add(b => b.Values, [KeyValuePair.Create("男", 0L), KeyValuePair.Create("女", 0L)]));
        cut.Markup.Should().Contain("暂无数据");
    }

    [Fact]
    public void Bars_AreScaledToTheLargestValue()
    {
        var cut = Render<StatBars>(p => p.Add(b => b.Title, "按年龄段")
            .Add(b => b.Values, [KeyValuePair.Create("18-22", 50L), KeyValuePair.Create("23-28", 200L), KeyValuePair.Create("29+", 100L)]));

        var bars = cut.FindAll("[role=progressbar]");
        bars.Select(b => b.GetAttribute("aria-label")).Should().Equal("18-22", "23-28", "29+");
        bars.Select(b => double.Parse(b.GetAttribute("aria-valuenow")!, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Equal(25, 100, 50);
        cut.Markup.Should().Contain(">200<");
    }

    [Fact]
    public void AtMostTwelveRows_AreShown()
    {
        var values = Enumerable.Range(1, 20).Select(i => KeyValuePair.Create($"民族{i}", (long)i)).ToList();
        var cut = Render<StatBars>(p => p.Add(b => b.Values, values));
        cut.FindAll("[role=progressbar]").Should().HaveCount(12);
    }
}
