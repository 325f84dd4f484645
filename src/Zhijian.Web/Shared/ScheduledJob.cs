namespace Zhijian.Web.Shared;

/// <summary>
/// A background job that runs every <see cref="Interval"/> after a start delay, each run in its own DI scope, never
/// on a request's thread. A failed run is logged and the next one tries again; shutting down ends the loop.
/// With several instances on one database, each tick first claims the job's <see cref="JobRun"/> row, so the job
/// runs once per interval across all of them (<see cref="JobLeases"/>).
/// </summary>
public abstract class ScheduledJob(IServiceScopeFactory scopes, ILogger log) : BackgroundService
{
    /// <summary>Time between runs; null turns the job off.</summary>
    protected abstract TimeSpan? Interval { get; }

    /// <summary>Time before the first run, so that start-up (migrations) finishes first.</summary>
    protected virtual TimeSpan StartDelay => TimeSpan.FromSeconds(30);

    /// <summary>How many ticks this instance has had (whether it ran the job or another instance did).</summary>
    public long Ticks => Interlocked.Read(ref ticks);

    private long ticks;

    /// <summary>One run, in a fresh scope.</summary>
    protected abstract Task RunOnceAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval is not { } interval)
        {
            return;
        }

        try
        {
            await Task.Delay(StartDelay, stoppingToken);
            using var timer = new PeriodicTimer(interval);
            do
            {
                await TickAsync(interval, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One tick: claim the run across instances, run it, record how it ended.</summary>
    private async Task TickAsync(TimeSpan interval, CancellationToken ct)
    {
        var name = GetType().Name;
        Interlocked.Increment(ref ticks);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var leases = scope.ServiceProvider.GetRequiredService<JobLeases>();
            if (!await leases.TryClaimAsync(name, interval, ct))
            {
                log.LogDebug("{Job} ran on another instance within this interval; skipped", name);
                return;
            }

            string? error = null;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            using (var activity = Telemetry.Source.StartActivity($"job {name}"))
            {
                try
                {
                    await RunOnceAsync(scope.ServiceProvider, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    error = e.GetType().Name + ": " + e.Message;
                    activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error);
                    log.LogError(e, "{Job} failed; the next run tries again", name);
                }
            }

            Telemetry.JobDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("job", name),
                new KeyValuePair<string, object?>("outcome", error is null ? "ok" : "failed"));

            await leases.FinishAsync(name, error, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "{Job} could not be claimed or recorded; the next tick tries again", name);
        }
    }
}
