using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Transfers;

/// <summary>One organization's responses in a period: steps it decided, how many in time, average hours, open ones past due now.</summary>
public sealed record TransferOrgStats(long OrgId, string Name, int Handled, int OnTime, double OnTimeRate, double AverageHours,
    int Overdue);

/// <summary>Answer of <c>GET /api/v1/orgs/{id}/transfer-stats</c>.</summary>
public sealed record TransferStatsDto(long OrgId, DateOnly From, DateOnly To, int Handled, int OnTime, double OnTimeRate,
    double AverageHours, int Overdue, IReadOnlyList<TransferOrgStats> ByOrg, DateTimeOffset AsOf);

/// <summary>A stored week of a subtree (sum of its organizations' stored figures).</summary>
public sealed record TransferWeekDto(DateOnly WeekStart, int Handled, int OnTime, double OnTimeRate, double AverageHours,
    int Overdue, DateTimeOffset ComputedAt);

/// <summary>What one run of the weekly report did.</summary>
public sealed record TransferReportRun(IReadOnlyList<DateOnly> Stored, IReadOnlyList<DateOnly> AlreadyStored);

/// <summary>
/// Response-time statistics of transfers (seed 001: answered within 72 hours, reported weekly) and the weekly
/// report: each finished week (Monday to Sunday, Asia/Shanghai) is computed once and stored, so later
/// changes never alter a past week's figures.
/// </summary>
public sealed class TransferStatistics(ZhijianDbContext db, CallerScope scope, TimeProvider clock)
{
    /// <summary>How far back the first run of the job reaches.</summary>
    public const int BackfillWeeks = 12;

