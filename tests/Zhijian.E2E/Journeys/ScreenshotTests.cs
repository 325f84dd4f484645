using Microsoft.Playwright;
using Zhijian.E2E.Infrastructure;
using Zhijian.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

/// <summary>
/// Saves the main screens at 1366×768 to docs/screenshots (committed evidence of how the console
/// looks). Each screen is asserted to be in its finished state before it is taken.
/// </summary>
public sealed class ScreenshotTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task MainScreens_AreSavedToDocs()
    {
        Directory.CreateDirectory(Repository.Screenshots);

        var login = new LoginPage(Page);
        await login.GotoAsync();
        await SaveAsync("login.png");

        await login.SignInAsync("admin", BrowserApp.DemoPassword);
        await login.WaitUntilSignedInAsync();
        var dashboard = new DashboardPage(Page);
        await Expect(dashboard.ScopeCards).ToHaveCountAsync(2);
        await SaveAsync("dashboard.png");

        var console = new OrgConsolePage(Page);
        await console.GotoAsync(1);
        await Expect(console.Tree).ToContainTextAsync("集团党委");
        await Expect(console.SaveButton).ToBeVisibleAsync();
        await Expect(console.TabSlider).ToBeVisibleAsync();
        await SaveAsync("org-console.png");

        await console.OpenChildrenAsync();
        await Expect(console.ChildRows).ToHaveCountAsync(12);
        await SaveAsync("org-children.png");

        await console.OpenTabAsync(OrgConsolePage.StatsTab);
        await Expect(console.StatsMembers).ToHaveTextAsync("1016");
        await SaveAsync("org-stats.png");
    }

    private async Task SaveAsync(string name)
    {
        // Same picture on every run: no hover highlight where the last click was, no focus ring on the
        // heading Blazor focuses after navigation, animations finished.
        await Page.Mouse.MoveAsync(1365, 767);
        await Page.EvaluateAsync("() => { if (document.activeElement?.tagName === 'H1') document.activeElement.blur(); }");
        var path = Path.Combine(Repository.Screenshots, name);
        await Page.ScreenshotAsync(new() { Path = path, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(path).Length > 10_000, $"{path} looks empty");
    }
}
