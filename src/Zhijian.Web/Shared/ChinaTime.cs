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

    /// <summary>Today's date in China by <paramref name="clock"/>.</summary>
    public static DateOnly Today(this TimeProvider clock) => DateOf(clock.GetUtcNow());

    /// <summary>The same, as the midnight <see cref="DateTime"/> that date pickers bind to.</summary>
    public static DateTime TodayForPicker(this TimeProvider clock) => clock.Today().ToDateTime(TimeOnly.MinValue);
}
