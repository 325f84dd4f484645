using System.Diagnostics;
using System.Globalization;

namespace Zhijian.Bench;

/// <summary>Latency figures of one measured operation, in milliseconds.</summary>
public sealed record Stats(string Label, int Count, double P50, double P95, double Min, double Max, double Mean)
{
    /// <summary>The machine's 1-minute load average when the measurement ended (other work on the 2 cores shows here).</summary>
    public double Load { get; init; } = Timing.LoadAverage();

    /// <summary>Nearest-rank percentiles of the samples.</summary>
    public static Stats Of(string label, IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException("no samples", nameof(samples));
        }

        var sorted = samples.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Stats(label, sorted.Length, Rank(0.50), Rank(0.95), sorted[0], sorted[^1], sorted.Average());
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Label}: n={Count} p50={Ms(P50)} p95={Ms(P95)} min={Ms(Min)} max={Ms(Max)} load={Load:0.0}");

    /// <summary>Milliseconds with a precision that suits their size.</summary>
    public static string Ms(double ms) => ms switch
    {
        < 10 => ms.ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        < 1000 => ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms",
        _ => (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s",
    };
}

/// <summary>Stopwatch measurement: warm-up calls, then repetitions until a count or a time cap is reached.</summary>
public static class Timing
{
    /// <summary>
    /// Runs <paramref name="op"/> <paramref name="warmup"/> times unmeasured, then up to
    /// <paramref name="reps"/> times measured; stops early once <paramref name="cap"/> has passed and at
    /// least <paramref name="minReps"/> samples exist. The argument of <paramref name="op"/> is the call's index.
    /// </summary>
    public static async Task<Stats> MeasureAsync(string label, Func<int, Task> op, int warmup, int reps,
        int minReps = 5, TimeSpan? cap = null)
    {
        for (var i = 0; i < warmup; i++)
        {
            await op(i);
        }

        var samples = new List<double>(reps);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < reps; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await op(warmup + i);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (cap is { } c && samples.Count >= minReps && total.Elapsed > c)
            {
                break;
            }
        }

        var stats = Stats.Of(label, samples);
        Log.Line(stats.ToString());
        return stats;
    }

    /// <summary>The 1-minute load average from /proc/loadavg (NaN where there is none).</summary>
    public static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    /// <summary>Times one call.</summary>
    public static async Task<TimeSpan> OnceAsync(Func<Task> op)
    {
        var start = Stopwatch.GetTimestamp();
        await op();
        return Stopwatch.GetElapsedTime(start);
    }
}

/// <summary>Progress lines with the time since start, on stdout.</summary>
public static class Log
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static void Line(string message) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{Clock.Elapsed:hh\\:mm\\:ss}] {message}"));
}
