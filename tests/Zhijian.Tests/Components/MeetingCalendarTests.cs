using AwesomeAssertions;
using Bunit;
using Zhijian.Web.Features.Meetings;
using Zhijian.Web.Features.Meetings.Pages;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Tests.Components;

public sealed class MeetingCalendarTests : ComponentTest
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static MeetingDto Meeting(long id, string typeName, DateOnly planned, DateOnly? held = null, bool late = false,
        bool flagged = false) =>
        new(id, OrgSystem.League, 1, "第一团支部", 1, "x", typeName, held is null ? MeetingState.Planned : MeetingState.Recorded,
            planned, null, null, "主题", held, null, late, flagged, held is null ? 0 : 1, DateTimeOffset.UnixEpoch, "admin");

    [Theory]
    [InlineData("2026-11-15", "2026-10-26", "2026-12-06")] // November 2026 starts on a Sunday and ends on a Monday
    [InlineData("2026-02-01", "2026-01-26", "2026-03-01")] // February 2026: 1st a Sunday, 28th a Saturday
    [InlineData("2027-03-31", "2027-03-01", "2027-04-04")] // March 2027 starts on a Monday
    public void Weeks_RunFromTheMondayBeforeToTheSundayAfter(string month, string start, string end)
    {
        MeetingCalendar.GridStart(DateOnly.Parse(month)).Should().Be(DateOnly.Parse(start));
        MeetingCalendar.GridEnd(DateOnly.Parse(month)).Should().Be(DateOnly.Parse(end));
        DateOnly.Parse(start).DayOfWeek.Should().Be(DayOfWeek.Monday);
    }

    [Fact]
    public void EachMeeting_SitsOnItsDay_WithItsStateAndMarks()
    {
        var cut = Render<MeetingCalendar>(p => p.Add(c => c.Month, Today).Add(c => c.Today, Today).Add(c => c.Meetings,
        [
            Meeting(1, "支委会", new DateOnly(2026, 11, 5), held: new DateOnly(2026, 11, 6), late: true),
            Meeting(2, "主题团日", new DateOnly(2026, 11, 10)),
            Meeting(3, "团课", new DateOnly(2026, 11, 30)),
        ]));

        cut.Find("[data-testid=calendar-title]").TextContent.Should().Be("2026年11月");
        cut.FindAll("[role=gridcell]").Should().HaveCount(42, "six weeks from Monday 26 October to Sunday 6 December");
        cut.Find("[data-testid=day-2026-11-05]").QuerySelectorAll("button").Should().BeEmpty("a record sits on the day it was held");
        var held = cut.Find("[data-testid=day-2026-11-06] button");
        held.TextContent.Should().Contain("支委会").And.Contain("补录");
        held.ClassList.Should().Contain("zj-calendar-recorded");
        cut.Find("[data-testid=day-2026-11-10] button").ClassList.Should().Contain("zj-calendar-overdue", "its day has passed unrecorded");
        cut.Find("[data-testid=day-2026-11-30] button").ClassList.Should().Contain("zj-calendar-planned");
        cut.Find("[data-testid=day-2026-11-23]").ClassList.Should().Contain("zj-calendar-today");
        cut.Find("[data-testid=day-2026-10-26]").ClassList.Should().Contain("zj-calendar-other");
    }

    [Fact]
    public void Clicking_OpensTheMeeting_AndTheArrowsMoveByAMonth()
    {
        long? opened = null;
        DateOnly? moved = null;
        var cut = Render<MeetingCalendar>(p => p.Add(c => c.Month, Today).Add(c => c.Today, Today)
            .Add(c => c.Meetings, [Meeting(7, "团课", new DateOnly(2026, 11, 30))])
            .Add(c => c.OnOpen, id => opened = id)
            .Add(c => c.MonthChanged, first => moved = first));

        cut.Find("[data-testid=calendar-item]").Click();
        opened.Should().Be(7);
        cut.Find("[data-testid=calendar-prev]").Click();
        moved.Should().Be(new DateOnly(2026, 10, 1));
        cut.Find("[data-testid=calendar-next]").Click();
        moved.Should().Be(new DateOnly(2026, 12, 1));
        cut.FindAll("[data-testid=calendar-today]").Should().BeEmpty("this month is already shown");
    }
}
