using Zhijian.E2E.Infrastructure;
using Zhijian.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

public sealed class PermissionTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Observer_SeesLeagueRootReadOnly()
    {
        await SignInAsync("observer");
        var console = new OrgConsolePage(Page);
        await console.GotoAsync(1);

        await Expect(console.Title).ToHaveTextAsync("共青团华东冶金地质勘查局委员会");
        await Expect(console.ReadOnlyChip).ToHaveTextAsync("只读");
        await Expect(Page.Locator("#org-name")).ToHaveAttributeAsync("readonly", "");
        await Expect(console.SaveButton).ToHaveCountAsync(0);

        await console.OpenChildrenAsync();
        await Expect(console.ChildRows).ToHaveCountAsync(12);
        await Expect(console.CreateButton).ToHaveCountAsync(0);
        await Expect(console.ChildrenTable.GetByRole(Microsoft.Playwright.AriaRole.Button)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task BranchAdmin_DashboardShowsOnlyTheirBranch()
    {
        await SignInAsync("branch.admin");
        var dashboard = new DashboardPage(Page);
        await Expect(dashboard.Heading).ToBeVisibleAsync();

        await Expect(dashboard.ScopeCards).ToHaveCountAsync(1);
        await Expect(dashboard.ScopeCards).ToContainTextAsync("共青团华东冶金地质勘查局局机关支部委员会");
        await Expect(dashboard.ScopeCards).Not.ToContainTextAsync("中共");
    }

    [Fact]
    public async Task BranchAdmin_CanEditTheirBranch_NotItsParent()
    {
        await SignInAsync("branch.admin");
        var console = new OrgConsolePage(Page);
        await console.GotoAsync();

        // The console opens the only organization in scope.
        await Expect(console.Title).ToHaveTextAsync("共青团华东冶金地质勘查局局机关支部委员会");
        await Expect(console.SaveButton).ToBeVisibleAsync();
        await Expect(console.ReadOnlyChip).ToHaveCountAsync(0);
        await Expect(console.Tree).Not.ToContainTextAsync("局团委");
    }
}
