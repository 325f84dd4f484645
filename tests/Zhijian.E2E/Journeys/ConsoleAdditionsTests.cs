using System.Text.Json;
using Microsoft.Playwright;
using Zhijian.E2E.Infrastructure;
using Zhijian.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

/// <summary>The committee, completeness and correction screens, and changing one's password.</summary>
public sealed class ConsoleAdditionsTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private static readonly LocatorAssertionsToBeVisibleOptions RoundTrip = new() { Timeout = 20_000 };

    /// <summary>GET of an API address with the page's cookie; the JSON root.</summary>
    private async Task<JsonElement> ApiAsync(IPage page, string path)
    {
        var response = await page.APIRequest.GetAsync($"{App.BaseAddress}{path.TrimStart('/')}");
        Assert.Equal(200, response.Status);
        return (await response.JsonAsync())!.Value;
    }

    private async Task<long> MyOrgIdAsync() => (await ApiAsync(Page, "/api/v1/auth/me")).GetProperty("roles")[0].GetProperty("orgId").GetInt64();

    [Fact]
    public async Task BranchAdmin_EndsTheSecretary_AndAppointsAMemberAsSecretary()
    {
        await SignInAsync("branch.admin");
        var branchId = await MyOrgIdAsync();
        var members = await ApiAsync(Page, $"/api/v1/members?orgId={branchId}&pageSize=50");
        var current = await ApiAsync(Page, $"/api/v1/orgs/{branchId}/positions");
        var holders = current.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToHashSet();
        var name = members.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("person").GetProperty("name").GetString()!)
            .First(n => !holders.Contains(n));

        var console = new OrgConsolePage(Page);
        await console.GotoAsync(branchId);
        await console.OpenTabAsync(PositionsTabPage.Tab);
        var tab = new PositionsTabPage(Page);
        await Expect(tab.Row("书记")).ToHaveCountAsync(1);

        await tab.EndAsync(tab.Row("书记"), "换届");
        await Expect(tab.Row("书记")).ToHaveCountAsync(0);
        await tab.AppointSecretaryAsync(name);
        await Expect(tab.Row("书记")).ToContainTextAsync(name);

        // The appointment is corrected in place: full time, with a job level.
        await tab.Row("书记").GetByTestId("edit-position").ClickAsync();
        await tab.EditFullTime.CheckAsync();
        await tab.EditJobLevel.FillAsync("正科级");
        await tab.ConfirmEdit.ClickAsync();
        await Expect(tab.Snackbar.Filter(new() { HasText = $"已保存{name}的任职信息" })).ToBeVisibleAsync();
        await Expect(tab.Row("书记")).ToContainTextAsync("专职");
        await Expect(tab.Row("书记")).ToContainTextAsync("正科级");

        // History: the former secretary is listed as ended with the reason.
        await tab.History.ClickAsync();
        await Expect(tab.Rows.Filter(new() { HasText = "换届" })).ToHaveCountAsync(1);
        await tab.History.ClickAsync();
        await SaveAsync("org-positions.png");
    }

    [Fact]
    public async Task Admin_ConfirmsAProbationaryMember_AsFull()
    {
        await SignInAsync("admin");
        // The demo server's clock is 2026-11-23 (BrowserApp.ClockStart): a member who joined by 2025-11-23 has served the year.
        var all = (await ApiAsync(Page, "/api/v1/members?stage=probationary&pageSize=100")).GetProperty("items").EnumerateArray().ToList();
        var served = all.Where(m => string.CompareOrdinal(m.GetProperty("joinedOn").GetString(), "2025-11-23") <= 0).ToList();
        var serving = all.Where(m => string.CompareOrdinal(m.GetProperty("joinedOn").GetString(), "2025-11-23") > 0).ToList();
        Assert.NotEmpty(served);
        Assert.NotEmpty(serving);

        // One still in the probation year: the note says from when, and there is no date to confirm.
        var early = serving[0];
        var console = new OrgConsolePage(Page);
        await console.GotoAsync(early.GetProperty("orgId").GetInt64());
        await console.OpenTabAsync(MembersTabPage.PartyTab);
        var members = new MembersTabPage(Page);
        var earlyName = early.GetProperty("person").GetProperty("name").GetString()!;
        await members.SearchAsync(earlyName, 1);
        await members.Row(earlyName).GetByTestId("make-full").ClickAsync();
        await Expect(Page.GetByTestId("probation-note")).ToContainTextAsync("预备期未满");
        await Expect(Page.GetByTestId("confirm-full")).ToBeDisabledAsync();

        var probationary = served[0];
        var name = probationary.GetProperty("person").GetProperty("name").GetString()!;
        var memberId = probationary.GetProperty("id").GetInt64();
        await console.GotoAsync(probationary.GetProperty("orgId").GetInt64());
        await console.OpenTabAsync(MembersTabPage.PartyTab);
        await members.SearchAsync(name, 1);
        await Expect(members.Row(name)).ToContainTextAsync("预备党员");
        await members.Row(name).GetByTestId("make-full").ClickAsync();
        await Expect(Page.GetByTestId("probation-note")).ToContainTextAsync("转正时间可选");
        await Page.GetByTestId("confirm-full").ClickAsync();
        await Expect(members.Snackbar.Filter(new() { HasText = $"已为{name}办理转正" })).ToBeVisibleAsync(RoundTrip);
        await Expect(members.Row(name)).ToContainTextAsync("正式党员");

        var after = await ApiAsync(Page, $"/api/v1/members/{memberId}");
        Assert.Equal("full", after.GetProperty("stage").GetString());
        Assert.Equal("2026-11-23", after.GetProperty("fullOn").GetString()); // the demo server's clock (BrowserApp.ClockStart)
        Assert.Equal("01", after.GetProperty("person").GetProperty("politicalStatus").GetString());
    }

    [Fact]
    public async Task Observer_SeesTheCommittee_WithoutEditControls()
    {
        await SignInAsync("observer");
        var rootId = await MyOrgIdAsync();
        var console = new OrgConsolePage(Page);
        await console.GotoAsync(rootId);
        await Expect(console.ReadOnlyChip).ToBeVisibleAsync();
        // With the v2 modules' tabs the bar no longer fits 1366 px: it scrolls, and the last tab comes fully into view.
        await console.ScrollTabIntoViewAsync(OrgConsolePage.AuditTab);
        await console.OpenTabAsync(PositionsTabPage.Tab);
        var tab = new PositionsTabPage(Page);
        await Expect(tab.Row("书记")).ToHaveCountAsync(1);
        await Expect(tab.AppointButton).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("end-position")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task CompletenessTab_ShowsABarPerBranch_WorstFirst_AndOpensABranch()
    {
        await SignInAsync("league.admin");
        var rootId = await MyOrgIdAsync();
        var board = await ApiAsync(Page, $"/api/v1/orgs/{rootId}/completeness");
        var branches = board.GetProperty("byBranch").GetArrayLength();

        var console = new OrgConsolePage(Page);
        await console.GotoAsync(rootId);
        await console.OpenTabAsync(CompletenessTabPage.Tab);
        var tab = new CompletenessTabPage(Page);
        await Expect(tab.Rows).ToHaveCountAsync(branches, new() { Timeout = 20_000 });
        await Expect(tab.Overall).ToContainTextAsync("%");
        var rates = await tab.Rates.AllTextContentsAsync();
        var percents = rates.Where(r => r.Contains('%')).Select(r => double.Parse(r[..r.IndexOf('%')], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(percents.Order().ToList(), percents);
        await SaveAsync("org-completeness.png");

        var first = tab.Rows.First;
        var firstId = await first.GetAttributeAsync("data-org-id");
        await first.ClickAsync();
        // Client-side navigation: poll the address rather than wait for a load event.
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/orgs/{firstId}$"));
        await Expect(console.Title).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Member_ReportsAnError_AdminSeesItOnTheDashboard_AndResolvesIt()
    {
        await SignInAsync("member");
        await Page.WaitForURLAsync("**/me", new() { Timeout = 20_000 });
        var me = new MePage(Page);
        await me.GotoAsync();
        await me.ReportAsync("工作单位", "某某科技有限公司", "2025 年 3 月调入");
        await Expect(me.Request("某某科技有限公司")).ToContainTextAsync("待处理");

        // Bad input stays on the page with a Chinese message.
        await me.Value.FillAsync("x");
        await me.Note.FillAsync(new string('长', 1000));
        await Page.EvaluateAsync("() => document.querySelector('#correction-note').removeAttribute('maxlength')");
        await me.Note.FillAsync(new string('长', 1001));
        await me.Submit.ClickAsync();
        await Expect(me.Error).ToContainTextAsync("1000");
        await Page.SetViewportSizeAsync(375, 740);
        await me.GotoAsync();
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Screenshots, "me-correction-375.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });

        // The League root's administrator, in a browser of their own.
        var adminContext = await App.NewContextAsync();
        var admin = await adminContext.NewPageAsync();
        var login = new LoginPage(admin);
        await login.GotoAsync();
        await login.SignInAsync("league.admin", BrowserApp.DemoPassword);
        await login.WaitUntilSignedInAsync();
        var dashboard = new DashboardPage(admin);
        await Expect(dashboard.OpenCorrectionsCount).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await dashboard.OpenCorrections.GetByRole(AriaRole.Link).ClickAsync();

        var console = new OrgConsolePage(admin);
        await Expect(console.Interactive).ToBeVisibleAsync();
        await Expect(console.Title).ToBeVisibleAsync();
        await console.OpenTabAsync(CorrectionsTabPage.Tab);
        var tab = new CorrectionsTabPage(admin);
        await Expect(tab.Row("某某科技有限公司")).ToContainTextAsync("工作单位", new() { Timeout = 20_000 });
        await SaveAsync(admin, "org-corrections.png");
        await Expect(me.Record).Not.ToContainTextAsync("某某科技有限公司");
        await tab.CorrectRecordAndResolveAsync("某某科技有限公司");
        await adminContext.CloseAsync();

        await me.GotoAsync();
        await Expect(me.Request("某某科技有限公司")).ToContainTextAsync("已处理");
        await Expect(me.Request("某某科技有限公司")).ToContainTextAsync("已将工作单位更正为「某某科技有限公司」");
        await Expect(me.Record).ToContainTextAsync("某某科技有限公司");
    }

    [Fact]
    public async Task ChangePassword_ThenSignInWithTheNewOne()
    {
        const string NewPassword = "NewPassw0rd-2026";
        await SignInAsync("party.admin");
        var password = new ChangePasswordPage(Page);
        await password.GotoAsync();

        await password.ChangeAsync("wrong-password1", NewPassword);
        await Expect(password.Error).ToBeVisibleAsync(RoundTrip);

        await password.ChangeAsync(BrowserApp.DemoPassword, NewPassword);
        await Expect(password.Snackbar.Filter(new() { HasText = "密码已修改" })).ToBeVisibleAsync(RoundTrip);
        await password.SignOut.ClickAsync();
        await Page.WaitForURLAsync("**/login");

        var login = new LoginPage(Page);
        await login.SignInAsync("party.admin", BrowserApp.DemoPassword);
        await Expect(login.Error).ToBeVisibleAsync();
        await login.SignInAsync("party.admin", NewPassword);
        await login.WaitUntilSignedInAsync();
        await Expect(new DashboardPage(Page).Heading).ToBeVisibleAsync();
    }

    private Task SaveAsync(string name) => SaveAsync(Page, name);

    private static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Repository.Screenshots);
        await page.Mouse.MoveAsync(1365, 767);
        var path = Path.Combine(Repository.Screenshots, name);
        await page.ScreenshotAsync(new() { Path = path, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(path).Length > 10_000, $"{path} looks empty");
    }
}
