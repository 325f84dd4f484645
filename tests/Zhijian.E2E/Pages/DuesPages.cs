using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Pages;

/// <summary>The console's 党费/团费 tab: the ledger with its selection, the confirmation and the receipt link.</summary>
public sealed class DuesTabPage(IPage page)
{
    public const string DuesTab = "党费/团费";

    public ILocator Lines => page.GetByTestId("dues-line");

    public ILocator Select => page.GetByTestId("dues-select");

    public ILocator Pay => page.GetByTestId("dues-pay");

    public ILocator Confirm => page.GetByTestId("dues-confirm");

    public ILocator ConfirmYes => page.GetByTestId("dues-confirm-yes");

    public ILocator Receipt => page.GetByTestId("dues-receipt");

    public ILocator Summary => page.GetByTestId("dues-summary");

    public ILocator ImportResult => page.GetByTestId("dues-import-result");

    public ILocator ImportErrors => page.GetByTestId("dues-import-errors");

    /// <summary>Uploads a payroll deduction sheet through the tab's 导入工资代扣 (its file input sits under the label).</summary>
    public async Task ImportPaymentsAsync(string fileName, byte[] content)
    {
        await page.GetByTestId("dues-import-dues-payments").SetInputFilesAsync(new FilePayload
        {
            Name = fileName,
            MimeType = fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = content,
        });
        await Expect(ImportResult).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }

    /// <summary>Ticks the first <paramref name="count"/> unpaid lines shown, asks to record them, and confirms.</summary>
    public async Task PayFirstAsync(int count)
    {
        await Expect(Select.First).ToBeVisibleAsync();
        for (var i = 0; i < count; i++)
        {
            await Select.Nth(i).CheckAsync();
        }

        await Pay.ClickAsync();
        await Expect(Confirm).ToContainTextAsync($"确认登记 {count} 条");
        await ConfirmYes.ClickAsync();
        await Expect(Receipt).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^DF\\d{12}$"));
    }
}

/// <summary>/me's dues section (static rendering) and the sandbox gateway's pay page.</summary>
public sealed class MyDuesPage(IPage page)
{
    public ILocator Section => page.GetByTestId("my-dues");

    public ILocator Monthly => page.GetByTestId("my-dues-monthly");

    public ILocator Outstanding => page.GetByTestId("my-dues-outstanding");

    public ILocator Unpaid => page.GetByTestId("my-dues-unpaid");

    public ILocator Picks => page.GetByTestId("my-dues-pick");

    public ILocator Pay => page.GetByTestId("my-dues-pay");

    public ILocator History => page.GetByTestId("my-dues-line");

    public ILocator SandboxAmount => page.GetByTestId("sandbox-amount");

    public ILocator SandboxPay => page.GetByTestId("sandbox-pay");

    /// <summary>Ticks the first unpaid month, goes to the sandbox's page, pays, and comes back to /me.</summary>
    public async Task PayFirstUnpaidAsync()
    {
        await Picks.First.CheckAsync();
        await Pay.ClickAsync();
        await page.WaitForURLAsync("**/me/dues/sandbox/**");
        await Expect(SandboxAmount).ToContainTextAsync("¥");
        await SandboxPay.ClickAsync();
        await page.WaitForURLAsync("**/me?msg=**");
        await Expect(Section).ToBeVisibleAsync();
    }
}
