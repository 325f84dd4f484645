using Zhijian.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

/// <summary>A member on a phone: /me at 375 px.</summary>
public sealed class SelfServiceTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Member_LandsOnMe_SeesTheirMaskedRecord_WithoutSidewaysScrolling_OnAPhone()
    {
        await Page.SetViewportSizeAsync(375, 740);
        await SignInAsync("member");

        // A member-only account has no console: it is taken to /me.
        await Page.WaitForURLAsync("**/me", new() { Timeout = 20_000 });
        var record = Page.GetByTestId("me-record");
        await Expect(record).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("me-id-number")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}\*{10}\d{3}[\dX]$"));
        await Expect(Page.GetByTestId("me-org").First).ToContainTextAsync("共青团");

        var overflow = await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the /me page scrolls sideways at 375 px");

        // The console is not theirs: the organization API answers 404 for a member.
        var response = await Page.APIRequest.GetAsync($"{App.BaseAddress}api/v1/orgs/1");
        Assert.Equal(404, response.Status);

        Directory.CreateDirectory(Repository.Screenshots);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Screenshots, "me-375.png"), FullPage = true, Animations = Microsoft.Playwright.ScreenshotAnimations.Disabled });
    }
}
