using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Pages;

/// <summary>The 班子成员 tab of the organization console: current committee, history, appoint and end.</summary>
public sealed class PositionsTabPage(IPage page)
{
    public const string Tab = "班子成员";

    public ILocator Table => page.GetByTestId("positions-table");

    public ILocator Rows => Table.Locator("tbody tr");

    public ILocator History => page.GetByTestId("positions-history");

    public ILocator AppointButton => page.GetByTestId("toggle-appoint");

    public ILocator Member => page.Locator("#appoint-member");

    public ILocator Post => page.Locator("#appoint-post");

    public ILocator ConfirmAppoint => page.GetByTestId("confirm-appoint");

    public ILocator EditFullTime => page.GetByTestId("edit-position-panel").GetByLabel("专职");

    public ILocator EditJobLevel => page.Locator("#edit-job-level");

    public ILocator ConfirmEdit => page.GetByTestId("confirm-edit-position");

    public ILocator EndReason => page.Locator("#end-reason");

    public ILocator ConfirmEnd => page.GetByTestId("confirm-end");

    public ILocator Snackbar => page.Locator(".mud-snackbar");

    /// <summary>The rows of a post by its exact Chinese name in the first column (书记, not 副书记).</summary>
    public ILocator Row(string postName) => Rows.Filter(new()
    {
        Has = page.Locator("td:first-child").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^\\s*{postName}\\s*$") }),
    });

    /// <summary>Clicks 离任 on the row, gives the reason and confirms; waits for the snackbar.</summary>
    public async Task EndAsync(ILocator row, string reason)
    {
        await row.GetByTestId("end-position").ClickAsync();
        await EndReason.FillAsync(reason);
        await Expect(ConfirmEnd).ToBeEnabledAsync();
        await ConfirmEnd.ClickAsync();
        await Expect(Snackbar.Filter(new() { HasText = "已离任" })).ToBeVisibleAsync();
    }

    /// <summary>Opens the form, finds the member by name, keeps the default post 书记 and today's date, confirms.</summary>
    public async Task AppointSecretaryAsync(string memberName)
    {
        await AppointButton.ClickAsync();
        await Member.FillAsync(memberName);
        var option = page.GetByRole(AriaRole.Option).Filter(new() { HasText = memberName }).First;
        await option.ClickAsync();
        await Expect(Member).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^" + memberName));
        await Expect(ConfirmAppoint).ToBeEnabledAsync();
        await ConfirmAppoint.ClickAsync();
        await Expect(Snackbar.Filter(new() { HasText = $"已任命{memberName}为书记" })).ToBeVisibleAsync();
    }
}

/// <summary>The 信息完整度 tab: a bar per branch, worst first.</summary>
public sealed class CompletenessTabPage(IPage page)
{
    public const string Tab = "信息完整度";

    public ILocator Overall => page.GetByTestId("completeness-overall");

    public ILocator Rows => page.GetByTestId("completeness-row");

    public ILocator Rates => page.GetByTestId("completeness-rate");
}

/// <summary>The 更正申请 tab: open requests of the subtree, resolve or reject with a note.</summary>
public sealed class CorrectionsTabPage(IPage page)
{
    public const string Tab = "更正申请";

    public ILocator Table => page.GetByTestId("corrections-table");

    public ILocator Rows => Table.Locator("tbody tr");

    public ILocator Note => page.Locator("#correction-note");

    public ILocator Confirm => page.GetByTestId("confirm-close-correction");

    public ILocator Snackbar => page.Locator(".mud-snackbar");

    public ILocator Row(string text) => Rows.Filter(new() { HasText = text });

    /// <summary>Clicks 已处理 on the row, writes the note and confirms; waits until the row has left the open list.</summary>
    public async Task ResolveAsync(string text, string note)
    {
        await Row(text).GetByTestId("resolve-correction").ClickAsync();
        await Note.FillAsync(note);
        await Expect(Confirm).ToBeEnabledAsync();
        await Confirm.ClickAsync();
        await Expect(Snackbar.Filter(new() { HasText = "已标记为已处理" })).ToBeVisibleAsync();
        await Expect(Row(text)).ToHaveCountAsync(0);
    }

    public ILocator SaveToRecord => page.GetByTestId("save-to-record");

    public ILocator RecordSaved => page.GetByTestId("record-saved");

    /// <summary>
    /// Clicks 已处理 on the row, saves the proposed value to the member record (its own audited step), keeps
    /// the note the tab suggests and confirms; waits until the row has left the open list.
    /// </summary>
    public async Task CorrectRecordAndResolveAsync(string text)
    {
        await Row(text).GetByTestId("resolve-correction").ClickAsync();
        await Expect(page.Locator("#correction-corrected")).ToHaveValueAsync(text);
        await SaveToRecord.ClickAsync();
        await Expect(RecordSaved).ToBeVisibleAsync();
        await Expect(Note).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("已将.*更正为「" + text + "」"));
        await Expect(Confirm).ToBeEnabledAsync();
        await Confirm.ClickAsync();
        await Expect(Snackbar.Filter(new() { HasText = "已标记为已处理" })).ToBeVisibleAsync();
        await Expect(Row(text)).ToHaveCountAsync(0);
    }
}
