using AwesomeAssertions;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Unit;

public class ChinaTimeTests
{
    [Fact]
    public void StartOfDay_IsMidnightInBeijing() =>
        ChinaTime.StartOfDay(new DateOnly(2026, 11, 23)).Should().Be(new DateTimeOffset(2026, 11, 22, 16, 0, 0, TimeSpan.Zero));

    [Fact]
    public void InChina_ShowsTheBeijingClock() =>
        new DateTimeOffset(2026, 11, 23, 17, 30, 0, TimeSpan.Zero).InChina().ToString("yyyy-MM-dd HH:mm")
            .Should().Be("2026-11-24 01:30");

    [Theory]
    [InlineData("2026-11-23", "2026-11-23")] // a Monday
    [InlineData("2026-11-29", "2026-11-23")] // the Sunday after it
    [InlineData("2027-01-01", "2026-12-28")] // across a year
    public void WeekStart_IsTheMonday(string day, string monday) =>
        ChinaTime.WeekStart(DateOnly.Parse(day)).Should().Be(DateOnly.Parse(monday));

    [Fact]
    public void DateOf_AndStartOfDay_AgreeAtTheBoundary()
    {
        var start = ChinaTime.StartOfDay(new DateOnly(2026, 2, 28));
        ChinaTime.DateOf(start).Should().Be(new DateOnly(2026, 2, 28));
        ChinaTime.DateOf(start.AddTicks(-1)).Should().Be(new DateOnly(2026, 2, 27));
    }
}
