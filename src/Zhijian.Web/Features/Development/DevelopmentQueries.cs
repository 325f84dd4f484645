using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Development;

/// <summary>Reads of development, filtered in SQL by the caller's scope; statistics from the tallies.</summary>
public sealed class DevelopmentQueries(ZhijianDbContext db, CallerScope scope, OrganizationService orgs, DevelopmentTallies tallies,
    RuleBook rules, IActor actor, TimeProvider clock)
{
    private const string What = "发展记录";

    public CallerScope Scope => scope;

    public async Task<DevelopmentRecordDto> GetAsync(long id, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Set<DevelopmentRecord>().AsNoTracking().Where(r => r.Id == id), r => r.OrgPath, ct);
        var record = await query.Include(r => r.Steps).Include(r => r.Contacts).AsSplitQuery().FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound(What);
        return (await ToDtosAsync([record], ct))[0];
    }

    /// <summary>Records of an organization (or its subtree), newest application first; <paramref name="due"/> keeps those
    /// whose next step is due within the rule's days or overdue.</summary>
    public async Task<PagedList<DevelopmentRecordDto>> ListAsync(long? orgId, bool subtree, OrgSystem? system,
        DevelopmentStage? stage, bool due, PageRequest page, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Set<DevelopmentRecord>().AsNoTracking(), r => r.OrgPath, ct);
        if (orgId is { } id)
        {
            var org = await orgs.FindReadableAsync(id, ct);
            query = subtree ? query.Where(TreePath.In<DevelopmentRecord>(r => r.OrgPath, org.Path)) : query.Where(r => r.OrgId == org.Id);
        }

        if (system is { } s)
        {
            query = query.Where(r => r.System == s);
        }

        if (stage is { } st)
        {
            query = query.Where(r => r.Stage == st);
        }

        if (due)
        {
            query = await DueAsync(query, ct);
        }

        var total = await query.LongCountAsync(ct);
        var items = await query.OrderByDescending(r => r.AppliedOn).ThenByDescending(r => r.Id).Skip(page.Skip).Take(page.PageSize)
            .Include(r => r.Steps).Include(r => r.Contacts).AsSplitQuery().ToListAsync(ct);
        return new PagedList<DevelopmentRecordDto>(await ToDtosAsync(items, ct), page.Page, page.PageSize, total, true);
    }

    /// <summary>Records whose next step falls due by today plus the rule's days (rules in force today), in SQL.</summary>
    private async Task<IQueryable<DevelopmentRecord>> DueAsync(IQueryable<DevelopmentRecord> query, CancellationToken ct)
    {
        var set = await rules.CurrentAsync(ct);
        var today = clock.Today();
        var (p, l) = (OrgSystem.Party, OrgSystem.League);
        var horizonP = today.AddDays(set.Int(p, "development.dueSoonDays", today));
        var horizonL = today.AddDays(set.Int(l, "development.dueSoonDays", today));
        var talkP = horizonP.AddMonths(-set.Int(p, "development.talkMonths", today));
        var talkL = horizonL.AddMonths(-set.Int(l, "development.talkMonths", today));
        var activistP = horizonP.AddMonths(-set.Int(p, "development.activistMonths", today));
        var activistL = horizonL.AddMonths(-set.Int(l, "development.activistMonths", today));
        var probation = horizonP.AddMonths(-set.Int(p, "member.probationMonths", today));
        var approval = horizonP.AddMonths(-set.Int(p, "development.approvalAlertMonths", today));
        return query.Where(r =>
            (r.Stage == DevelopmentStage.Candidate && r.AdmittedOn != null && r.AdmittedOn <= approval) ||
            (r.Stage == DevelopmentStage.Applicant && r.TalkOn == null && r.System == p && r.AppliedOn <= talkP)
            || (r.Stage == DevelopmentStage.Applicant && r.TalkOn == null && r.System == l && r.AppliedOn <= talkL)
            || (r.Stage == DevelopmentStage.Activist && r.System == p && r.ActivistOn <= activistP)
            || (r.Stage == DevelopmentStage.Activist && r.System == l && r.ActivistOn <= activistL)
            || (r.Stage == DevelopmentStage.Probationary && r.AdmittedOn <= probation));
    }

    /// <summary>The subtree's development figures from the tallies: open records by stage, and the year's admitted,
    /// recommended, closed (and admitted through 推优).</summary>
    public async Task<DevelopmentStatsDto> StatsAsync(long orgId, int? year, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var y = year ?? clock.Today().Year;
        if (y is < 1921 or > 9999)
        {
            throw DomainException.Validation("year", "年份无效");
        }

        var sums = await tallies.SumAsync(org.Path, y, ct);
        var byStage = DevelopmentRules.OpenStages(org.System)
            .ToDictionary(DevelopmentTallies.JsonName, s => sums.GetValueOrDefault((0, DevelopmentTallies.StageKey(s))));
        long Of(string key) => sums.GetValueOrDefault((y, key));
        return new DevelopmentStatsDto(org.Id, y, byStage, Of(DevelopmentTallies.Admitted), Of(DevelopmentTallies.Recommended),
            Of(DevelopmentTallies.Closed), Of(DevelopmentTallies.AdmittedRecommended), Of(DevelopmentTallies.Full));
    }

    /// <summary>The same figures counted live from the records (the benchmark's baseline and the tests' cross-check).</summary>
    public async Task<Dictionary<string, long>> LiveByStageAsync(long orgId, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var open = DevelopmentRules.OpenStages(org.System);
        var rows = await db.Set<DevelopmentRecord>().AsNoTracking().Where(TreePath.In<DevelopmentRecord>(r => r.OrgPath, org.Path))
            .Where(r => open.Contains(r.Stage)).GroupBy(r => r.Stage).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        return open.ToDictionary(DevelopmentTallies.JsonName, s => rows.FirstOrDefault(r => r.Key == s)?.Count ?? 0);
    }

    /// <summary>The signed-in person's own records (the /me section, <c>/development/mine</c>), newest first.</summary>
    public async Task<IReadOnlyList<DevelopmentRecordDto>> MineAsync(CancellationToken ct = default)
    {
        var personId = actor.UserId is { } userId
            ? await db.Users.Where(u => u.Id == userId).Select(u => u.PersonId).FirstOrDefaultAsync(ct)
            : null;
        if (personId is null)
        {
            return [];
        }

        var items = await db.Set<DevelopmentRecord>().AsNoTracking().Where(r => r.PersonId == personId)
            .OrderByDescending(r => r.AppliedOn).Take(10).Include(r => r.Steps).Include(r => r.Contacts).AsSplitQuery().ToListAsync(ct);
        return await ToDtosAsync(items, ct);
    }

    private async Task<List<DevelopmentRecordDto>> ToDtosAsync(IReadOnlyList<DevelopmentRecord> records, CancellationToken ct)
    {
        var set = await rules.CurrentAsync(ct);
        var today = clock.Today();
        var orgIds = records.Select(r => r.OrgId).Distinct().ToArray();
        var names = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.ShortName, ct);
        return records.Select(r => ToDto(r, names.GetValueOrDefault(r.OrgId) ?? "", set, today)).ToList();
    }

    public static DevelopmentRecordDto ToDto(DevelopmentRecord r, string orgName, RuleSet set, DateOnly today)
    {
        var (next, dueOn) = DevelopmentRules.IsOpen(r.System, r.Stage)
            ? DevelopmentRules.NextStep(r.Facts, r.TalkOn is not null, set)
            : ("", null);
        var since = r.LastStepOn;
        return new DevelopmentRecordDto(r.Id, r.System, r.PersonId, r.Name, r.OrgId, orgName, r.Stage, r.AppliedOn, r.ActivistOn,
            r.CandidateOn, r.AdmittedOn, r.FullOn, r.Contacts.Select(c => new ContactDto(c.PersonId, c.Name)).ToList(), r.CourseHours,
            r.MembershipId, r.RecommendationId, r.DevelopmentNumber, next == "" ? null : next, dueOn,
            r.Steps.OrderBy(s => s.On).ThenBy(s => s.Id).Select(s => new StepDto(s.Stage, s.On, s.Note, s.By)).ToList(),
            r.TalkOn, r.ApprovedOn, r.ClosedOn, r.CloseReason, Math.Max(0, today.DayNumber - since.DayNumber),
            DevelopmentRules.AwaitingApproval(r.Facts));
    }
}
