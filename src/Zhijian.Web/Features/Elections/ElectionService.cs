using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Cadres;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Elections;

/// <summary>
/// Elections and terms (换届): an election restarts the term and replaces the committee (through Organizations and Cadres,
/// which write their own tables), an approved extension moves the end within the cap, the board lists what is due.
/// </summary>
public sealed class ElectionService(
    ZhijianDbContext db,
    OrganizationService orgs,
    OrganizationTerms terms,
    CommitteeElection committees,
    RuleBook rules,
    AuditLog audit,
    IActor actor,
    TimeProvider clock)
{
    private DateOnly Today => clock.Today();

    public async Task<ElectionDto> RecordAsync(long orgId, RecordElectionRequest r, CancellationToken ct = default)
    {
        var seats = CheckShape(r);
        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            await db.LockForUpdateAsync<Organization>(orgId, ct);
            var org = await orgs.FindWritableAsync(orgId, ct);
            org.EnsureActive();
            if (org.Kind == OrgKind.Group)
            {
                throw DomainException.Validation("id", "小组不实行换届选举");
            }

            var heldOn = r.HeldOn!.Value;
            var limits = TermRules.For(await rules.CurrentAsync(ct), org.System, org.Kind, org.Category, heldOn);
            if (r.TermYears is not { } years || years < limits.MinYears || years > limits.MaxYears)
            {
                throw DomainException.Validation("termYears", limits.MinYears == limits.MaxYears
                    ? $"该组织每届任期为 {limits.MinYears} 年" : $"该组织每届任期为 {limits.MinYears} 至 {limits.MaxYears} 年");
            }

            var previous = await db.Set<Election>().Where(e => e.OrgId == org.Id).MaxAsync(e => (DateOnly?)e.HeldOn, ct);
            if (previous is { } p && heldOn <= p)
            {
                throw DomainException.Validation("heldOn", $"选举日期须晚于上一次选举（{p:yyyy-MM-dd}）");
            }

            var holders = await HoldersAsync(org, seats, ct);
            var end = TermRules.EndOf(heldOn, years, 0);
            var election = new Election(org.Id, org.Path, heldOn, years, end, r.ApprovedOn, Blank(r.Note), clock.GetUtcNow(),
                actor.UserName);
            db.Add(election);
            await db.SaveChangesAsync(ct);
            db.AddRange(seats.Select(s => new ElectionSeat(election.Id, holders[s.MemberId].PersonId, s.MemberId,
                holders[s.MemberId].Name, s.Post!)));
            var (ended, begun) = await committees.ReplaceAsync(org, heldOn,
                seats.Select(s => new ElectedSeat(holders[s.MemberId].PersonId, s.Post!)).ToList(), ct);
            await terms.RestartAsync(org, heldOn, years, ct);
            await audit.AppendAsync(AuditAction.ElectionRecorded, org.Id, nameof(Election), election.Id,
                $"「{org.ShortName}」{heldOn:yyyy-MM-dd} 换届选举，任期 {years} 年至 {end:yyyy-MM-dd}；原班子 {ended} 人离任，新班子 {begun} 人", ct);
            return (await ListAsync(org.Id, ct)).First(e => e.Id == election.Id);
        }, ct);
    }

    /// <summary>The organization's elections, newest first.</summary>
    public async Task<IReadOnlyList<ElectionDto>> ListAsync(long orgId, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var rows = await db.Set<Election>().AsNoTracking().Where(e => e.OrgId == org.Id).OrderByDescending(e => e.HeldOn)
            .ToListAsync(ct);
        var ids = rows.Select(e => e.Id).ToList();
        var seats = await db.Set<ElectionSeat>().AsNoTracking().Where(s => ids.Contains(s.ElectionId)).ToListAsync(ct);
        return rows.Select(e => new ElectionDto(e.Id, e.OrgId, org.ShortName, e.HeldOn, e.TermYears, e.TermEndsOn, e.ApprovedOn,
            e.Note, seats.Where(s => s.ElectionId == e.Id).OrderBy(s => Posts.RankOf(s.Post)).ThenBy(s => s.Id)
                .Select(s => new SeatDto(s.MembershipId, s.PersonId, s.Name, s.Post, Posts.NameOf(s.Post))).ToList(),
            e.CreatedAt, e.CreatedBy)).ToList();
    }

    /// <summary>Who may be elected: current members of the organization's system in its subtree (at most 500, by name).</summary>
    public async Task<IReadOnlyList<CandidateDto>> CandidatesAsync(long orgId, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        return await db.Memberships.AsNoTracking()
            .Where(TreePath.In<Membership>(m => m.OrgPath, org.Path))
            .Where(m => m.System == org.System && m.State != MemberState.Ended)
            .OrderBy(m => m.SortName).Take(500)
            .Select(m => new CandidateDto(m.Id, m.Person!.Name, db.Organizations.Where(o => o.Id == m.OrgId).Select(o => o.ShortName).First()))
            .ToListAsync(ct);
    }

    /// <summary>Extends the current term by approved months, within term.maxShiftMonths for the whole term (400 beyond).</summary>
    public async Task<TermDto> ExtendAsync(long orgId, ExtendTermRequest r, CancellationToken ct = default)
    {
        CheckExtension(r);
        return await db.InTransactionAsync(async () =>
        {
            await db.LockForUpdateAsync<Organization>(orgId, ct);
            var org = await orgs.FindWritableAsync(orgId, ct);
            org.EnsureActive();
            var set = await rules.CurrentAsync(ct);
            var (start, years) = (org.TermStartedOn, org.TermYears);
            if (start is null || org.Kind == OrgKind.Group)
            {
                throw DomainException.InvalidState($"「{org.ShortName}」没有登记本届任期，请先登记换届选举");
            }

            var limits = TermRules.For(set, org.System, org.Kind, org.Category, start.Value);
            var end = TermRules.EndOf(start.Value, years ?? limits.DefaultYears, org.TermExtendedMonths);
            var months = r.Months!.Value;
            if (!TermRules.ExtensionAllowed(org.TermExtendedMonths, months, limits.MaxShiftMonths))
            {
                throw DomainException.Validation("months", $"本届已延期 {org.TermExtendedMonths} 个月，延期合计不能超过 {limits.MaxShiftMonths} 个月");
            }

            var extension = new TermExtension(org.Id, org.Path, months, r.ApprovedOn!.Value, r.Reason!.Trim(), end,
                end.AddMonths(months), clock.GetUtcNow(), actor.UserName);
            db.Add(extension);
            await terms.ExtendAsync(org, months, end, ct);
            await audit.AppendAsync(AuditAction.TermExtended, org.Id, nameof(TermExtension), extension.Id,
                $"「{org.ShortName}」延期换届 {months} 个月（{r.ApprovedOn:yyyy-MM-dd} 批准）：任期届满由 {end:yyyy-MM-dd} 改为 {extension.NewEnd:yyyy-MM-dd}；原因：{extension.Reason}", ct);
            return TermBoard.Dto(org.Id, org.Name, org.ShortName, org.System, org.Kind, org.TermStartedOn, org.TermYears,
                org.TermExtendedMonths, org.TermEndsOn, limits.MaxShiftMonths, Today, TermBoard.RemindMonths(set, Today));
        }, ct);
    }

    private async Task<Dictionary<long, (long PersonId, string Name)>> HoldersAsync(Organization org, IReadOnlyList<SeatLine> seats,
        CancellationToken ct)
    {
        var ids = seats.Select(s => s.MemberId).ToList();
        var found = await db.Memberships.AsNoTracking()
            .Where(m => ids.Contains(m.Id) && m.System == org.System && m.State != MemberState.Ended)
            .Where(TreePath.In<Membership>(m => m.OrgPath, org.Path))
            .Select(m => new { m.Id, m.PersonId, m.Person!.Name }).ToListAsync(ct);
        var missing = ids.Except(found.Select(f => f.Id)).ToList();
        if (missing.Count > 0)
        {
            throw DomainException.Validation("committee", $"以下成员不是本组织（含下级）在册的党（团）员：{string.Join("、", missing)}");
        }

        return found.ToDictionary(f => f.Id, f => (f.PersonId, f.Name));
    }

    private IReadOnlyList<SeatLine> CheckShape(RecordElectionRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.HeldOn is not { } heldOn)
        {
            errors["heldOn"] = ["请填写选举日期"];
        }
        else if (heldOn > Today)
        {
            errors["heldOn"] = ["选举日期不能晚于今天"];
        }

        var seats = r.Committee ?? [];
        if (seats.Count == 0 || seats.Count > 50)
        {
            errors["committee"] = ["请填写当选的班子成员（1 至 50 人）"];
        }
        else if (seats.Any(s => Posts.Find(s.Post) is null))
        {
            errors["committee"] = ["职务应为：" + string.Join("、", Posts.All.Select(p => $"{p.Code}（{p.Name}）"))];
        }
        else if (seats.Count(s => Posts.Find(s.Post)!.Code == Posts.Secretary) > 1 || seats.GroupBy(s => s.MemberId).Any(g => g.Count() > 1))
        {
            errors["committee"] = ["书记只能有一名，同一成员只能当选一个职务"];
        }

        if ((r.Note?.Length ?? 0) > Election.NoteMaxLength)
        {
            errors["note"] = [$"备注不能超过 {Election.NoteMaxLength} 字"];
        }

        if (r.ApprovedOn is { } approved && (approved > Today || (r.HeldOn is { } h && approved < h)))
        {
            errors["approvedOn"] = ["上级批复日期应在选举日期与今天之间"];
        }

        return errors.Count > 0 ? throw DomainException.Validation(errors)
            : seats.Select(s => s with { Post = Posts.Find(s.Post)!.Code }).ToList();
    }

    private void CheckExtension(ExtendTermRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.Months is not (>= 1 and <= 60))
        {
            errors["months"] = ["请填写延期月数（1 至 60）"];
        }

        if (r.ApprovedOn is not { } approved || approved > Today)
        {
            errors["approvedOn"] = ["请填写上级批准日期（不晚于今天）"];
        }

        if (string.IsNullOrWhiteSpace(r.Reason) || r.Reason.Trim().Length > TermExtension.ReasonMaxLength)
        {
            errors["reason"] = [$"请填写延期原因（不超过 {TermExtension.ReasonMaxLength} 字）"];
        }

        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
