using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Pages;

/// <summary>The console page <c>/account/password</c> (interactive) and the layout's 退出 button.</summary>
public sealed class ChangePasswordPage(IPage page)
{
    public ILocator Interactive => page.Locator("[data-interactive=true]");

    public ILocator Current => page.Locator("#current-password");

    public ILocator New => page.Locator("#new-password");

    public ILocator Repeat => page.Locator("#repeat-password");

    public ILocator Save => page.GetByTestId("save-password");

    public ILocator Error => page.GetByTestId("password-error");

    public ILocator Snackbar => page.Locator(".mud-snackbar");

    public ILocator SignOut => page.GetByRole(AriaRole.Button, new() { Name = "退出", Exact = true });

    public async Task GotoAsync()
    {
        await page.GotoAsync("/account/password");
        await Expect(Interactive).ToBeVisibleAsync();
    }

    /// <summary>Fills the three fields (leaving each, which commits it) and clicks 保存.</summary>
    public async Task ChangeAsync(string current, string next)
    {
        await Current.FillAsync(current);
        await New.FillAsync(next);
        await Repeat.FillAsync(next);
        await Repeat.BlurAsync();
        await Expect(Save).ToBeEnabledAsync();
        await Save.ClickAsync();
    }
}
