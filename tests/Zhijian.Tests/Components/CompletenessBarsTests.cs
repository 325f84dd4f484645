using AwesomeAssertions;
using Bunit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Members.Pages;

namespace Zhijian.Tests.Components;

public sealed class CompletenessBarsTests : ComponentTest
{
    private static BranchCompleteness Branch(long id, string name, long members, long complete, params (string Field, long Count)[] missing) =>
        new(id, name + "全称", name, members, complete, MemberFields.Rate(complete, members),
            new Dictionary<string, long>(missing.Select(m => KeyValuePair.Create(m.Field, m.Count))) { ["name"] = 0 });

    private static readonly BranchCompleteness[] Board =
    [
        Branch(1, "一支部", 10, 10),
        Branch(2, "二支部", 10, 4, ("phone", 5), ("education", 2)),
        Branch(3, "三支部", 0, 0),
        Branch(4, "四支部", 20, 18, ("workUnit", 2)),
        Branch(5, "五支部", 5, 1, ("phone", 4)),
    ];

    [Fact]
    public void Rows_AreSortedWorstFirst_EmptyBranchesLast()
    {
        var cut = Render<CompletenessBars>(p => p.Add(b => b.Branches, Board));
        cut.FindAll("[data-testid=completeness-row]").Select(r => r.GetAttribute("data-org-id"))
            .Should().Equal("5", "2", "4", "1", "3");
    }

    [Fact]
    public void Rows_ShowRateAndMissingFieldsMostMissedFirst()
    {
        var cut = Render<CompletenessBars>(p => p.Add(b => b.Branches, Board));
        var second = cut.Find("[data-org-id='2']");
        second.QuerySelector("[data-testid=completeness-rate]")!.TextContent.Should().Be("40%（4/10）");
        second.QuerySelector("[data-testid=completeness-missing]")!.TextContent.Should().Be("缺手机号码 5 人、学历 2 人");
        cut.Find("[data-org-id='1'] [data-testid=completeness-missing]").TextContent.Should().Be("必填项齐全");
        cut.Find("[data-org-id='3'] [data-testid=completeness-rate]").TextContent.Should().Be("无在册");
        cut.Find("[data-org-id='2'] [role=progressbar]").GetAttribute("aria-valuenow").Should().Be("40");
    }

    [Fact]
    public void ClickingARow_ReportsItsOrganization()
    {
        long? clicked = null;
        var cut = Render<CompletenessBars>(p => p.Add(b => b.Branches, Board).Add(b => b.BranchClicked, id => clicked = id));
        cut.Find("[data-org-id='4']").Click();
        clicked.Should().Be(4);
    }

    [Fact]
    public void NoBranches_SaysSo()
    {
        var cut = Render<CompletenessBars>(p => p.Add(b => b.Branches, []));
        cut.Markup.Should().Contain("暂无支部");
    }
}
