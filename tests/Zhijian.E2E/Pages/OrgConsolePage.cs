using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Pages;

/// <summary>
/// The organization console <c>/orgs</c> and <c>/orgs/{id}</c> (interactive server rendering): search and
/// tree on the left, the selected organization's tabs on the right.
/// </summary>
public sealed class OrgConsolePage(IPage page)
{
    public const string InfoTab = "基本信息";
    public const string ChildrenTab = "下级组织";
    public const string StatsTab = "统计";
    public const string AuditTab = "审计日志";

    /// <summary>The console's root; <c>data-interactive="true"</c> once the circuit handles clicks.</summary>
    public ILocator Interactive => page.Locator("[data-interactive=true]");

    public ILocator SearchBox => page.Locator("#org-search");

    public ILocator SearchResultList => page.GetByTestId("org-search-results");

    public ILocator SearchResults => SearchResultList.GetByRole(AriaRole.Option);

    public ILocator Tree => page.GetByTestId("org-tree");

    /// <summary>The selected organization's full name.</summary>
    public ILocator Title => page.GetByTestId("org-title");

    /// <summary>The line under the title: kind, short name, members, direct children.</summary>
    public ILocator Summary => Title.Locator("xpath=following-sibling::p[1]");

    public ILocator ReadOnlyChip => page.GetByTestId("read-only");

    public ILocator SaveButton => page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true });

    public ILocator ChildrenTable => page.GetByTestId("children-table");

    public ILocator ChildRows => ChildrenTable.Locator("tbody tr");

    public ILocator CreateButton => page.GetByTestId("create-org");

    public ILocator ActionPanel => page.GetByTestId("org-action-panel");

    public ILocator StatsMembers => page.GetByTestId("stats-members");

    public ILocator Snackbar => page.Locator(".mud-snackbar");

    /// <summary>The underline of the selected tab; MudTabs sizes it (from zero width) once it has measured the tabs.</summary>
    public ILocator TabSlider => page.Locator(".mud-tab-slider");

    public ILocator Tab(string name) => page.GetByRole(AriaRole.Tab, new() { Name = name, Exact = true });

    /// <summary>Opens the console (on one organization) and waits until the circuit is interactive.</summary>
    public async Task GotoAsync(long? id = null)
    {
        await page.GotoAsync(id is null ? "/orgs" : $"/orgs/{id}");
        await Expect(Interactive).ToBeVisibleAsync();
        if (id is not null)
        {
            await Expect(Title).ToBeVisibleAsync();
        }
    }

    /// <summary>Types into the search box; results appear after the 300 ms debounce.</summary>
    public Task SearchAsync(string text) => SearchBox.FillAsync(text);

    /// <summary>The search result whose secondary line holds <paramref name="fullName"/>.</summary>
    public ILocator SearchResult(string fullName) => SearchResults.Filter(new() { HasText = fullName });

    /// <summary>
    /// Clicks the tab until it is selected: a click that lands while the console re-renders its tab bar (the
    /// organization's data arriving just after the circuit became interactive) is lost, so it is repeated (at most 3 times).
    /// </summary>
    public async Task OpenTabAsync(string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            await Tab(name).ClickAsync();
            try
            {
                await Expect(Tab(name)).ToHaveAttributeAsync("aria-selected", "true", new() { Timeout = attempt < 3 ? 5000 : 15000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                // the click fell into a re-render: click again
            }
        }
    }

    /// <summary>
    /// Scrolls the tab bar until the tab named <paramref name="name"/> is wholly in view. A re-render of the bar (the
    /// console's data arriving) scrolls it back to the selected tab, so the scroll is repeated, at most 3 times.
    /// </summary>
    public async Task ScrollTabIntoViewAsync(string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            await Tab(name).ScrollIntoViewIfNeededAsync();
            try
            {
                await Expect(Tab(name)).ToBeInViewportAsync(new() { Ratio = 1, Timeout = attempt < 3 ? 3000 : 15000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                // the bar re-rendered and scrolled back: scroll again
            }
        }
    }

    public async Task OpenChildrenAsync()
    {
        await OpenTabAsync(ChildrenTab);
        await Expect(ChildrenTable).ToBeVisibleAsync();
    }

    /// <summary>The children table's row linking to the child with <paramref name="shortName"/>.</summary>
    public ILocator ChildRow(string shortName) =>
        ChildRows.Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = shortName, Exact = true }) });

    /// <summary>Fills the "新建下级组织" form of the 下级组织 tab and clicks 新建.</summary>
    public async Task CreateChildAsync(string kindName, string name, string shortName)
    {
        await page.Locator("#new-kind").ClickAsync();
        await page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option, new() { Name = kindName, Exact = true }).ClickAsync();
        // The select shows the kind's name beside a hidden input that carries the enum value.
        await Expect(page.Locator("#new-kind").Locator("xpath=..")).ToContainTextAsync(kindName);
        await page.Locator("#new-name").FillAsync(name);
        await page.Locator("#new-short-name").FillAsync(shortName);
        await CreateButton.ClickAsync();
    }
}
