using Zhijian.E2E.Infrastructure;
using Zhijian.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

/// <summary>
/// The Content-Security-Policy (issue 13 item 9) keeps the console working: the interactive circuit connects over its
/// WebSocket, MudBlazor's styles and scripts load, and the API reference renders under its own policy. Every browser
/// test also fails on any CSP violation the page reports (<see cref="BrowserTest"/>).
/// </summary>
public sealed class SecurityHeadersTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Console_UnderTheCsp_IsInteractive()
    {
        await SignInAsync("admin");
        await Page.GotoAsync("/orgs/1");
        var console = new OrgConsolePage(Page);
        await Expect(console.Title).ToHaveTextAsync("共青团华东冶金地质勘查局委员会");
        // The circuit is up (the page sets this once interactive) and MudBlazor styled it.
        await Page.WaitForSelectorAsync("[data-interactive='true']", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached, Timeout = 30_000 });
        Assert.Empty(CspViolations);
    }

    [Fact]
    public async Task ApiReference_Renders()
    {
        var response = await Page.GotoAsync("/api-docs");
        Assert.Equal(200, response!.Status);
        await Expect(Page.GetByText("Zhijian 智建 API").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Empty(CspViolations);
    }
}
