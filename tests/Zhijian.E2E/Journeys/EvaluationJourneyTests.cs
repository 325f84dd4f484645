using System.Text.Json;
using Zhijian.E2E.Infrastructure;
using Zhijian.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

/// <summary>
/// 团员教育评议 in the console: grade a branch and see the 30% limit refuse one 优秀 too many. The limit rounds down
/// (docs/cycles.md): ⌊30% × members⌋, so in a branch of ten the fourth 优秀 is refused.
/// </summary>
public sealed class EvaluationJourneyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private const long LeagueRoot = 1;

    [Fact]
    public async Task GradeABranch_TheThirtyPercentLimitRefusesOneExcellentTooMany_ThenClose()
    {
        await SignInAsync("admin");
        var stats = JsonDocument.Parse(await (await Page.APIRequest.GetAsync($"{App.BaseAddress}api/v1/orgs/{LeagueRoot}/registration-stats"))
            .TextAsync()).RootElement;
        var branch = stats.GetProperty("byBranch").EnumerateArray().OrderByDescending(b => b.GetProperty("members").GetInt64()).First();
        var branchId = branch.GetProperty("orgId").GetInt64();
        var members = (int)branch.GetProperty("members").GetInt64();
        var max = members * 3 / 10;
        Assert.True(members >= 4, "the demo's largest League branch has at least four members");

        var console = new OrgConsolePage(Page);
        await console.GotoAsync(branchId);
        await console.OpenTabAsync(EvaluationsTabPage.Tab);
        var tab = new EvaluationsTabPage(Page);
        await tab.Open.ClickAsync();
        await Expect(tab.Rows).ToHaveCountAsync(members);
        await Expect(tab.ExcellentCounter).ToContainTextAsync($"优秀 0 / 最多 {max} 人");

        for (var i = 0; i < members; i++)
        {
            await tab.Attended(i).CheckAsync();
            await tab.Grade(i).SelectOptionAsync(i <= max ? "Excellent" : "Qualified");
        }

        // One 优秀 beyond the limit: the counter turns red and the server refuses the save.
        await Expect(tab.ExcellentCounter).ToContainTextAsync($"优秀 {max + 1} / 最多 {max} 人");
        await tab.Save.ClickAsync();
        await Expect(Page.Locator(".mud-snackbar", new() { HasText = "超过" })).ToBeVisibleAsync();

        await tab.Grade(max).SelectOptionAsync("Qualified");
        await Expect(tab.ExcellentCounter).ToContainTextAsync($"优秀 {max} / 最多 {max} 人");
        await tab.Save.ClickAsync();
        await Expect(Page.Locator(".mud-snackbar", new() { HasText = "评议结果已保存" })).ToBeVisibleAsync();
        await tab.Close.ClickAsync();
        await Expect(tab.State).ToContainTextAsync("已结束");
    }
}
