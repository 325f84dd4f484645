using Microsoft.Playwright;

namespace Zhijian.E2E.Pages;

/// <summary>The 发展 tab of the organization console.</summary>
public sealed class DevelopmentTabPage(IPage page)
{
    public const string Tab = "发展";

    public ILocator Column(string stage) => page.GetByTestId($"column-{stage}");

    public ILocator Card(string name) => page.GetByTestId("record-card").Filter(new() { HasText = name });

    public ILocator Detail => page.GetByTestId("record-detail");

    public ILocator Timeline => page.GetByTestId("record-timeline");

    public ILocator On => page.Locator("#advance-on");

    public ILocator Hours => page.Locator("#advance-hours");

    public ILocator RuleMessages => page.GetByTestId("rule-message");

    public ILocator Earliest => page.GetByTestId("earliest-on");

    public ILocator Submit => page.GetByTestId("advance-submit");

    public ILocator AwaitingApproval => page.GetByTestId("awaiting-approval");

    public ILocator Close => page.GetByTestId("close-record");

    public ILocator CloseConfirm => page.GetByTestId("close-confirm");

    public ILocator ClosedReason => page.GetByTestId("closed-reason");
}
