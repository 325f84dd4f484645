namespace Zhijian.Web.Shared;

/// <summary>Dates as users mean them: the calendar day in China (Asia/Shanghai), read from the application's clock.</summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Today's date in China by <paramref name="clock"/> (never the server's own time zone).</summary>
    public static DateOnly Today(this TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    /// <summary>The same, as the midnight <see cref="DateTime"/> that date pickers bind to.</summary>
    public static DateTime TodayForPicker(this TimeProvider clock) => clock.Today().ToDateTime(TimeOnly.MinValue);
}
