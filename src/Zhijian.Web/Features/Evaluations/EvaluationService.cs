using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Meetings;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Evaluations;

/// <summary>
/// The yearly evaluation of a branch (团员教育评议 / 民主评议党员): open with the members of the day, record attendance and
/// grades under the 30% and 2/3 rules, close. Each write is one transaction with its audit event.
/// </summary>
public sealed class EvaluationService(
    ZhijianDbContext db,
    CallerScope scope,
    OrganizationService orgs,
    RuleBook rules,
    AuditLog audit,
    IActor actor,
    TimeProvider clock)
{
    private const string What = "评议";

    private DateOnly Today => clock.Today();

    /// <summary>Opens the year's evaluation of a branch with its current members (409 for a second one).</summary>
    public async Task<EvaluationDto> OpenAsync(long orgId, OpenEvaluationRequest r, CancellationToken ct = default)
    {
        var year = CheckYear(r.Year);
        return await db.InTransactionAsync(async () =>
        {
            await db.LockForUpdateAsync<Organization>(orgId, ct);
            var org = await orgs.FindWritableAsync(orgId, ct);
            org.EnsureActive();
            if (org.Kind != OrgKind.Branch)
            {
                throw DomainException.Validation("id", "评议以支部为单位开展：请在党（团）支部发起");
            }

            var kind = EvaluationRules.KindOf(org.System);
            if (r.Kind is { } asked && asked != kind)
            {
                throw DomainException.Validation("kind", org.System == OrgSystem.League
                    ? "团支部开展团员教育评议（leagueEducation）" : "党支部开展民主评议党员（partyDemocratic）");
            }

            if (await db.Set<Evaluation>().AnyAsync(e => e.OrgId == org.Id && e.Year == year && e.Kind == kind, ct))
            {
                throw DomainException.InvalidState($"「{org.ShortName}」{year} 年的{EvaluationRules.NameOf(kind)}已发起");
            }

            var members = await db.Memberships.AsNoTracking()
                .Where(m => m.OrgId == org.Id && m.System == org.System && m.State != MemberState.Ended)
                .OrderBy(m => m.SortName).Select(m => new { m.Id, m.PersonId, m.Person!.Name }).ToListAsync(ct);
            var evaluation = new Evaluation(org.Id, org.Path, org.System, year, kind, members.Count, clock.GetUtcNow(), actor.UserName);
            db.Add(evaluation);
            await db.SaveChangesAsync(ct);
            db.AddRange(members.Select(m => new EvaluationEntry(evaluation.Id, m.Id, m.PersonId, m.Name)));
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.EvaluationOpened, org.Id, nameof(Evaluation), evaluation.Id,
                $"「{org.ShortName}」发起 {year} 年{EvaluationRules.NameOf(kind)}，参评 {members.Count} 人", ct);
            return await GetAsync(evaluation.Id, ct);
        }, ct);
    }

    /// <summary>An evaluation the caller may read, with its members.</summary>
    public async Task<EvaluationDto> GetAsync(long id, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Set<Evaluation>().AsNoTracking().Where(e => e.Id == id), e => e.OrgPath, ct);
        var e = await query.FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound(What);
        var entries = await db.Set<EvaluationEntry>().AsNoTracking().Where(x => x.EvaluationId == id).OrderBy(x => x.Id)
            .ToListAsync(ct);
        var name = await db.Organizations.Where(o => o.Id == e.OrgId).Select(o => o.ShortName).FirstAsync(ct);
        var set = await rules.CurrentAsync(ct);
        var members = entries.Select(x => new EvaluationMemberDto(x.MembershipId, x.Name, x.Attended, x.Grade, x.FollowUp,
            x.FollowUpNote)).ToList();
        return Dto(e, name, Counts.Of(entries.Select(x => (x.Attended, x.Grade))), set, members);
    }

    /// <summary>Replaces attendance and grades of an open evaluation (400 on the 30% or 2/3 rule, grades of non-members).</summary>
    public async Task<EvaluationDto> RecordResultsAsync(long id, EvaluationResultsRequest r, CancellationToken ct = default)
    {
        return await db.InTransactionAsync(async () =>
        {
            await db.LockForUpdateAsync<Evaluation>(id, ct);
            var (e, org) = await FindWritableAsync(id, ct);
            e.EnsureOpen();
            var entries = await db.Set<EvaluationEntry>().Where(x => x.EvaluationId == id).ToListAsync(ct);
            var plan = await ResultPlan.CheckAsync(e, entries, r, await rules.CurrentAsync(ct), Today, ct,
                meetingId => db.Set<Meeting>().AnyAsync(m => m.Id == meetingId && m.OrgId == e.OrgId, ct));
            foreach (var entry in entries)
            {
                var line = plan.Lines.GetValueOrDefault(entry.MembershipId);
                entry.Record(plan.Attending.Contains(entry.MembershipId), line?.Grade, line?.FollowUp, Blank(line?.FollowUpNote));
            }

            e.LinkMeeting(r.MeetingId ?? e.MeetingId);
            await db.SaveChangesAsync(ct);
            var c = Counts.Of(entries.Select(x => (x.Attended, x.Grade)));
            await audit.AppendAsync(AuditAction.EvaluationResultsRecorded, org.Id, nameof(Evaluation), e.Id,
                $"「{org.ShortName}」{e.Year} 年{EvaluationRules.NameOf(e.Kind)}：到会 {c.Attended}/{e.Members}，优秀 {c.Excellent}、"
                + $"合格 {c.Qualified}、基本合格 {c.BasicallyQualified}、不合格 {c.Unqualified}", ct);
            return await GetAsync(id, ct);
        }, ct);
    }

    /// <summary>Closes an evaluation: every member graded, every unqualified party member with a follow-up.</summary>
    public async Task<EvaluationDto> CloseAsync(long id, CancellationToken ct = default)
    {
        return await db.InTransactionAsync(async () =>
        {
            await db.LockForUpdateAsync<Evaluation>(id, ct);
            var (e, org) = await FindWritableAsync(id, ct);
            e.EnsureOpen();
            var entries = await db.Set<EvaluationEntry>().AsNoTracking().Where(x => x.EvaluationId == id).ToListAsync(ct);
            var set = await rules.CurrentAsync(ct);
            var attended = entries.Count(x => x.Attended);
            if (!EvaluationRules.QuorumMet(attended, e.Members, EvaluationRules.Quorum(set, e.System, Today)) && e.Members > 0)
            {
                throw DomainException.InvalidState($"到会 {attended}/{e.Members} 人，未超过应到人数的三分之二，不能结束评议");
            }

            if (entries.FirstOrDefault(x => x.Grade is null) is { } ungraded)
            {
                throw DomainException.InvalidState($"{ungraded.Name}尚未评定等次，不能结束评议");
            }

            if (e.Kind == EvaluationKind.PartyDemocratic
                && entries.FirstOrDefault(x => x.Grade == Grade.Unqualified && x.FollowUp is null) is { } open)
            {
                throw DomainException.InvalidState($"{open.Name}评为不合格，须先记录处置结果（限期改正、劝退或除名）");
            }

            e.Close(clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.EvaluationClosed, org.Id, nameof(Evaluation), e.Id,
                $"「{org.ShortName}」结束 {e.Year} 年{EvaluationRules.NameOf(e.Kind)}", ct);
            return await GetAsync(id, ct);
        }, ct);
    }

    /// <summary>Campaigns of an organization or its subtree, newest year first, with counts per grade.</summary>
    public async Task<PagedList<EvaluationDto>> ListAsync(long orgId, int? year, bool subtree, PageRequest page,
        CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var query = db.Set<Evaluation>().AsNoTracking()
            .Where(subtree ? TreePath.In<Evaluation>(e => e.OrgPath, org.Path) : e => e.OrgId == org.Id);
        query = await scope.Readable(query, e => e.OrgPath, ct);
        if (year is { } y)
        {
            query = query.Where(e => e.Year == y);
        }

        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(e => e.Year).ThenBy(e => e.OrgPath).Skip(page.Skip).Take(page.PageSize)
            .ToListAsync(ct);
        var ids = rows.Select(e => e.Id).ToList();
        var lines = await db.Set<EvaluationEntry>().AsNoTracking().Where(x => ids.Contains(x.EvaluationId))
            .Select(x => new { x.EvaluationId, x.Attended, x.Grade }).ToListAsync(ct);
        var orgIds = rows.Select(e => e.OrgId).Distinct().ToList();
        var names = await db.Organizations.Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.ShortName, ct);
        var set = await rules.CurrentAsync(ct);
        var items = rows.Select(e => Dto(e, names[e.OrgId],
            Counts.Of(lines.Where(l => l.EvaluationId == e.Id).Select(l => (l.Attended, l.Grade))), set, null)).ToList();
        return new PagedList<EvaluationDto>(items, page.Page, page.PageSize, total, true);
    }

    private async Task<(Evaluation, Organization)> FindWritableAsync(long id, CancellationToken ct)
    {
        var e = await db.Set<Evaluation>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw DomainException.NotFound(What);
        if (!await scope.CanReadAsync(e.OrgPath, ct))
        {
            throw DomainException.NotFound(What);
        }

        return (e, await orgs.FindWritableAsync(e.OrgId, ct));
    }

    private EvaluationDto Dto(Evaluation e, string orgName, Counts c, RuleSet set, IReadOnlyList<EvaluationMemberDto>? members)
    {
        var on = new DateOnly(e.Year, 12, 31) < Today ? new DateOnly(e.Year, 12, 31) : Today;
        return new EvaluationDto(e.Id, e.OrgId, orgName, e.Year, e.Kind, EvaluationRules.NameOf(e.Kind), e.State, e.Members,
            c.Attended, c.Excellent, c.Qualified, c.BasicallyQualified, c.Unqualified, e.Members - c.Graded,
            EvaluationRules.MaxExcellent(e.Members, EvaluationRules.ExcellentShare(set, e.System, on)),
            EvaluationRules.MinAttendance(e.Members, EvaluationRules.Quorum(set, e.System, on)), e.MeetingId, e.ClosedAt, members);
    }

    private int CheckYear(int? year)
    {
        if (year is not { } y || y < 2000 || y > Today.Year)
        {
            throw DomainException.Validation("year", $"请填写评议年度（2000 至 {Today.Year}）");
        }

        return y;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>Counts of an evaluation's attendance and grades.</summary>
public sealed record Counts(int Attended, int Excellent, int Qualified, int BasicallyQualified, int Unqualified)
{
    public int Graded => Excellent + Qualified + BasicallyQualified + Unqualified;

    public static Counts Of(IEnumerable<(bool Attended, Grade? Grade)> lines)
    {
        var list = lines.ToList();
        return new Counts(list.Count(l => l.Attended), list.Count(l => l.Grade == Grade.Excellent),
            list.Count(l => l.Grade == Grade.Qualified), list.Count(l => l.Grade == Grade.BasicallyQualified),
            list.Count(l => l.Grade == Grade.Unqualified));
    }
}
