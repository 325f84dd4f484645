using System.Globalization;

namespace Zhijian.Web.Shared;

/// <summary>
/// The one range of dates the system accepts from anybody (API, console, import): 1900-01-01 to 2100-12-31, the same
/// on SQLite and PostgreSQL. A date outside it is a typo (0001-01-01, 9999-12-31), and date arithmetic on it
/// (a week's Monday, a period's end, China's midnight) would leave the range of <see cref="DateTime"/>.
/// </summary>
public static class PlausibleDates
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);
    public static readonly DateOnly Latest = new(2100, 12, 31);

    /// <summary>The first instant of <see cref="Earliest"/> and the last of <see cref="Latest"/>, on any clock in the world.</summary>
    public static readonly DateTimeOffset EarliestInstant = new(1899, 12, 31, 10, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset LatestInstant = new DateTimeOffset(2101, 1, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(-1);

    public static bool Contains(DateOnly day) => day >= Earliest && day <= Latest;

    public static bool Contains(DateTimeOffset at) => at >= EarliestInstant && at <= LatestInstant;

    /// <summary>The refusal, without the field's name (the caller puts it in front or in the error's key).</summary>
    public static string OutOfRange { get; } = string.Create(CultureInfo.InvariantCulture,
        $"日期须在 {Earliest:yyyy-MM-dd} 至 {Latest:yyyy-MM-dd} 之间");

    /// <summary>A 400 <c>validation_failed</c> naming <paramref name="field"/> when <paramref name="day"/> lies outside the range.</summary>
    public static void Check(DateOnly? day, string field)
    {
        if (day is { } d && !Contains(d))
        {
            throw DomainException.Validation(field, $"{field}：{OutOfRange}");
        }
    }

    /// <inheritdoc cref="Check(DateOnly?, string)"/>
    public static void Check(DateTimeOffset? at, string field)
    {
        if (at is { } a && !Contains(a))
        {
            throw DomainException.Validation(field, $"{field}：{OutOfRange}");
        }
    }
}
