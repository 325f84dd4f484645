using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Statistics;

/// <summary>Member figures of a subtree.</summary>
public sealed record MemberStats(long Total, IReadOnlyDictionary<string, long> ByStage,
    IReadOnlyDictionary<string, long> ByGender, IReadOnlyDictionary<string, long> ByAgeBand,
    IReadOnlyDictionary<string, long> ByEthnicity, IReadOnlyDictionary<string, long> ByEducation,
    IReadOnlyList<MonthPoint>? Trend = null);

/// <summary>One month of the trend: members on the books at the month's end, joined (入团/入党) and ended in the month.</summary>
public sealed record MonthPoint(string Month, long Total, long Joined, long Ended);

/// <summary>Organization figures of a subtree.</summary>
public sealed record OrganizationStats(long Total, IReadOnlyDictionary<string, long> ByKind);

/// <summary>Cadre figures of a subtree.</summary>
public sealed record CadreStats(long Total, IReadOnlyDictionary<string, long> ByAgeBand);

/// <summary>Answer of <c>GET /api/v1/orgs/{id}/stats</c>.</summary>
/// <remarks>
/// Headline figures (totals, stages, organizations by kind, cadre total) are live from the counters. The cross-tabs
/// are live too, unless <see cref="Rollup"/> is set: then they come from the subtree's rollup and
/// <see cref="AsOf"/> is the rollup's time.
/// </remarks>
public sealed record OrgStats(long OrgId, MemberStats Members, OrganizationStats Organizations, CadreStats Cadres,
    DateTimeOffset AsOf, bool Rollup = false);

/// <summary>
/// Statistics of any subtree: headline figures from the counters (one indexed read), cross-tabs by
/// gender, age band, ethnicity and education as grouped queries over the subtree's path range, or from the
/// subtree's rollup when it has one (large subtrees, see <see cref="StatsRollups"/>).
/// A read model: it reads the tables of Members, Cadres and Organizations but never writes them.
/// </summary>
public sealed class StatisticsService(ZhijianDbContext db, OrganizationService orgs, OrgCounters counters,
    TimeProvider clock, IEnumerable<IStatisticsSection> sections)
{
    /// <summary>Age bands of the statistics tables (DOMAIN.md, issue "member information library").</summary>
    public static readonly string[] AgeBands =
        ["≤25", "26-30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", ">60"];

    /// <summary>
    /// Age bands of League subtrees (issue 19): League members are 14 to 28, so bands up to >60 said nothing. ≤18 school age,
    /// 19–22 college age, 23–25, 26–28 (the last years before 离团), and >28 (those who should leave or hold League posts).
    /// </summary>
    public static readonly string[] LeagueAgeBands = ["≤18", "19-22", "23-25", "26-28", ">28"];

    /// <summary>How many months the trend covers, the current one included.</summary>
    public const int TrendMonths = 12;

    public async Task<OrgStats> ForAsync(long orgId, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var c = await counters.GetOrZeroAsync(org.Id, ct);
        var rollup = await db.Set<StatsRollup>().AsNoTracking().FirstOrDefaultAsync(r => r.OrgId == org.Id, ct);
        var asOf = rollup?.AsOf ?? clock.GetUtcNow();
        var tabs = rollup is null ? await CrossTabsAsync(org, asOf, ct) : CrossTabs.FromJson(rollup.Data);
        var byStage = org.System == OrgSystem.Party
            ? new Dictionary<string, long> { ["probationary"] = c.Probationary, ["full"] = c.Full }
            : new Dictionary<string, long> { ["member"] = c.LeagueMembers };
        var byKind = new Dictionary<string, long>
        {
            ["committee"] = c.Committees,
            ["workingCommittee"] = c.WorkingCommittees,
            ["generalBranch"] = c.GeneralBranches,
            ["branch"] = c.Branches,
            ["group"] = c.Groups,
        };
        return new OrgStats(org.Id,
            new MemberStats(c.Members, byStage, tabs.ByGender, tabs.ByAgeBand, tabs.ByEthnicity, tabs.ByEducation, tabs.Trend),
            new OrganizationStats(c.Organizations, byKind),
            new CadreStats(c.Cadres, tabs.CadresByAgeBand),
            asOf, rollup is not null);
    }

    /// <summary>The grouped figures of a subtree, counted now over its path range (ages on the day of <paramref name="asOf"/>).</summary>
    public async Task<CrossTabs> CrossTabsAsync(Organization org, DateTimeOffset asOf, CancellationToken ct = default)
    {
        var today = ChinaTime.DateOf(asOf);
        var members = db.Memberships.AsNoTracking()
            .Where(TreePath.In<Membership>(m => m.OrgPath, org.Path))
            .Where(m => m.State != MemberState.Ended);

        var byGender = await members.GroupBy(m => m.Person!.Gender)
            .Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key ?? "", g => g.Count, ct);
        var byEthnicity = await members.GroupBy(m => m.Person!.Ethnicity)
            .Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key ?? "", g => g.Count, ct);
        var byEducation = await members.GroupBy(m => m.Person!.Education)
            .Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key ?? "", g => g.Count, ct);
        var births = await members.GroupBy(m => m.Person!.BirthDate)
            .Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        var cadreBirths = await (from p in db.Positions.AsNoTracking()
                                     .Where(TreePath.In<Cadres.Position>(p => p.OrgPath, org.Path))
                                 where p.EndedOn == null
                                 join person in db.Persons on p.PersonId equals person.Id
                                 group p by person.BirthDate into g
                                 select new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        var league = org.System == OrgSystem.League;
        return new CrossTabs(byGender, Bands(births.Select(b => (b.Key, b.Count)), today, league), byEthnicity, byEducation,
            Bands(cadreBirths.Select(b => (b.Key, b.Count)), today, league: false), await TrendAsync(org, today, ct));
    }

    /// <summary>
    /// The last <see cref="TrendMonths"/> months: joined and ended per month from the dates, and the month-end totals counted
    /// back from today's (total at a month's end = today's − joined since + ended since). Two grouped reads over the subtree.
    /// </summary>
    private async Task<IReadOnlyList<MonthPoint>> TrendAsync(Organization org, DateOnly today, CancellationToken ct)
    {
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(1 - TrendMonths);
        var subtree = db.Memberships.AsNoTracking().Where(TreePath.In<Membership>(m => m.OrgPath, org.Path));
        var total = await subtree.Where(m => m.State != MemberState.Ended).LongCountAsync(ct);
        var joined = await subtree.Where(m => m.JoinedOn >= first && m.JoinedOn <= today)
            .GroupBy(m => m.JoinedOn).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        var ended = await subtree.Where(m => m.State == MemberState.Ended && m.EndedOn >= first && m.EndedOn <= today)
            .GroupBy(m => m.EndedOn).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        static string Month(DateOnly d) => d.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var joinedBy = joined.GroupBy(j => Month(j.Key!.Value)).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        var endedBy = ended.GroupBy(e => Month(e.Key!.Value)).ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        var points = new List<MonthPoint>();
        var atEnd = total;
        for (var m = new DateOnly(today.Year, today.Month, 1); m >= first; m = m.AddMonths(-1))
        {
            var key = Month(m);
            var j = joinedBy.GetValueOrDefault(key);
            var e = endedBy.GetValueOrDefault(key);
            points.Add(new MonthPoint(key, atEnd, j, e));
            atEnd = atEnd - j + e;
        }

        points.Reverse();
        return points;
    }

    /// <summary>The modules' sections (<see cref="IStatisticsSection"/>) for a subtree the caller may read, in their order;
    /// a section with nothing to say there is left out.</summary>
    public async Task<IReadOnlyList<StatisticsSection>> SectionsAsync(long orgId, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var result = new List<StatisticsSection>();
        foreach (var section in sections.OrderBy(s => s.Order))
        {
            if (await section.ForAsync(org.Id, ct) is { } found)
            {
                result.Add(found);
            }
        }

        return result;
    }

    /// <summary>Headline figures of a subtree from its counters: one indexed read, whatever the size.</summary>
    public async Task<OrgCounter> HeadlineAsync(long orgId, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        return await counters.GetOrZeroAsync(org.Id, ct);
    }

    /// <summary>The age band of an age in whole years.</summary>
    public static string AgeBand(int age) => age switch
    {
        <= 25 => AgeBands[0],
        > 60 => AgeBands[^1],
        _ => AgeBands[(age - 26) / 5 + 1],
    };

    /// <summary>The League age band of an age in whole years (<see cref="LeagueAgeBands"/>).</summary>
    public static string LeagueAgeBand(int age) => age switch
    {
        <= 18 => LeagueAgeBands[0],
        <= 22 => LeagueAgeBands[1],
        <= 25 => LeagueAgeBands[2],
        <= 28 => LeagueAgeBands[3],
        _ => LeagueAgeBands[4],
    };

    private static Dictionary<string, long> Bands(IEnumerable<(DateOnly? Birth, long Count)> births, DateOnly today, bool league)
    {
        var bands = (league ? LeagueAgeBands : AgeBands).ToDictionary(b => b, _ => 0L);
        foreach (var (birth, count) in births)
        {
            var band = birth is { } b ? (league ? LeagueAgeBand(Age.On(b, today)) : AgeBand(Age.On(b, today))) : "unknown";
            bands[band] = bands.GetValueOrDefault(band) + count;
        }

        return bands;
    }
}

