namespace Zhijian.Web.Shared;

/// <summary>
/// Dates as users mean them: the calendar day in China (Asia/Shanghai). The one place that turns an instant into a
/// Chinese date; services read "today" from the application's clock through it, never the server's time zone.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>The calendar date in China at <paramref name="at"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    /// <summary>The instant on China's clock, for display (<c>at.InChina().ToString("yyyy-MM-dd HH:mm")</c>).</summary>
    public static DateTimeOffset InChina(this DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>The first instant of <paramref name="day"/> in China, in UTC.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>The Monday of the week (Monday to Sunday, as Chinese calendars run) that contains <paramref name="day"/>.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>Today's date in China by <paramref name="clock"/>.</summary>
    public static DateOnly Today(this TimeProvider clock) => DateOf(clock.GetUtcNow());

    /// <summary>The same, as the midnight <see cref="DateTime"/> that date pickers bind to.</summary>
    public static DateTime TodayForPicker(this TimeProvider clock) => clock.Today().ToDateTime(TimeOnly.MinValue);
}
