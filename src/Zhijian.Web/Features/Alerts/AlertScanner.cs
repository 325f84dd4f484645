using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhijian.Web.Data;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Alerts;

/// <summary>
/// One scan: unions every <see cref="IAlertSource"/>, opens alerts for new conditions (or reopens resolved ones whose
/// condition is back), resolves open ones whose condition is gone, leaves dismissed ones dismissed, and records the run.
/// Idempotent: a second scan at the same moment changes nothing. Writes go in batches, each its own short transaction.
/// </summary>
public sealed class AlertScanner(ZhijianDbContext db, IEnumerable<IAlertSource> sources, TimeProvider clock,
    ILogger<AlertScanner> log)
{
    private const int Batch = 1000;
    private const int InsertBatch = 10_000;
    private const string System = "system";

    // One scan at a time in this process; a second caller waits for the first to finish.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Runs a scan as of <paramref name="asOf"/> (default: now).</summary>
    public async Task<AlertScanRun> RunAsync(DateTimeOffset? asOf = null, string trigger = "manual", CancellationToken ct = default)
    {
        await Gate.WaitAsync(ct);
        try
        {
            return await ScanAsync(asOf ?? clock.GetUtcNow(), trigger, ct);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The last recorded run, if any.</summary>
    public Task<AlertScanRun?> LastRunAsync(CancellationToken ct = default) =>
        db.Set<AlertScanRun>().AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);

    private async Task<AlertScanRun> ScanAsync(DateTimeOffset now, string trigger, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var started = clock.GetUtcNow();
        var conditions = await ConditionsAsync(now, ct);
        var existing = new Dictionary<string, (long Id, AlertState State)>(StringComparer.Ordinal);
        await foreach (var a in db.Set<Alert>().AsNoTracking().Select(a => new { a.Id, a.SubjectKey, a.State })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            existing[a.SubjectKey] = (a.Id, a.State);
        }

        var fresh = conditions.Values.Where(c => !existing.ContainsKey(c.SubjectKey)).ToList();
        // Open alerts whose condition is still there stay as they are: the run itself records that it saw them
        // (AlertScanRun.AsOf is their lastSeenAt), instead of rewriting every open alert on every scan.
        var reopen = existing.Where(e => e.Value.State == AlertState.Resolved && conditions.ContainsKey(e.Key))
            .Select(e => e.Value.Id).ToList();

        var gone = existing.Where(e => e.Value.State == AlertState.Open && !conditions.ContainsKey(e.Key))
            .Select(e => e.Value.Id).ToList();
        var opened = await InsertAsync(fresh, now, ct);
        await ReopenAsync(reopen, now, ct);
        await ResolveGoneAsync(gone, now, ct);

        var run = new AlertScanRun
        {
            StartedAt = started,
            AsOf = now,
            FinishedAt = clock.GetUtcNow(),
            DurationMs = watch.ElapsedMilliseconds,
            Conditions = conditions.Count,
            Opened = opened + reopen.Count,
            Resolved = gone.Count,
            Trigger = trigger,
        };
        db.Add(run);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        log.LogInformation("Alert scan ({Trigger}): {Conditions} conditions, {Opened} opened, {Resolved} resolved in {Ms} ms",
            trigger, run.Conditions, run.Opened, run.Resolved, run.DurationMs);
        return run;
    }

    /// <summary>Every source's conditions, one per subject key (a later source's wins).</summary>
    private async Task<Dictionary<string, AlertCondition>> ConditionsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var conditions = new Dictionary<string, AlertCondition>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var c in await source.ScanAsync(now, ct))
            {
                conditions[c.SubjectKey] = c;
            }
        }

        return conditions;
    }

    /// <summary>Resolved alerts whose condition came back open again, as raised now.</summary>
    private async Task ReopenAsync(List<long> reopen, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var chunk in reopen.Chunk(Batch))
        {
            await db.Set<Alert>().Where(a => chunk.Contains(a.Id) && a.State == AlertState.Resolved)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AlertState.Open).SetProperty(a => a.RaisedAt, now)
                    .SetProperty(a => a.LastSeenAt, now).SetProperty(a => a.ClosedAt, (DateTimeOffset?)null)
                    .SetProperty(a => a.ClosedBy, (string?)null).SetProperty(a => a.Reason, (string?)null), ct);
        }
    }

    /// <summary>Open alerts whose condition is gone are resolved by the system.</summary>
    private async Task ResolveGoneAsync(List<long> gone, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var chunk in gone.Chunk(Batch))
        {
            await db.Set<Alert>().Where(a => chunk.Contains(a.Id) && a.State == AlertState.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AlertState.Resolved)
                    .SetProperty(a => a.ClosedAt, now).SetProperty(a => a.ClosedBy, System)
                    .SetProperty(a => a.Reason, "情况已消除，自动解除"), ct);
        }
    }

    /// <summary>
    /// New alerts in chunks, each its own transaction, by <see cref="BulkInsert"/> (binary COPY on PostgreSQL): the first
    /// scan of a national tree opens millions, and one INSERT per alert through the change tracker made that take hours.
    /// </summary>
    private async Task<int> InsertAsync(List<AlertCondition> fresh, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var chunk in fresh.Chunk(InsertBatch))
        {
            var ids = chunk.Select(c => c.OrgId).Distinct().ToList();
            var paths = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id))
                .Select(o => new { o.Id, o.Path }).ToDictionaryAsync(o => o.Id, o => o.Path, ct);
            var alerts = chunk.Where(c => paths.ContainsKey(c.OrgId)).Select(c => new Alert
            {
                Type = c.Type,
                OrgId = c.OrgId,
                OrgPath = paths[c.OrgId],
                SubjectKey = Cut(c.SubjectKey, Alert.SubjectKeyMaxLength),
                Subject = Cut(c.Subject, Alert.SubjectMaxLength),
                DueOn = c.DueOn,
                Message = Cut(c.Message, Alert.MessageMaxLength),
                RaisedAt = now,
                LastSeenAt = now,
            }).ToList();
            await db.InTransactionAsync(async () =>
            {
                await db.InsertAsync(alerts, ct);
                return alerts.Count;
            }, ct);
        }

        return fresh.Count;
    }

    private static string Cut(string s, int max) => s.Length > max ? s[..max] : s;
}

/// <summary>Options of the background alert job (section <c>Alerts</c>).</summary>
public sealed class AlertJobOptions
{
    public const string Section = "Alerts";

    /// <summary>Run the scan in the background (tests and the CLI run it on demand instead).</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, 7 * 24 * 60)]
    public int IntervalMinutes { get; set; } = 60;

    [Range(0, 24 * 60 * 60)]
    public int StartDelaySeconds { get; set; } = 30;
}

/// <summary>The alert centre's background job: a scan every interval, each in its own scope, never on a request's thread.</summary>
public sealed class AlertJob(IServiceScopeFactory scopes, IOptions<AlertJobOptions> options, ILogger<AlertJob> log)
    : ScheduledJob(scopes, log)
{
    protected override TimeSpan? Interval =>
        options.Value.Enabled ? TimeSpan.FromMinutes(Math.Max(1, options.Value.IntervalMinutes)) : null;

    protected override TimeSpan StartDelay => TimeSpan.FromSeconds(Math.Max(0, options.Value.StartDelaySeconds));

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<AlertScanner>().RunAsync(null, "schedule", ct);
}