/// <summary>Route of <c>GET /api/v1/orgs/{id}/stats</c>.</summary>
public static class StatisticsEndpoints
{
    public static IEndpointRouteBuilder MapStatisticsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/orgs/{id:long}/stats", (long id, StatisticsService stats, CancellationToken ct) =>
                stats.ForAsync(id, ct))
            .RequireAuthorization().WithTags("Organizations")
            .WithSummary("组织（含全部下级）统计；大组织的分类统计来自汇总表（rollup=true，asOf 为汇总时间），总数始终实时");

        app.MapPost("/api/v1/orgs/{id:long}/stats/rollup", async (long id, OrganizationService orgs,
            StatsRollups rollups, CancellationToken ct) =>
        {
            var org = await orgs.FindReadableAsync(id, ct);
            var row = await rollups.RefreshAsync(org.Id, ct);
            return Results.Ok(new RollupStamp(row.OrgId, row.AsOf));
        }).Produces<RollupStamp>().RequireAuthorization(Authorization.Policies.SystemAdmin).WithTags("Organizations").WithSummary("立即重算该组织的统计汇总（系统管理员）");

        app.MapPost("/api/v1/stats/rollups/refresh", async (StatsRollups rollups, CancellationToken ct) =>
            Results.Ok(await rollups.RefreshAllAsync(ct))).Produces<RollupRefresh>().RequireAuthorization(Authorization.Policies.SystemAdmin).WithTags("Organizations").WithSummary("立即重算全部大组织的统计汇总（系统管理员；平时由后台任务定时执行）");
        return app;
    }
}

/// <summary>Answer of <c>POST /api/v1/orgs/{id}/stats/rollup</c>: the organization and the time of its new rollup.</summary>
public sealed record RollupStamp(long OrgId, DateTimeOffset AsOf);
