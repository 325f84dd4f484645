using Microsoft.Playwright;

namespace Zhijian.E2E.Pages;

/// <summary>The 评议 tab of the organization console: the grading grid with its live counters.</summary>
public sealed class EvaluationsTabPage(IPage page)
{
    public const string Tab = "评议";

    public ILocator Open => page.GetByTestId("open-evaluation");

    public ILocator Rows => page.GetByTestId("grade-row");

    public ILocator ExcellentCounter => page.GetByTestId("excellent-counter");

    public ILocator AttendanceCounter => page.GetByTestId("attendance-counter");

    public ILocator Save => page.GetByTestId("save-results");

    public ILocator Close => page.GetByTestId("close-evaluation");

    public ILocator State => page.GetByTestId("evaluation-state");

    /// <summary>The grade select of the row at <paramref name="index"/>.</summary>
    public ILocator Grade(int index) => Rows.Nth(index).Locator("select").First;

    public ILocator Attended(int index) => Rows.Nth(index).Locator("input[type=checkbox]");
}
