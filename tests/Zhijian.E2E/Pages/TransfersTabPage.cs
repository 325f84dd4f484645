using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Pages;

/// <summary>The 关系转接 tab of the organization console.</summary>
public sealed class TransfersTabPage(IPage page)
{
    public const string TabName = "关系转接";

    public ILocator Tab => page.GetByTestId("transfers-tab");

    public ILocator Row(long transferId) => page.Locator($"[data-testid=transfer-row][data-transfer-id='{transferId}']");

    public ILocator State(long transferId) => Row(transferId).GetByTestId("transfer-state");

    public async Task OpenAsync(OrgConsolePage console)
    {
        await console.OpenTabAsync(TabName);
        await Expect(Tab).ToBeVisibleAsync();
    }

    public ILocator ApproveAll => page.GetByTestId("transfer-approve-all");

    public ILocator AcceptAll => page.GetByTestId("transfer-accept-all");

    public ILocator BatchResult => page.GetByTestId("transfer-batch-result");

    /// <summary>The confirmation a decision asks for (a MudBlazor message box titled 请确认).</summary>
    public ILocator Confirmation => page.Locator(".mud-dialog").Filter(new() { HasText = "请确认" });

    /// <summary>Answers the confirmation with its yes button.</summary>
    public async Task ConfirmAsync(string yes)
    {
        await Expect(Confirmation).ToBeVisibleAsync();
        await Confirmation.GetByRole(AriaRole.Button, new() { Name = yes }).ClickAsync();
    }

    /// <summary>同意转出 on a row, confirmed.</summary>
    public async Task ApproveAsync(long transferId)
    {
        await Row(transferId).GetByTestId("transfer-approve").ClickAsync();
        await ConfirmAsync("同意转出");
    }

    /// <summary>同意接收 on a row, confirmed.</summary>
    public async Task AcceptAsync(long transferId)
    {
        await Row(transferId).GetByTestId("transfer-accept").ClickAsync();
        await ConfirmAsync("同意接收");
    }

    /// <summary>The 发起组织关系转接 dialog.</summary>
    public ILocator Dialog => page.Locator(".mud-dialog").Filter(new() { HasText = "发起组织关系转接" });

    /// <summary>Fills the dialog for a unit outside the system and a reason, and submits it (confirmed).</summary>
    public async Task StartOutsideAsync(string unit, string reason)
    {
        await Expect(Dialog).ToBeVisibleAsync();
        await Expect(Dialog.GetByTestId("transfer-submit")).ToBeDisabledAsync();
        await Dialog.GetByText("转往系统外单位").ClickAsync();
        await page.Locator("#transfer-outside-name").FillAsync(unit);
        await Expect(Dialog.GetByTestId("transfer-submit")).ToBeDisabledAsync(new() { Timeout = 5_000 });
        await Dialog.GetByTestId("transfer-reason").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = reason }).First.ClickAsync();
        await Expect(Dialog.GetByTestId("transfer-submit")).ToBeEnabledAsync();
        await Dialog.GetByTestId("transfer-submit").ClickAsync();
        await Expect(Confirmation).ToContainTextAsync(unit);
        await ConfirmAsync("确定提交");
    }
}
