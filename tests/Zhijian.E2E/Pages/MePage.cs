using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Pages;

/// <summary>The member's own page <c>/me</c> (static rendering): the record, the correction form and its requests.</summary>
public sealed class MePage(IPage page)
{
    public ILocator Record => page.GetByTestId("me-record");

    public ILocator Field => page.Locator("#correction-field");

    public ILocator Value => page.Locator("#correction-value");

    public ILocator Note => page.Locator("#correction-note");

    public ILocator Submit => page.GetByTestId("correction-submit");

    public ILocator Filed => page.GetByTestId("me-correction-filed");

    public ILocator Error => page.GetByTestId("me-correction-error");

    public ILocator Requests => page.GetByTestId("me-correction-item");

    public async Task GotoAsync()
    {
        await page.GotoAsync("/me");
        await Expect(Record).ToBeVisibleAsync();
    }

    /// <summary>Reports a wrong field (by its Chinese name) with the right value and a note; waits for the confirmation.</summary>
    public async Task ReportAsync(string fieldName, string value, string note)
    {
        await Field.SelectOptionAsync(new SelectOptionValue { Label = fieldName });
        await Value.FillAsync(value);
        await Note.FillAsync(note);
        await Submit.ClickAsync();
        await Expect(Filed).ToBeVisibleAsync();
    }

    /// <summary>The request whose text mentions <paramref name="value"/>.</summary>
    public ILocator Request(string value) => Requests.Filter(new() { HasText = value });
}
