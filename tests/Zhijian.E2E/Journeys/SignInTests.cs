using Zhijian.E2E.Infrastructure;
using Zhijian.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

public sealed class SignInTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Admin_SignsIn_DashboardShowsBothTrees()
    {
        var login = new LoginPage(Page);
        await login.GotoAsync();
        await login.SignInAsync("admin", BrowserApp.DemoPassword);
        await login.WaitUntilSignedInAsync();

        var dashboard = new DashboardPage(Page);
        await Expect(dashboard.Heading).ToBeVisibleAsync();
        await Expect(dashboard.CurrentUser).ToHaveTextAsync("系统管理员");
        await Expect(dashboard.CurrentUser).ToHaveAttributeAsync("title", "登录名：admin");
        await Expect(dashboard.ScopeCards).ToHaveCountAsync(2);
        await Expect(dashboard.ScopeCard("共青团华东冶金地质勘查局委员会")).ToContainTextAsync("1016");
        await Expect(dashboard.ScopeCard("中共华东装备制造集团有限公司委员会")).ToContainTextAsync("1788"); // 1,768 seeded + 20 probationary members admitted by the development demo
    }

    [Fact]
    public async Task WrongPassword_ShowsChineseError_AndStaysOnLogin()
    {
        var login = new LoginPage(Page);
        await login.GotoAsync();
        await login.SignInAsync("league.admin", "not-the-password-1");

        await Expect(login.Error).ToHaveTextAsync("用户名或密码错误");
        Assert.Equal("/login", new Uri(Page.Url).AbsolutePath);
        await Expect(login.UserName).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignedOut_OpeningConsole_RedirectsToLoginAndBack()
    {
        await Page.GotoAsync("/orgs/1");
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");

        var login = new LoginPage(Page);
        await login.SignInAsync("admin", BrowserApp.DemoPassword);
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/orgs/1");
        await Expect(new OrgConsolePage(Page).Title).ToHaveTextAsync("共青团华东冶金地质勘查局委员会");
    }
}
