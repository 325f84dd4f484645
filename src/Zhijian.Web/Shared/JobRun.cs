using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Zhijian.Web.Data;

namespace Zhijian.Web.Shared;

/// <summary>
/// The last run of a scheduled job across every instance of the application: one row per job. An instance runs a
/// job only after claiming the row with a conditional update, so with several instances on one database each job
/// runs once per interval, and an operator can see when each job last ran and how it ended.
/// </summary>
public class JobRun
{
    public const int NameMaxLength = 100;

    public string Name { get; set; } = "";
    public DateTimeOffset LastStartedAt { get; set; }
    public DateTimeOffset? LastFinishedAt { get; set; }

    /// <summary>Which instance ran it last (machine name and process id).</summary>
    public string? Instance { get; set; }

    /// <summary>The last run's failure, short; null when it succeeded.</summary>
    public string? LastError { get; set; }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> e)
    {
        e.ToTable("JobRuns");
        e.HasKey(j => j.Name);
        e.Property(j => j.Name).HasMaxLength(JobRun.NameMaxLength);
        e.Property(j => j.Instance).HasMaxLength(200);
        e.Property(j => j.LastError).HasMaxLength(1000);
    }
}

/// <summary>Claims and records the runs of scheduled jobs in the shared database (<see cref="JobRun"/>).</summary>
public sealed class JobLeases(ZhijianDbContext db, TimeProvider clock)
{
    /// <summary>This process, as recorded in <see cref="JobRun.Instance"/>.</summary>
    public static readonly string ThisInstance = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>
    /// True when this instance may run <paramref name="job"/> now: no instance started it within the last 90% of
    /// <paramref name="interval"/> (the slack lets timers that drift apart still run the job every interval).
    /// The claim is one conditional UPDATE, atomic on both databases: of several instances asking at once, one wins.
    /// </summary>
    public async Task<bool> TryClaimAsync(string job, TimeSpan interval, CancellationToken ct = default)
    {
        await EnsureRowAsync(job, ct);
        var now = clock.GetUtcNow().ToUniversalTime();
        var threshold = now - (interval * 0.9);
        var claimed = await db.Set<JobRun>()
            .Where(j => j.Name == job && j.LastStartedAt <= threshold)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.LastStartedAt, now)
                .SetProperty(j => j.LastFinishedAt, (DateTimeOffset?)null)
                .SetProperty(j => j.Instance, ThisInstance), ct);
        return claimed == 1;
    }

    /// <summary>Records how the claimed run ended.</summary>
    public Task FinishAsync(string job, string? error, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUniversalTime();
        var message = error is { Length: > 1000 } ? error[..1000] : error;
        return db.Set<JobRun>().Where(j => j.Name == job && j.Instance == ThisInstance)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LastFinishedAt, now).SetProperty(j => j.LastError, message), ct);
    }

    private async Task EnsureRowAsync(string job, CancellationToken ct)
    {
        // One statement, no read first: several instances may create the row at once, and ON CONFLICT DO NOTHING
        // (both databases) keeps the first. SQLite stores instants as binary ticks (ZhijianDbContext.ConfigureConventions).
        object never = db.IsPostgres
            ? DateTimeOffset.UnixEpoch
            : new DateTimeOffsetToBinaryConverter().ConvertToProvider(DateTimeOffset.UnixEpoch)!;
        await db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "JobRuns" ("Name", "LastStartedAt") VALUES ({0}, {1}) ON CONFLICT DO NOTHING""",
            [job, never], ct);
    }
}
