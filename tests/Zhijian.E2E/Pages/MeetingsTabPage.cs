using Microsoft.Playwright;

namespace Zhijian.E2E.Pages;

/// <summary>The 三会一课 and 落实情况 tabs of the organization console.</summary>
public sealed class MeetingsTabPage(IPage page)
{
    public const string MeetingsTab = "三会一课";
    public const string ComplianceTab = "落实情况";

    public ILocator MeetingRows => page.GetByTestId("meeting-list").Locator("tbody tr");

    public ILocator Detail => page.GetByTestId("meeting-detail");

    public ILocator AttendanceRows => page.GetByTestId("attendance").Locator("tbody tr");

    public ILocator Minutes => page.Locator("#meeting-minutes");

    public ILocator Submit => page.GetByTestId("record-submit");

    public ILocator Chain => page.GetByTestId("chain");

    public ILocator Versions => page.GetByTestId("versions");

    public ILocator ComplianceRows => page.GetByTestId("compliance-row");

    public ILocator CalendarView => page.GetByTestId("view-calendar");

    public ILocator CalendarTitle => page.GetByTestId("calendar-title");

    /// <summary>A day's cell in the month calendar.</summary>
    public ILocator Day(DateOnly day) => page.GetByTestId($"day-{day:yyyy-MM-dd}");

    public ILocator MeetingRow(string text) => MeetingRows.Filter(new() { HasText = text });

    public ILocator ComplianceRow(string branch) => ComplianceRows.Filter(new() { HasText = branch });

    /// <summary>The 出席 checkbox of an attendee's row.</summary>
    public ILocator Present(int row) => AttendanceRows.Nth(row).Locator("input[type=checkbox]");

    public ILocator AbsenceReason(int row) => AttendanceRows.Nth(row).Locator("input[type=text]");
}
