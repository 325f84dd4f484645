using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Pages;

/// <summary>The dashboard <c>/</c>: one card per organization the account manages or observes.</summary>
public sealed class DashboardPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "工作台", Exact = true });

    public ILocator ScopeCards => page.GetByTestId("scope-card");

    /// <summary>The reminder "N 条待处理的更正申请" per top organization that has any.</summary>
    public ILocator OpenCorrections => page.GetByTestId("open-corrections");

    public ILocator OpenCorrectionsCount => page.GetByTestId("open-corrections-count");

    /// <summary>The signed-in account's name in the app bar.</summary>
    public ILocator CurrentUser => page.GetByTestId("current-user");

    public async Task GotoAsync()
    {
        await page.GotoAsync("/");
        await Expect(Heading).ToBeVisibleAsync();
    }

    /// <summary>The card whose title is the organization's full name.</summary>
    public ILocator ScopeCard(string organizationName) => ScopeCards.Filter(new() { HasText = organizationName });
}
