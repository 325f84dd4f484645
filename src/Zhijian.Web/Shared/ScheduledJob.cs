namespace Zhijian.Web.Shared;

/// <summary>
/// A background job that runs every <see cref="Interval"/> after a start delay, each run in its own DI scope, never
/// on a request's thread. A failed run is logged and the next one tries again; shutting down ends the loop.
/// </summary>
public abstract class ScheduledJob(IServiceScopeFactory scopes, ILogger log) : BackgroundService
{
    /// <summary>Time between runs; null turns the job off.</summary>
    protected abstract TimeSpan? Interval { get; }

    /// <summary>Time before the first run, so that start-up (migrations) finishes first.</summary>
    protected virtual TimeSpan StartDelay => TimeSpan.FromSeconds(30);

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
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await RunOnceAsync(scope.ServiceProvider, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "{Job} failed; the next run tries again", GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
