using System.Diagnostics;
using System.Globalization;

namespace Zhijian.Web.Shared;

/// <summary>
/// A clock that starts at a fixed instant and runs at real speed (<c>Demo:ClockStart</c>): a demonstration, its
/// screenshots and the browser tests see the same "today" on every run, whatever the real date.
/// </summary>
public sealed class StartedClock(DateTimeOffset start) : TimeProvider
{
    private readonly long started = Stopwatch.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => start.ToUniversalTime() + Stopwatch.GetElapsedTime(started);

    /// <summary>The clock the configuration asks for: <c>Demo:ClockStart</c> when set, else the system clock.</summary>
    public static TimeProvider From(IConfiguration config) =>
        DateTimeOffset.TryParse(config["Demo:ClockStart"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var start)
            ? new StartedClock(start)
            : TimeProvider.System;
}
