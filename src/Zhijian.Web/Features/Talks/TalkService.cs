using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Talks;

/// <summary>
/// Talk records (谈心谈话): who talked with whom, when, of what kind, and a summary, per organization; follow-up talks with
/// violators are the same records of kind <c>followUp</c>. The yearly rule counts 谈心谈话 per member.
/// </summary>
public sealed class TalkService(
    ZhijianDbContext db,
    CallerScope scope,
    OrganizationService orgs,
    AuditLog audit,
    RuleBook rules,
    IActor actor,
    TimeProvider clock)
{
    internal const string What = "谈话记录";
    public const string RuleKey = "talk.perMember.yearly";

    public static string KindName(TalkKind k) => k == TalkKind.Heart ? "谈心谈话" : "跟踪谈话（违章违纪人员）";

    /// <summary>Records a talk of a writable organization with persons who are members within its subtree.</summary>
    public async Task<TalkDto> RecordAsync(RecordTalkRequest r, CancellationToken ct = default)
    {
        var kind = Validate(r);
        return await db.InTransactionAsync(async () =>
        {
            var org = await orgs.FindWritableAsync(r.OrgId!.Value, ct);
            var ids = r.PersonIds!.Distinct().ToList();
            var persons = await db.Memberships.AsNoTracking()
                .Where(TreePath.In<Membership>(m => m.OrgPath, org.Path))
                .Where(m => ids.Contains(m.PersonId) && m.State != MemberState.Ended)
                .Select(m => new { m.PersonId, m.SortName }).ToListAsync(ct);
            var stray = ids.Where(i => persons.All(p => p.PersonId != i)).ToList();
            if (stray.Count > 0)
            {
                throw DomainException.Validation("personIds", $"谈话对象须为「{org.ShortName}」及下级在册的党（团）员：{string.Join(", ", stray)} 不是");
            }

            var talk = Talk.Record(org, r.On!.Value, kind, r.Summary!.Trim(), actor.UserName, clock.GetUtcNow());
            db.Add(talk);
            await db.SaveChangesAsync(ct);
            var named = persons.DistinctBy(p => p.PersonId).ToList();
            db.AddRange(named.Select(p => TalkParticipant.Of(talk, p.PersonId, p.SortName)));
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.TalkRecorded, org.Id, nameof(Talk), talk.Id,
                $"「{org.ShortName}」记录{KindName(kind)}：{talk.On:yyyy-MM-dd}，对象 {string.Join("、", named.Select(p => p.SortName))}", ct);
            return (await ProjectAsync(db.Set<Talk>().Where(t => t.Id == talk.Id), ct)).Single();
        }, ct);
    }

    private static TalkKind Validate(RecordTalkRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.OrgId is null)
        {
            errors["orgId"] = ["请选择组织"];
        }

        if (r.PersonIds is not { Count: > 0 } || r.PersonIds.Count > 100)
        {
            errors["personIds"] = ["请选择谈话对象（1 至 100 人）"];
        }

        if (r.On is null || !PlausibleDates.Contains(r.On.Value))
        {
            errors["on"] = [$"请填写谈话日期（{PlausibleDates.OutOfRange}）"];
        }

        if (string.IsNullOrWhiteSpace(r.Summary) || r.Summary.Trim().Length > Talk.SummaryMaxLength)
        {
            errors["summary"] = [$"请填写谈话内容摘要（不超过 {Talk.SummaryMaxLength} 字）"];
        }

        var kind = TalkKind.Heart;
        if (!string.IsNullOrEmpty(r.Kind) && (!Enum.TryParse(r.Kind, ignoreCase: true, out kind) || !Enum.IsDefined(kind)))
        {
            errors["kind"] = ["谈话类型须为 heart（谈心谈话）或 followUp（跟踪谈话）"];
        }

        return errors.Count > 0 ? throw DomainException.Validation(errors) : kind;
    }

    /// <summary>Talks of an organization (or its subtree) in the caller's scope, newest first.</summary>
    public async Task<PagedList<TalkDto>> ListAsync(long? orgId, bool subtree, DateOnly? from, DateOnly? to, PageRequest page,
        CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Set<Talk>().AsNoTracking(), t => t.OrgPath, ct);
        if (orgId is { } id)
        {
            var org = await orgs.FindReadableAsync(id, ct);
            query = subtree ? query.Where(TreePath.In<Talk>(t => t.OrgPath, org.Path)) : query.Where(t => t.OrgId == org.Id);
        }

        if (from is { } f)
        {
            query = query.Where(t => t.On >= f);
        }

        if (to is { } e)
        {
            query = query.Where(t => t.On <= e);
        }

        var total = await query.LongCountAsync(ct);
        var items = await ProjectAsync(query.OrderByDescending(t => t.On).ThenByDescending(t => t.Id).Skip(page.Skip).Take(page.PageSize), ct);
        return new PagedList<TalkDto>(items, page.Page, page.PageSize, total, true);
    }

    /// <summary>
    /// The yearly 谈心谈话 rule over a subtree: per organization with members, how many members had at least the rule's
    /// number of heart-to-heart talks in the year (one grouped query).
    /// </summary>
    public async Task<TalkComplianceReport> ComplianceAsync(long orgId, int? year, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var y = year ?? clock.Today().Year;
        if (y is < 2000 or > 2100)
        {
            throw DomainException.Validation("year", "年份无效");
        }

        var required = (await rules.CurrentAsync(ct)).Int(org.System, RuleKey, new DateOnly(y, 12, 31));
        var participants = db.Set<TalkParticipant>().Where(p => p.Year == y && p.Kind == TalkKind.Heart);
        var rows = await (from m in db.Memberships.AsNoTracking().Where(TreePath.In<Membership>(m => m.OrgPath, org.Path))
                          where m.State != MemberState.Ended
                          select new { m.OrgId, Ok = participants.Count(p => p.PersonId == m.PersonId) >= required } into x
                          group x by x.OrgId into g
                          select new { OrgId = g.Key, Members = g.LongCount(), Talked = g.LongCount(x => x.Ok) }).ToListAsync(ct);
        var ids = rows.Select(r => r.OrgId).ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => (o.ShortName, o.Path), ct);
        var items = rows.OrderBy(r => names[r.OrgId].Path, StringComparer.Ordinal)
            .Select(r => new BranchTalkCompliance(r.OrgId, names[r.OrgId].ShortName, r.Members, r.Talked, r.Talked >= r.Members))
            .ToList();
        var members = items.Sum(i => i.Members);
        var talked = items.Sum(i => i.TalkedWith);
        return new TalkComplianceReport(org.Id, y, required, members, talked, members == 0 ? 1 : Math.Round((double)talked / members, 4),
            items.Count, items.Count(i => i.Compliant), items.Take(500).ToList());
    }

    /// <summary>Whom the console offers to talk with: the subtree's members (the first 300 by organization and name).</summary>
    public async Task<IReadOnlyList<TalkPersonDto>> CandidatesAsync(long orgId, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        return await db.Memberships.AsNoTracking().Where(TreePath.In<Membership>(m => m.OrgPath, org.Path))
            .Where(m => m.State != MemberState.Ended).OrderBy(m => m.OrgPath).ThenBy(m => m.SortName).Take(300)
            .Select(m => new TalkPersonDto(m.PersonId, m.SortName)).ToListAsync(ct);
    }

    private async Task<List<TalkDto>> ProjectAsync(IQueryable<Talk> query, CancellationToken ct)
    {
        var talks = await (from t in query
                           join o in db.Organizations on t.OrgId equals o.Id
                           select new { Talk = t, o.ShortName }).ToListAsync(ct);
        var ids = talks.Select(t => t.Talk.Id).ToList();
        var persons = (await db.Set<TalkParticipant>().AsNoTracking().Where(p => ids.Contains(p.TalkId)).OrderBy(p => p.Id)
            .ToListAsync(ct)).ToLookup(p => p.TalkId, p => new TalkPersonDto(p.PersonId, p.Name));
        return talks.Select(x => new TalkDto(x.Talk.Id, x.Talk.OrgId, x.ShortName, x.Talk.On, x.Talk.Kind, KindName(x.Talk.Kind),
            x.Talk.Summary, x.Talk.By, x.Talk.CreatedAt, persons[x.Talk.Id].ToList())).ToList();
    }
}
