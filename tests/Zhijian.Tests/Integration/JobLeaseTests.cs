using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class JobLeaseTestsOnSqlite(SqliteApp app) : JobLeaseTests(app), IClassFixture<SqliteApp>;

public sealed class JobLeaseTestsOnPostgres(PostgresApp app) : JobLeaseTests(app), IClassFixture<PostgresApp>;

/// <summary>Scheduled jobs run once per interval across all instances on one database.</summary>
public abstract class JobLeaseTests(AppFixture app)
{
    [Fact]
    public async Task Claims_FromTwoInstancesAtOnce_OneWinsPerInterval()
    {
        await using var second = app.SecondInstance();
        var job = $"claim-{Guid.NewGuid():N}";
        var interval = TimeSpan.FromMinutes(10);
        app.Clock.Now = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        try
        {
            async Task<int> ClaimsAsync()
            {
                var attempts = Enumerable.Range(0, 16).Select(async i =>
                {
                    await using var scope = (i % 2 == 0 ? app.Factory : second).Services.CreateAsyncScope();
                    return await scope.ServiceProvider.GetRequiredService<JobLeases>().TryClaimAsync(job, interval);
                });
                return (await Task.WhenAll(attempts)).Count(won => won);
            }

            (await ClaimsAsync()).Should().Be(1, "one instance runs the job in the first interval");
            app.Clock.Now += interval / 2;
            (await ClaimsAsync()).Should().Be(0, "half an interval later it has already run");
            app.Clock.Now += interval / 2;
            (await ClaimsAsync()).Should().Be(1, "one instance runs it again in the next interval");
        }
        finally
        {
            app.Clock.Now = null;
        }
    }

    [Fact]
    public async Task ScheduledJob_OnTwoInstances_RunsOncePerInterval_AndRecordsTheRun()
    {
        await using var second = app.SecondInstance();
        var runs = new RunCounter();
        app.Clock.Now = new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
        var first = new CountingJob(app.Factory.Services.GetRequiredService<IServiceScopeFactory>(), runs);
        var other = new CountingJob(second.Services.GetRequiredService<IServiceScopeFactory>(), runs);
        using var stop = new CancellationTokenSource();
        var durations = new System.Collections.Concurrent.ConcurrentBag<double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Telemetry.Name && instrument.Name == "zhijian.job.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "job", Value: nameof(CountingJob) })
                {
                    durations.Add(value);
                }
            }
        });
        listener.Start();
        try
        {
            await first.StartAsync(stop.Token);
            await other.StartAsync(stop.Token);

            // The test clock stands still, so once a run is claimed no other tick of either instance may run it.
            await Poll.UntilAsync(() => first.Ticks >= 5 && other.Ticks >= 5, "both instances tick");
            runs.Value.Should().Be(1);
            durations.Should().ContainSingle("the run's duration is a metric for OpenTelemetry");

            await using (var scope = app.Scope())
            {
                var row = await scope.ServiceProvider.GetRequiredService<ZhijianDbContext>().Set<JobRun>()
                    .AsNoTracking().SingleAsync(j => j.Name == nameof(CountingJob));
                row.LastStartedAt.Should().Be(app.Clock.Now!.Value);
                row.LastFinishedAt.Should().NotBeNull();
                row.LastError.Should().BeNull();
                row.Instance.Should().Be(JobLeases.ThisInstance);
            }

            app.Clock.Now += CountingJob.Every;
            var ticks = (first.Ticks, other.Ticks);
            await Poll.UntilAsync(() => first.Ticks >= ticks.Item1 + 5 && other.Ticks >= ticks.Item2 + 5, "both tick again");
            runs.Value.Should().Be(2);
        }
        finally
        {
            await stop.CancelAsync();
            await first.StopAsync(CancellationToken.None);
            await other.StopAsync(CancellationToken.None);
            app.Clock.Now = null;
        }
    }

    private sealed class RunCounter
    {
        private int value;

        public int Value => Volatile.Read(ref value);

        public void Add() => Interlocked.Increment(ref value);
    }

    /// <summary>A job that ticks every 20 ms of real time and counts the runs it was allowed to make.</summary>
    private sealed class CountingJob(IServiceScopeFactory scopes, RunCounter runs)
        : ScheduledJob(scopes, NullLogger.Instance)
    {
        // The lease compares the application's (test) clock with this interval; the timer uses real time.
        public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(20);

        protected override TimeSpan? Interval => Every;

        protected override TimeSpan StartDelay => TimeSpan.Zero;

        protected override Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
        {
            runs.Add();
            return Task.CompletedTask;
        }
    }
}
