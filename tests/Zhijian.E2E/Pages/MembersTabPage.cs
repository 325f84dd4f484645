using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Pages;

/// <summary>
/// The members tab of the organization console (团员 on a League organization, 党员 on a Party one): search,
/// the new-member form, the reveal dialog and the Excel import panel.
/// </summary>
public sealed class MembersTabPage(IPage page)
{
    public const string LeagueTab = "团员";
    public const string PartyTab = "党员";

    /// <summary>How long to wait for what a server round trip (save, search, import) brings.</summary>
    public const float RoundTripMs = 20_000;

    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = RoundTripMs };

    public ILocator SearchBox => page.Locator("#member-search");

    public ILocator Table => page.GetByTestId("members-table");

    public ILocator Rows => Table.Locator("tbody tr");

    public ILocator ToggleFormButton => page.GetByTestId("toggle-member-form");

    public ILocator Form => page.GetByTestId("member-form");

    public ILocator Name => page.Locator("#member-name");

    public ILocator IdNumber => page.Locator("#member-id-number");

    public ILocator Phone => page.Locator("#member-phone");

    /// <summary>The 特长 field of the personal features.</summary>
    public ILocator Specialties => page.Locator("#member-specialties");

    /// <summary>The gender select's hidden input; its parent shows the chosen name (男 / 女).</summary>
    public ILocator Gender => page.Locator("#member-gender");

    /// <summary>Picks 学历 (required for a new member) by its name in the code table.</summary>
    public async Task SelectEducationAsync(string name)
    {
        await page.Locator("#member-education").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = name }).First.ClickAsync();
        await Expect(page.Locator("#member-education").Locator("xpath=..")).ToContainTextAsync(name);
    }

    public ILocator BirthDate => Form.GetByLabel("出生日期", new() { Exact = true });

    /// <summary>The 入团时间 (League) or 入党时间 (Party) date picker, editable as yyyy-MM-dd.</summary>
    public ILocator JoinedOn(string label = "入团时间") => Form.GetByLabel(label, new() { Exact = true });

    public ILocator SaveButton => page.GetByTestId("save-member");

    public ILocator FormError => page.GetByTestId("member-form-error");

    /// <summary>The validation messages under the form's fields.</summary>
    public ILocator FieldErrors => Form.Locator(".mud-input-helper-text.mud-input-error");

    public ILocator Snackbar => page.Locator(".mud-snackbar");

    public ILocator RevealReason => page.Locator("#reveal-reason");

    public ILocator RevealConfirm => page.GetByTestId("reveal-confirm");

    public ILocator ToggleImportButton => page.GetByTestId("toggle-import");

    public ILocator ImportFile => page.Locator("[data-testid=import-panel] input[type=file]");

    public ILocator ImportSummary => page.GetByTestId("import-summary");

    public ILocator ImportErrors => page.GetByTestId("import-errors");

    public ILocator ImportErrorRows => ImportErrors.Locator("tbody tr");

    /// <summary>The members table's rows that mention <paramref name="text"/> (a name or an ID number).</summary>
    public ILocator Row(string text) => Rows.Filter(new() { HasText = text });

    /// <summary>Types into the search box and waits until the table shows <paramref name="expected"/> rows.</summary>
    public async Task SearchAsync(string text, int expected)
    {
        await SearchBox.FillAsync(text);
        if (expected == 0)
        {
            await Expect(Table).ToContainTextAsync("没有符合条件的", new() { Timeout = RoundTripMs });
        }
        else
        {
            await Expect(Row(text)).ToHaveCountAsync(expected, new() { Timeout = RoundTripMs });
            // The unfiltered page may already hold the row: wait for the search's own answer, or a click
            // can land on a row that the reload is about to replace.
            await Expect(Rows).ToHaveCountAsync(expected, new() { Timeout = RoundTripMs });
        }
    }

    public async Task OpenFormAsync()
    {
        await ToggleFormButton.ClickAsync();
        await Expect(Name).ToBeVisibleAsync();
    }

    /// <summary>Replaces the ID number; a valid one fills birth date and gender as it is typed.</summary>
    public async Task FillIdNumberAsync(string idNumber)
    {
        await IdNumber.FillAsync(idNumber);
        await IdNumber.BlurAsync();
    }

    /// <summary>Types a date into an editable date picker and leaves it, which commits the text.</summary>
    public static async Task FillDateAsync(ILocator picker, DateOnly date)
    {
        await picker.FillAsync(date.ToString("yyyy-MM-dd"));
        await picker.BlurAsync();
        await Expect(picker).ToHaveValueAsync(date.ToString("yyyy-MM-dd"));
    }

    /// <summary>Fills name, ID number, 入团时间 and 学历, saves, and waits for the success snackbar.</summary>
    public async Task AddAsync(string name, string idNumber, DateOnly joinedOn)
    {
        await OpenFormAsync();
        await Name.FillAsync(name);
        await FillIdNumberAsync(idNumber);
        await FillDateAsync(JoinedOn(), joinedOn);
        await SelectEducationAsync("大学本科毕业");
        await SaveButton.ClickAsync();
        await Expect(Snackbar.Filter(new() { HasText = $"已新增{name}" })).ToBeVisibleAsync(Visible);
        await Expect(Form).ToHaveCountAsync(0);
    }

    /// <summary>Clicks 显示 on the row, gives the reason in the dialog (leaving the field, as Tab would) and confirms.</summary>
    public async Task RevealAsync(ILocator row, string reason)
    {
        await row.GetByTestId("reveal").ClickAsync();
        await RevealReason.FillAsync(reason);
        // The reason binds on change, not per key: 确定 is enabled once the field is left.
        await RevealReason.BlurAsync();
        await Expect(RevealConfirm).ToBeEnabledAsync();
        await RevealConfirm.ClickAsync();
        await Expect(RevealReason).ToHaveCountAsync(0);
    }

    /// <summary>Opens the import panel and uploads the workbook; returns once the summary shows.</summary>
    public async Task ImportAsync(string fileName, byte[] workbook)
    {
        await ToggleImportButton.ClickAsync();
        // MudFileUpload keeps its file input hidden behind the Chinese 选择文件并导入 button.
        await Expect(page.GetByTestId("choose-import-file")).ToBeVisibleAsync();
        await ImportFile.SetInputFilesAsync(new FilePayload
        {
            Name = fileName,
            MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = workbook,
        });
        await Expect(ImportSummary).ToBeVisibleAsync(Visible);
    }
}
