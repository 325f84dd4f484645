using Microsoft.Playwright;

namespace Zhijian.E2E.Pages;

/// <summary>The 通知 tab of the organization console: compose, the notices sent with their read rate, one notice's detail.</summary>
public sealed class NoticesTabPage(IPage page)
{
    public const string Tab = "通知";

    public ILocator Compose => page.GetByTestId("compose-notice");

    public ILocator Title => page.Locator("#notice-title");

    public ILocator Body => page.Locator("#notice-body");

    public ILocator Send => page.GetByTestId("notice-send");

    public ILocator Rate => page.GetByTestId("notice-rate");

    public ILocator Print => page.GetByTestId("print-notice");

    /// <summary>The list's row of the notice titled <paramref name="title"/>.</summary>
    public ILocator Row(string title) => page.GetByTestId("notice-list").Locator("tbody tr").Filter(new() { HasText = title });
}

/// <summary>The member's inbox on <c>/me</c> (static rendering): notices, unread first; 阅读 posts the receipt.</summary>
public sealed class MyNoticesPage(IPage page)
{
    public ILocator Items => page.GetByTestId("my-notice");

    public ILocator Body => page.GetByTestId("notice-body");

    public ILocator Print => page.GetByTestId("print-my-notice");

    public ILocator Item(string title) => Items.Filter(new() { HasText = title });

    /// <summary>The 阅读 / 查看 button of a notice.</summary>
    public ILocator Open(string title) => Item(title).GetByTestId("open-notice");
}

/// <summary>The member's courses on <c>/me</c>: time studied and the study form (minutes).</summary>
public sealed class MyCoursesPage(IPage page)
{
    /// <summary>Courses whose study form is shown (not yet completed).</summary>
    public ILocator Open => page.GetByTestId("my-course").Filter(new() { Has = page.GetByTestId("study-submit") });

    public ILocator Message => page.GetByTestId("study-message");

    public ILocator Course(string id) => page.Locator($"[data-testid=my-course][data-course-id='{id}']");
}

/// <summary>The 资料库 tab: the archive search with its hits and highlighted snippets.</summary>
public sealed class LibrariesTabPage(IPage page)
{
    public const string Tab = "资料库";

    public ILocator Query => page.Locator("input[data-testid=archive-q], [data-testid=archive-q] input").First;

    public ILocator Search => page.GetByTestId("archive-search-submit");

    public ILocator Hits => page.GetByTestId("archive-hit");
}