    public async Task<TransferStatsDto> ForAsync(long orgId, DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        var org = await ReadableOrgAsync(orgId, ct);
        var now = clock.GetUtcNow();
        var last = to ?? ChinaTime.DateOf(now);
        var first = from ?? last.AddDays(-29);
        if (first > last)
        {
            throw DomainException.Validation("from", "起始日期不能晚于截止日期");
        }

        var ids = SubtreeIds(org.Path);
        var figures = await StepFiguresAsync(ids, TransferClock.StartOfShanghaiDay(first), TransferClock.StartOfShanghaiDay(last.AddDays(1)), ct);
        var overdue = await db.Set<Transfer>().AsNoTracking()
            .Where(t => Transfer.OpenStates.Contains(t.State) && t.DueAt < now && t.AwaitingOrgId != null && ids.Contains(t.AwaitingOrgId.Value))
            .GroupBy(t => t.AwaitingOrgId!.Value).Select(g => new { OrgId = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.OrgId, x => x.Count, ct);
        var orgIds = figures.Keys.Concat(overdue.Keys).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id))
            .Select(o => new { o.Id, o.Name, o.Path }).ToDictionaryAsync(o => o.Id, ct);
        var byOrg = orgIds.OrderBy(id => names.TryGetValue(id, out var n) ? n.Path : "", StringComparer.Ordinal).Select(id =>
        {
            var f = figures.GetValueOrDefault(id);
            return new TransferOrgStats(id, names.TryGetValue(id, out var n) ? n.Name : "", f.Handled, f.OnTime, Rate(f.OnTime, f.Handled),
                Average(f.Hours, f.Handled), overdue.GetValueOrDefault(id));
        }).ToList();
        var handled = byOrg.Sum(o => o.Handled);
        var onTime = byOrg.Sum(o => o.OnTime);
        return new TransferStatsDto(orgId, first, last, handled, onTime, Rate(onTime, handled),
            Average(figures.Values.Sum(f => f.Hours), handled), byOrg.Sum(o => o.Overdue), byOrg, now);
    }

    /// <summary>The stored weeks of a subtree in a period (by default the last 12 weeks).</summary>
    public async Task<IReadOnlyList<TransferWeekDto>> WeeksAsync(long orgId, DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        var org = await ReadableOrgAsync(orgId, ct);
        var last = TransferClock.WeekStart(to ?? ChinaTime.DateOf(clock.GetUtcNow()));
        var first = TransferClock.WeekStart(from ?? last.AddDays(-7 * (BackfillWeeks - 1)));
        var ids = SubtreeIds(org.Path);
        var weeks = await db.Set<TransferReportWeek>().AsNoTracking().Where(w => w.WeekStart >= first && w.WeekStart <= last)
            .OrderByDescending(w => w.WeekStart).ToListAsync(ct);
        var sums = await db.Set<TransferWeeklyFigure>().AsNoTracking()
            .Where(f => f.WeekStart >= first && f.WeekStart <= last && ids.Contains(f.OrgId))
            .GroupBy(f => f.WeekStart)
            .Select(g => new { Week = g.Key, Handled = g.Sum(f => f.Handled), OnTime = g.Sum(f => f.OnTime), Hours = g.Sum(f => f.TotalHours), Overdue = g.Sum(f => f.Overdue) })
            .ToDictionaryAsync(x => x.Week, ct);
        return weeks.Select(w =>
        {
            var s = sums.GetValueOrDefault(w.WeekStart);
            var handled = s?.Handled ?? 0;
            var onTime = s?.OnTime ?? 0;
            return new TransferWeekDto(w.WeekStart, handled, onTime, Rate(onTime, handled), Average(s?.Hours ?? 0, handled),
                s?.Overdue ?? 0, w.ComputedAt);
        }).ToList();
    }

    /// <summary>
    /// Stores every finished week not stored yet (or only <paramref name="week"/>), back to the week of the first
    /// decision and at most <see cref="BackfillWeeks"/> weeks. A stored week is never recomputed: running twice stores nothing new.
    /// </summary>
    public async Task<TransferReportRun> RunAsync(DateOnly? week = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var current = TransferClock.WeekStart(ChinaTime.DateOf(now));
        List<DateOnly> candidates;
        if (week is { } w)
        {
            var start = TransferClock.WeekStart(w);
            if (start >= current)
            {
                throw DomainException.Validation("week", "只能统计已经结束的周");
            }

            candidates = [start];
        }
        else
        {
            var firstStep = await db.Set<TransferStep>().AsNoTracking().OrderBy(s => s.DecidedAt).Select(s => (DateTimeOffset?)s.DecidedAt).FirstOrDefaultAsync(ct);
            var earliest = current.AddDays(-7 * BackfillWeeks);
            if (firstStep is { } f && TransferClock.WeekStart(ChinaTime.DateOf(f)) > earliest)
            {
                earliest = TransferClock.WeekStart(ChinaTime.DateOf(f));
            }

            // Nothing decided yet: no week to report (and none frozen empty before the first transfer).
            candidates = [];
            if (firstStep is null)
            {
                earliest = current;
            }

            for (var d = earliest; d < current; d = d.AddDays(7))
            {
                candidates.Add(d);
            }
        }

        var done = (await db.Set<TransferReportWeek>().AsNoTracking().Where(x => candidates.Contains(x.WeekStart))
            .Select(x => x.WeekStart).ToListAsync(ct)).ToHashSet();
        var stored = new List<DateOnly>();
        foreach (var d in candidates.Where(c => !done.Contains(c)))
        {
            if (await StoreWeekAsync(d, now, ct))
            {
                stored.Add(d);
            }
        }

        return new TransferReportRun(stored, candidates.Where(done.Contains).ToList());
    }

    /// <summary>The statistics of a period and the stored weeks as a workbook.</summary>
    public async Task<byte[]> WorkbookAsync(long orgId, DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        var stats = await ForAsync(orgId, from, to, ct);
        var weeks = await WeeksAsync(orgId, null, null, ct);
        var sheets = new Dictionary<string, object>
        {
            ["按组织"] = stats.ByOrg.Select(o => new Dictionary<string, object?>
            {
                ["组织"] = o.Name,
                ["办理步骤"] = o.Handled,
                ["按时办理"] = o.OnTime,
                ["按时率"] = o.OnTimeRate,
                ["平均用时（小时）"] = o.AverageHours,
                ["当前超时未办"] = o.Overdue,
            }).Prepend(new Dictionary<string, object?>
            {
                ["组织"] = $"合计（{stats.From:yyyy-MM-dd} 至 {stats.To:yyyy-MM-dd}）",
                ["办理步骤"] = stats.Handled,
                ["按时办理"] = stats.OnTime,
                ["按时率"] = stats.OnTimeRate,
                ["平均用时（小时）"] = stats.AverageHours,
                ["当前超时未办"] = stats.Overdue,
            }).ToList(),
            ["周报"] = weeks.Select(w => new Dictionary<string, object?>
            {
                ["周（周一）"] = w.WeekStart.ToString("yyyy-MM-dd"),
                ["办理步骤"] = w.Handled,
                ["按时办理"] = w.OnTime,
                ["按时率"] = w.OnTimeRate,
                ["平均用时（小时）"] = w.AverageHours,
                ["周末超时未办"] = w.Overdue,
            }).ToList(),
        };
        if (weeks.Count == 0)
        {
            sheets["周报"] = new List<Dictionary<string, object?>> { new() { ["周（周一）"] = "尚无已存档的周报" } };
        }

        if (stats.ByOrg.Count == 0)
        {
            sheets["按组织"] = new List<Dictionary<string, object?>> { new() { ["组织"] = "期间内没有转接办理记录" } };
        }

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, excelType: ExcelType.XLSX, cancellationToken: ct);
        return stream.ToArray();
    }

    private async Task<bool> StoreWeekAsync(DateOnly weekStart, DateTimeOffset now, CancellationToken ct)
    {
        var start = TransferClock.StartOfShanghaiDay(weekStart);
        var end = start.AddDays(7);
        var all = db.Organizations.Select(o => o.Id);
        var figures = await StepFiguresAsync(all, start, end, ct);

        // Past due at the week's end: still open now, or decided only after the week ended.
        var openLate = await db.Set<Transfer>().AsNoTracking()
            .Where(t => Transfer.OpenStates.Contains(t.State) && t.DueAt < end && t.AwaitingOrgId != null && t.StepStartedAt < end)
            .GroupBy(t => t.AwaitingOrgId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var decidedLate = await db.Set<TransferStep>().AsNoTracking()
            .Where(s => s.HoursTaken != null && s.DueAt < end && s.DecidedAt >= end)
            .GroupBy(s => s.OrgId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var overdue = openLate.Concat(decidedLate).GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        var orgIds = figures.Keys.Concat(overdue.Keys).Distinct().ToList();
        try
        {
            await db.InTransactionAsync(async () =>
            {
                db.Add(new TransferReportWeek { WeekStart = weekStart, ComputedAt = now, Organizations = orgIds.Count });
                foreach (var id in orgIds)
                {
                    var f = figures.GetValueOrDefault(id);
                    db.Add(new TransferWeeklyFigure
                    {
                        WeekStart = weekStart,
                        OrgId = id,
                        Handled = f.Handled,
                        OnTime = f.OnTime,
                        TotalHours = f.Hours,
                        Overdue = overdue.GetValueOrDefault(id),
                    });
                }

                await db.SaveChangesAsync(ct);
            }, ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance stored the week first: idempotent, nothing to do.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private async Task<Dictionary<long, (int Handled, int OnTime, double Hours)>> StepFiguresAsync(IQueryable<long> orgIds,
        DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var rows = await db.Set<TransferStep>().AsNoTracking()
            .Where(s => s.HoursTaken != null && s.DecidedAt >= start && s.DecidedAt < end && orgIds.Contains(s.OrgId))
            .GroupBy(s => s.OrgId)
            .Select(g => new { OrgId = g.Key, Handled = g.Count(), OnTime = g.Count(s => s.OnTime == true), Hours = g.Sum(s => s.HoursTaken!.Value) })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.OrgId, r => (r.Handled, r.OnTime, r.Hours));
    }

    private async Task<Organization> ReadableOrgAsync(long orgId, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct) ?? throw DomainException.NotFound("组织");
        await scope.EnsureReadable(org.Path, "组织", ct);
        return org;
    }

    private IQueryable<long> SubtreeIds(string path) =>
        db.Organizations.Where(TreePath.In<Organization>(o => o.Path, path)).Select(o => o.Id);

    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private static double Average(double hours, int count) => count == 0 ? 0 : Math.Round(hours / count, 2);
}

/// <summary>The weekly report job: every hour, stores any finished week not stored yet (idempotent; several instances may run it).</summary>
public sealed class TransferWeeklyReportJob(IServiceScopeFactory scopes, Microsoft.Extensions.Configuration.IConfiguration config, ILogger<TransferWeeklyReportJob> log)
    : ScheduledJob(scopes, log)
{
    protected override TimeSpan? Interval => config.GetValue("Transfers:ReportJob", true) ? TimeSpan.FromHours(1) : null;

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var run = await services.GetRequiredService<TransferStatistics>().RunAsync(null, ct);
        if (run.Stored.Count > 0)
        {
            log.LogInformation("Transfer weekly report stored {Weeks}", string.Join(", ", run.Stored));
        }
    }
}
