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

    public Task ApproveAsync(long transferId) => Row(transferId).GetByTestId("transfer-approve").ClickAsync();

    public Task AcceptAsync(long transferId) => Row(transferId).GetByTestId("transfer-accept").ClickAsync();
}
