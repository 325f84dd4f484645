using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Pages;

/// <summary>The sign-in page <c>/login</c> (static server rendering: a plain form post).</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator UserName => page.Locator("#userName");

    public ILocator Password => page.Locator("#password");

    public ILocator Submit => page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true });

    /// <summary>The error shown after a refused sign-in.</summary>
    public ILocator Error => page.GetByTestId("login-error");

    public async Task GotoAsync()
    {
        await page.GotoAsync("/login");
        await Expect(Submit).ToBeVisibleAsync();
    }

    public async Task SignInAsync(string userName, string password)
    {
        await UserName.FillAsync(userName);
        await Password.FillAsync(password);
        await Submit.ClickAsync();
    }

    /// <summary>
    /// Waits until the post-sign-in redirect has left the login page. The URL is what counts (the navigation committed);
    /// waiting for the next page's load event as well timed out once on a busy machine with the dashboard already shown,
    /// and every later step waits for its own element anyway.
    /// </summary>
    public Task WaitUntilSignedInAsync() =>
        page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.Commit });
}
