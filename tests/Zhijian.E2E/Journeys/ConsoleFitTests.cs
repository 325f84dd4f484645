using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Zhijian.E2E.Infrastructure;
using Zhijian.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

/// <summary>
/// The console at the sizes people use (issue 19): the members grid at 1366×768 shows at least 15 one-line rows, a
/// phone at 375 px gets a labelled compact list and a one-line title, observers see no alert buttons, and opening an
/// organization shows where it is (breadcrumb) with the tree expanded down to it.
/// </summary>
public sealed class ConsoleFitTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private const string BranchName = "共青团第二地质大队勘查支部委员会";

    private const string LeagueRoot = "共青团华东冶金地质勘查局委员会";

    /// <summary>The League committee's members tab: its whole subtree, 1,016 members, so every page holds 20.</summary>
    private async Task<MembersTabPage> OpenMembersAsync()
    {
        await SignInAsync("admin");
        var console = new OrgConsolePage(Page);
        await console.GotoAsync();
        await console.SearchAsync("华东冶金地质勘查局");
        await console.SearchResult(LeagueRoot).First.ClickAsync();
        await Expect(console.Title).ToHaveTextAsync(LeagueRoot);
        await console.OpenTabAsync(MembersTabPage.LeagueTab);
        var members = new MembersTabPage(Page);
        await Expect(members.Rows).ToHaveCountAsync(20);
        return members;
    }

    [Fact]
    public async Task MembersGrid_At1366x768_ShowsAtLeast15Rows_OneLineEach()
    {
        await OpenMembersAsync();

        var rows = await Page.EvaluateAsync<JsonElement>("""
            () => [...document.querySelectorAll('[data-testid=members-table] tbody tr')].map(r => {
                const b = r.getBoundingClientRect();
                const name = r.querySelector('[data-testid=member-name]').getBoundingClientRect();
                return { top: b.top, bottom: b.bottom, height: b.height, nameHeight: name.height };
            })
            """);
        var all = rows.EnumerateArray().ToList();
        var visible = all.Count(r => r.GetProperty("top").GetDouble() >= 0 && r.GetProperty("bottom").GetDouble() <= 768);
        Assert.True(visible >= 15, $"{visible} rows fit on the 1366×768 screen");
        Assert.All(all, r => Assert.True(r.GetProperty("height").GetDouble() <= 34, $"a row is {r.GetProperty("height").GetDouble()} px high"));
    }

    [Fact]
    public async Task Phone_At375_GetsALabelledCompactList_AndAOneLineTitle()
    {
        await Page.SetViewportSizeAsync(375, 812);
        await OpenMembersAsync();

        var list = Page.GetByTestId("member-list-compact");
        await Expect(list).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("members-table")).ToBeHiddenAsync();
        var cards = list.GetByTestId("member-card");
        await Expect(cards).ToHaveCountAsync(20);
        await Expect(cards.First.Locator("dt")).ToHaveTextAsync(["性别", "出生日期", "入团时间", "手机号码", "所在支部"]);
        var height = await list.EvaluateAsync<double>("e => e.getBoundingClientRect().height");
        Assert.True(height < 2600, $"the list of 20 is {height} px tall");

        var title = await Page.Locator(".mud-appbar .zj-appbar-title").First.EvaluateAsync<double>("e => e.getBoundingClientRect().height");
        Assert.True(title <= 40, $"the app-bar title is {title} px high (wrapped)");
    }

    [Fact]
    public async Task Observer_SeesNoAlertButtons_AdministratorDoes()
    {
        await ScanAsync();

        await SignInAsync("observer");
        await Page.GotoAsync("/alerts");
        await Expect(Page.Locator("[data-interactive=true]")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("alert-row").First).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("alert-resolve")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("alert-dismiss")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("alert-read-only").First).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "已处理" })).ToHaveCountAsync(0);

        await Page.Context.ClearCookiesAsync();
        await SignInAsync("league.admin");
        await Page.GotoAsync("/alerts");
        await Expect(Page.GetByTestId("alert-resolve").First).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("alert-read-only")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task OpeningAnOrganization_ShowsTheBreadcrumb_AndExpandsTheTreeToIt()
    {
        await SignInAsync("admin");
        var console = new OrgConsolePage(Page);
        await console.GotoAsync();
        await console.SearchAsync("kctzb");
        await console.SearchResult(BranchName).ClickAsync();
        await Expect(console.Title).ToHaveTextAsync(BranchName);
        var id = long.Parse(new Uri(Page.Url).AbsolutePath.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

        await console.GotoAsync(id);
        var crumbs = Page.GetByTestId("org-breadcrumb");
        await Expect(crumbs).ToContainTextAsync("勘查团支部");
        await Expect(crumbs.Locator("a")).Not.ToHaveCountAsync(0);
        // The tree shows the branch without a click: its ancestors are expanded (the four same-named 勘查团支部 sit under
        // different parents, so exactly this one is in the expanded tree).
        var node = console.Tree.GetByText(new System.Text.RegularExpressions.Regex("^勘查团支部（"));
        await Expect(node).ToHaveCountAsync(1);
        await Expect(node).ToBeVisibleAsync();

        var parent = crumbs.Locator("a").Last;
        var parentName = await parent.InnerTextAsync();
        await parent.ClickAsync();
        await Expect(Page.GetByTestId("org-breadcrumb")).ToContainTextAsync(parentName);
        await Expect(Page.GetByTestId("org-breadcrumb")).Not.ToContainTextAsync("勘查团支部");
    }

    /// <summary>The published app scans no alerts by itself in the suite: one scan, as the system administrator.</summary>
    private async Task ScanAsync()
    {
        using var client = new HttpClient { BaseAddress = App.BaseAddress };
        var token = await (await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "admin", password = BrowserApp.DemoPassword }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        (await client.PostAsync("/api/v1/alerts/scan", null)).EnsureSuccessStatusCode();
    }
}
