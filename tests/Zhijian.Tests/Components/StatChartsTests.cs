using AwesomeAssertions;
using Bunit;
using Zhijian.Web.Features.Statistics;
using Zhijian.Web.Features.Statistics.Pages;

namespace Zhijian.Tests.Components;

/// <summary>Issue 19 item 13: percentages on bars, a donut for structure, a trend by month.</summary>
public sealed class StatChartsTests : ComponentTest
{
    [Fact]
    public void Bars_ShowTheirShareOfTheWhole()
    {
        var cut = Render<StatBars>(p => p.Add(b => b.Values, [KeyValuePair.Create("男", 30L), KeyValuePair.Create("女", 10L)]));

        cut.FindAll("[data-testid=stat-percent]").Select(e => e.TextContent).Should().Equal("75%", "25%");
    }

    [Fact]
    public void TheDonut_DrawsOneArcPerShare_AndItsLegendGivesCountsAndPercentages()
    {
        var cut = Render<DonutChart>(p => p.Add(d => d.Title, "性别结构")
            .Add(d => d.Values, [KeyValuePair.Create("男", 3L), KeyValuePair.Create("女", 1L), KeyValuePair.Create("未说明", 0L)]));

        var arcs = cut.FindAll("[data-testid=donut-arc]");
        arcs.Should().HaveCount(2, "an empty share draws nothing");
        arcs[0].GetAttribute("stroke-dasharray").Should().Be("75 25");
        arcs[1].GetAttribute("stroke-dasharray").Should().Be("25 75");
        arcs[1].GetAttribute("stroke-dashoffset").Should().Be("-50", "the second arc starts where the first ends");
        cut.Find("[data-testid=donut-legend]").TextContent.Should().Contain("男").And.Contain("3（75%）").And.Contain("1（25%）");
        cut.Find("svg").GetAttribute("aria-label").Should().Contain("性别结构").And.Contain("男 3（75%）");
    }

    [Fact]
    public void TheTrend_HasAColumnPerMonth_WithJoinedAndEnded()
    {
        var points = new[] { new MonthPoint("2026-10", 10, 0, 0), new MonthPoint("2026-11", 12, 3, 1), new MonthPoint("2026-12", 11, 0, 1) };

        var cut = Render<TrendChart>(p => p.Add(t => t.Points, points).Add(t => t.Title, "近12个月在册团员"));

        cut.FindAll("[data-testid=trend-month]").Select(e => e.TextContent.Trim()).Should().Equal("10", "12", "11");
        cut.Markup.Should().Contain("11月").And.Contain("+3").And.Contain("−1").And.Contain("近12个月在册团员");
    }
}
