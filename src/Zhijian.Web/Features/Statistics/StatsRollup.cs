using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Statistics;

/// <summary>Configuration section <c>Statistics</c>.</summary>
public sealed class StatisticsOptions
{
    public const string Section = "Statistics";

    /// <summary>Subtrees with at least this many members are served from a rollup (national scale); smaller ones are counted live.</summary>
    [Range(1, long.MaxValue)]
    public long RollupThreshold { get; set; } = 200_000;

    /// <summary>How often the background job refreshes the rollups; zero turns the job off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RollupInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// A subtree's cross-tabs as of one time (a read model): kept for the organizations with large subtrees,
/// refreshed by <see cref="StatsRollupJob"/>, read by <see cref="StatisticsService"/> instead of grouping millions of rows.
/// </summary>
public sealed class StatsRollup
{
    public long OrgId { get; set; }
    public DateTimeOffset AsOf { get; set; }

    /// <summary>The cross-tabs as JSON (<see cref="CrossTabs"/>): read whole, never queried into.</summary>
    public string Data { get; set; } = "";
}

/// <summary>The grouped figures of a subtree (everything the counters cannot give).</summary>
public sealed record CrossTabs(
    IReadOnlyDictionary<string, long> ByGender, IReadOnlyDictionary<string, long> ByAgeBand,
    IReadOnlyDictionary<string, long> ByEthnicity, IReadOnlyDictionary<string, long> ByEducation,
    IReadOnlyDictionary<string, long> CadresByAgeBand, IReadOnlyList<MonthPoint>? Trend = null)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static CrossTabs FromJson(string json) => JsonSerializer.Deserialize<CrossTabs>(json)!;
}

internal sealed class StatsRollupConfiguration : IEntityTypeConfiguration<StatsRollup>
{
    public void Configure(EntityTypeBuilder<StatsRollup> b)
    {
        b.ToTable("StatsRollups");
        b.HasKey(r => r.OrgId);
        b.Property(r => r.OrgId).ValueGeneratedNever();
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>What a refresh did.</summary>
public sealed record RollupRefresh(int Refreshed, int Removed, DateTimeOffset StartedAt, TimeSpan Took);

/// <summary>Refreshes rollups: one subtree at a time, each its own short statement set, so requests are never blocked.</summary>
public sealed class StatsRollups(ZhijianDbContext db, StatisticsService statistics, IOptions<StatisticsOptions> options,
    TimeProvider clock)
{
    /// <summary>Recomputes the rollup of every active organization whose subtree reaches the threshold; drops the rest.</summary>
    public async Task<RollupRefresh> RefreshAllAsync(CancellationToken ct = default)
    {
        var started = clock.GetUtcNow();
        var threshold = options.Value.RollupThreshold;
        var big = await (from c in db.OrgCounters.AsNoTracking()
                         join o in db.Organizations.AsNoTracking() on c.OrgId equals o.Id
                         where o.Status == OrgStatus.Active && c.Probationary + c.Full + c.LeagueMembers >= threshold
                         orderby o.Path
                         select o.Id).ToListAsync(ct);
        foreach (var orgId in big)
        {
            await RefreshAsync(orgId, ct);
        }

        var removed = await db.Set<StatsRollup>().Where(r => !big.Contains(r.OrgId)).ExecuteDeleteAsync(ct);
        return new RollupRefresh(big.Count, removed, started, clock.GetUtcNow() - started);
    }

    /// <summary>Recomputes one organization's rollup (whatever its size).</summary>
    public async Task<StatsRollup> RefreshAsync(long orgId, CancellationToken ct = default)
    {
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == orgId, ct);
        var asOf = clock.GetUtcNow();
        var tabs = await statistics.CrossTabsAsync(org, asOf, ct);
        var row = await db.Set<StatsRollup>().FirstOrDefaultAsync(r => r.OrgId == orgId, ct);
        if (row is null)
        {
            row = new StatsRollup { OrgId = orgId };
            db.Add(row);
        }

        row.AsOf = asOf;
        row.Data = tabs.ToJson();
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return row;
    }
}

/// <summary>Refreshes the statistics rollups every <see cref="StatisticsOptions.RollupInterval"/> in its own scope.</summary>
public sealed class StatsRollupJob(IServiceScopeFactory scopes, IOptions<StatisticsOptions> options, ILogger<StatsRollupJob> log)
    : ScheduledJob(scopes, log)
{
    protected override TimeSpan? Interval => options.Value.RollupInterval > TimeSpan.Zero ? options.Value.RollupInterval : null;

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var done = await services.GetRequiredService<StatsRollups>().RefreshAllAsync(ct);
        log.LogInformation("Statistics rollups: {Refreshed} refreshed, {Removed} removed in {Seconds:0.0} s",
            done.Refreshed, done.Removed, done.Took.TotalSeconds);
    }
}
