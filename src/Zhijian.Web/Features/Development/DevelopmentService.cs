using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Development;

/// <summary>
/// Writes of development: every step checked by <see cref="DevelopmentRules"/> (rule rows of rules.csv), counted in the
/// branch's tallies, audited, and admissions written to the library through <see cref="MemberAdmission"/>, in one
/// transaction each.
/// </summary>
public sealed class DevelopmentService(
    ZhijianDbContext db,
    OrganizationService orgs,
    MemberAdmission admission,
    DevelopmentTallies tallies,
    DevelopmentQueries queries,
    AuditLog audit,
    RuleBook rules,
    IActor actor,
    IEnumerable<ITrainingHours> training,
    TimeProvider clock)
{
    private const string What = "发展记录";

    private DateOnly Today => clock.Today();

    public async Task<DevelopmentRecordDto> CreateAsync(CreateDevelopmentRequest r, CancellationToken ct = default)
    {
        var (branch, appliedOn) = await CheckCreateAsync(r, ct);
        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            await db.LockForShareAsync<Organization>(branch.Id, ct);
            var path = await db.Organizations.Where(o => o.Id == branch.Id).Select(o => o.Path).SingleAsync(ct);
            var person = r.PersonId is { } pid
                ? await db.Persons.SingleOrDefaultAsync(p => p.Id == pid, ct) ?? throw DomainException.Validation("personId", "人员不存在")
                : await admission.RegisterPersonAsync(r.Person ?? new PersonInput(), "person.", ct);
            await CheckApplicantAsync(person, branch.System, appliedOn, ct);
            var record = new DevelopmentRecord(branch.System, person.Id, person.Name, branch.Id, path, appliedOn,
                actor.UserName, clock.GetUtcNow(), note: Trim(r.Note));
            db.Add(record);
            await db.SaveChangesAsync(ct);
            await tallies.MoveStageAsync(record, null, DevelopmentStage.Applicant, ct);
            await audit.AppendAsync(AuditAction.DevelopmentApplied, branch.Id, nameof(DevelopmentRecord), record.Id,
                $"「{branch.ShortName}」登记{DevelopmentRules.StageName(branch.System, DevelopmentStage.Applicant)}{person.Name}（{appliedOn:yyyy-MM-dd} 递交申请）", ct);
            return await queries.GetAsync(record.Id, ct);
        }, ct);
    }

    private async Task<(Organization Branch, DateOnly AppliedOn)> CheckCreateAsync(CreateDevelopmentRequest r, CancellationToken ct)
    {
        if (r.OrgId is not { } orgId)
        {
            throw DomainException.Validation("orgId", "请选择所在支部");
        }

        var branch = await orgs.FindWritableAsync(orgId, ct);
        if (branch.Kind != OrgKind.Branch || branch.Status != OrgStatus.Active)
        {
            throw DomainException.Validation("orgId", $"发展记录只能建在在用的党支部或团支部，「{branch.Name}」是{ContainmentRules.KindName(branch.System, branch.Kind)}");
        }

        if (r.System is { } s && s != branch.System)
        {
            throw DomainException.Validation("system", "所属系统与所在支部不一致");
        }

        var appliedOn = r.AppliedOn ?? throw DomainException.Validation("appliedOn", "请填写递交申请书的日期");
        if (appliedOn > Today)
        {
            throw DomainException.Validation("appliedOn", $"申请日期 {appliedOn:yyyy-MM-dd} 晚于今天 {Today:yyyy-MM-dd}");
        }

        if (r.PersonId is null && r.Person is null)
        {
            throw DomainException.Validation("person", "请选择已登记的人员（personId）或填写申请人信息（person）");
        }

        if (r.Note?.Length > DevelopmentRecord.NoteMaxLength)
        {
            throw DomainException.Validation("note", $"备注不能超过 {DevelopmentRecord.NoteMaxLength} 字");
        }

        return (branch, appliedOn);
    }

    /// <summary>The age rule on the application date; no second open record or current membership of the system.</summary>
    private async Task CheckApplicantAsync(Person person, OrgSystem system, DateOnly appliedOn, CancellationToken ct)
    {
        if (person.BirthDate is not { } birth)
        {
            throw DomainException.Validation("person.birthDate", "申请人须有出生日期");
        }

        if (DevelopmentRules.CheckAge(system, birth, appliedOn, await rules.CurrentAsync(ct)) is { } breach)
        {
            throw Refuse([breach]);
        }

        var open = DevelopmentRules.OpenStages(system);
        if (await db.Set<DevelopmentRecord>().AnyAsync(x => x.PersonId == person.Id && x.System == system && open.Contains(x.Stage), ct))
        {
            throw DomainException.InvalidState($"{person.Name}已有进行中的发展记录");
        }

        if (await db.Memberships.AnyAsync(m => m.PersonId == person.Id && m.System == system && m.State != MemberState.Ended, ct))
        {
            throw DomainException.Conflict(ErrorCodes.DuplicateIdNumber,
                $"{person.Name}已是{(system == OrgSystem.Party ? "党员" : "团员")}，不能再登记为申请人");
        }
    }

    public async Task<DevelopmentRecordDto> AdvanceAsync(long id, AdvanceRequest r, CancellationToken ct = default) =>
        await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            await db.LockForUpdateAsync<DevelopmentRecord>(id, ct);
            var record = await FindWritableAsync(id, ct);
            record.EnsureOpen();
            var from = record.Stage;
            var (step, contacts, verdict) = await EvaluateAsync(record, r, ct);
            if (!verdict.Allowed)
            {
                throw Refuse(verdict.Breaches);
            }

            if (r.TalkOn is { } talk)
            {
                record.HoldTalk(talk);
            }

            var now = clock.GetUtcNow();
            record.Advance(step, Trim(r.Note), actor.UserName, now, contacts);
            await db.SaveChangesAsync(ct);
            await tallies.MoveStageAsync(record, from, step.To, ct);
            await AdmitOrConfirmAsync(record, step, ct);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.DevelopmentAdvanced, record.OrgId, nameof(DevelopmentRecord), record.Id,
                $"{record.Name}：{DevelopmentRules.StageName(record.System, from)} → {DevelopmentRules.StageName(record.System, step.To)}（{step.On:yyyy-MM-dd}）"
                + (verdict.Warnings.Count > 0 ? "；" + string.Join("；", verdict.Warnings) : ""), ct);
            return await queries.GetAsync(record.Id, ct);
        }, ct);

    /// <summary>
    /// Records the branch vote (支部大会表决) on a candidate before the higher committee's approval: the record stays a
    /// candidate awaiting approval (an alert past <c>development.approvalAlertMonths</c>); the approval then comes as the
    /// step to probationary, which creates the membership joined on this vote.
    /// </summary>
    public async Task<DevelopmentRecordDto> VoteAsync(long id, VoteRequest r, CancellationToken ct = default)
    {
        var on = r.On ?? throw DomainException.Validation("on", "请填写支部大会表决日期");
        if (r.CourseHours is < 0 or > 1000)
        {
            throw DomainException.Validation("courseHours", "学时应在 0 至 1000 之间");
        }

        if (r.Note?.Length > DevelopmentRecord.NoteMaxLength)
        {
            throw DomainException.Validation("note", $"备注不能超过 {DevelopmentRecord.NoteMaxLength} 字");
        }

        return await db.InTransactionAsync(async () =>
        {
            await db.LockForUpdateAsync<DevelopmentRecord>(id, ct);
            var record = await FindWritableAsync(id, ct);
            record.EnsureOpen();
            if (record.System != OrgSystem.Party || record.Stage != DevelopmentStage.Candidate || record.AdmittedOn is not null)
            {
                throw DomainException.InvalidState(DevelopmentRules.CheckVote(record.Facts, on, 0, Today, await rules.CurrentAsync(ct)).Breaches[0].Message);
            }

            var hours = (r.CourseHours ?? record.CourseHours) + await TrainingHoursAsync(record, on, ct);
            var verdict = DevelopmentRules.CheckVote(record.Facts, on, hours, Today, await rules.CurrentAsync(ct));
            if (!verdict.Allowed)
            {
                throw Refuse(verdict.Breaches);
            }

            record.RecordVote(on, hours, Trim(r.Note), actor.UserName, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.DevelopmentVoted, record.OrgId, nameof(DevelopmentRecord), record.Id,
                $"{record.Name}：支部大会表决通过接收为预备党员（{on:yyyy-MM-dd}），报上级党委审批", ct);
            return await queries.GetAsync(record.Id, ct);
        }, ct);
    }

    /// <summary>Reaching probationary or League member creates the membership; full membership marks its 转正.</summary>
    private async Task AdmitOrConfirmAsync(DevelopmentRecord record, StepInput step, CancellationToken ct)
    {
        if (step.To is DevelopmentStage.Probationary or DevelopmentStage.Member)
        {
            var joined = record.AdmittedOn!.Value;
            var number = await tallies.NextNumberAsync(record.System, joined.Year, ct);
            var membershipId = await admission.AdmitAsync(record.PersonId, record.OrgId, record.OrgPath, record.System, joined, number, ct);
            record.Admit(membershipId, number);
            await tallies.AddAsync(record, joined.Year, DevelopmentTallies.Admitted, 1, ct);
            if (record.RecommendationId is not null)
            {
                await tallies.AddAsync(record, joined.Year, DevelopmentTallies.AdmittedRecommended, 1, ct);
            }
        }
        else if (step.To == DevelopmentStage.Full)
        {
            if (record.MembershipId is { } membershipId)
            {
                await admission.ConfirmFullAsync(membershipId, step.On, ct);
            }

            await tallies.AddAsync(record, step.On.Year, DevelopmentTallies.Full, 1, ct);
        }
    }

    /// <summary>Checks a step without taking it (the console's advance dialog as the user types).</summary>
    public async Task<StepCheckDto> CheckAsync(long id, AdvanceRequest r, CancellationToken ct = default)
    {
        var record = await FindWritableAsync(id, ct);
        record.EnsureOpen();
        var (step, _, verdict) = await EvaluateAsync(record, r, ct);
        return new StepCheckDto(verdict.Allowed, verdict.Earliest, step.CourseHours, verdict.Breaches, verdict.Warnings);
    }

    /// <summary>The step as requested, its contacts (full party members of the branch), the hours (request plus
    /// training records) and the rules' verdict.</summary>
    private async Task<(StepInput Step, List<(long, string)> Contacts, StepVerdict Verdict)> EvaluateAsync(
        DevelopmentRecord record, AdvanceRequest r, CancellationToken ct)
    {
        var to = r.To ?? throw DomainException.Validation("to", "请选择要推进到的阶段");
        var on = r.On ?? throw DomainException.Validation("on", "请填写日期");
        if (r.CourseHours is < 0 or > 1000)
        {
            throw DomainException.Validation("courseHours", "学时应在 0 至 1000 之间");
        }

        if (r.Note?.Length > DevelopmentRecord.NoteMaxLength)
        {
            throw DomainException.Validation("note", $"备注不能超过 {DevelopmentRecord.NoteMaxLength} 字");
        }

        var breaches = new List<RuleBreach>();
        var contacts = to == DevelopmentStage.Candidate ? await ContactsAsync(record, r.ContactIds ?? [], breaches, ct) : [];
        var hours = (r.CourseHours ?? record.CourseHours) + await TrainingHoursAsync(record, on, ct);
        foreach (var (field, day) in new[] { ("voteOn", r.VoteOn), ("approvedOn", r.ApprovedOn), ("talkOn", r.TalkOn) })
        {
            if (day > Today)
            {
                breaches.Add(new(field, "development.date", $"日期 {day:yyyy-MM-dd} 晚于今天 {Today:yyyy-MM-dd}"));
            }
        }

        if (r.TalkOn is { } talk && talk < record.AppliedOn)
        {
            breaches.Add(new("talkOn", "development.order", $"谈话日期 {talk:yyyy-MM-dd} 早于申请日期 {record.AppliedOn:yyyy-MM-dd}"));
        }

        var voteOn = r.VoteOn ?? (to == DevelopmentStage.Probationary ? record.AdmittedOn : null);
        var step = new StepInput(to, on, contacts.Count, hours, voteOn, r.ApprovedOn);
        var verdict = DevelopmentRules.Check(record.Facts, step, Today, await rules.CurrentAsync(ct));
        var all = breaches.Concat(verdict.Breaches).ToList();
        return (step, contacts, verdict with { Breaches = all });
    }

    /// <summary>The contacts by member id: each must be a current full party member of the record's branch.</summary>
    private async Task<List<(long, string)>> ContactsAsync(DevelopmentRecord record, long[] memberIds, List<RuleBreach> breaches,
        CancellationToken ct)
    {
        var ids = memberIds.Distinct().ToArray();
        var found = await db.Memberships.AsNoTracking().Where(m => ids.Contains(m.Id))
            .Select(m => new { m.Id, m.PersonId, m.SortName, m.System, m.OrgId, m.Stage, m.State }).ToListAsync(ct);
        var valid = new List<(long, string)>();
        foreach (var id in ids)
        {
            var m = found.FirstOrDefault(x => x.Id == id);
            if (m is null || m.OrgId != record.OrgId || m.System != OrgSystem.Party || m.State == MemberState.Ended)
            {
                breaches.Add(new("contactIds", "development.contacts", $"培养联系人（编号 {id}）不是本支部的在册党员"));
            }
            else if (m.Stage != MemberStage.Full)
            {
                breaches.Add(new("contactIds", "development.contacts", $"培养联系人{m.SortName}是预备党员，须由正式党员担任"));
            }
            else if (m.PersonId == record.PersonId)
            {
                breaches.Add(new("contactIds", "development.contacts", "培养联系人不能是申请人本人"));
            }
            else
            {
                valid.Add((m.PersonId, m.SortName));
            }
        }

        return valid;
    }

    /// <summary>Hours the learning module recorded since the stage that needs them began (none registered: none).</summary>
    private async Task<decimal> TrainingHoursAsync(DevelopmentRecord record, DateOnly on, CancellationToken ct)
    {
        var from = record.System == OrgSystem.Party ? record.CandidateOn ?? record.AppliedOn : record.ActivistOn ?? record.AppliedOn;
        decimal sum = 0;
        foreach (var source in training)
        {
            sum += await source.HoursAsync(record.PersonId, from, on, ct);
        }

        return sum;
    }

    public async Task<DevelopmentRecordDto> CloseAsync(long id, CloseDevelopmentRequest r, CancellationToken ct = default)
    {
        var reason = Trim(r.Reason) ?? throw DomainException.Validation("reason", "请填写终止原因");
        if (reason.Length > DevelopmentRecord.NoteMaxLength)
        {
            throw DomainException.Validation("reason", $"终止原因不能超过 {DevelopmentRecord.NoteMaxLength} 字");
        }

        var on = r.On ?? Today;
        return await db.InTransactionAsync(async () =>
        {
            await db.LockForUpdateAsync<DevelopmentRecord>(id, ct);
            var record = await FindWritableAsync(id, ct);
            record.EnsureOpen();
            if (on > Today || on < record.LastStepOn)
            {
                throw DomainException.Validation("on", $"终止日期应在 {record.LastStepOn:yyyy-MM-dd} 至 {Today:yyyy-MM-dd} 之间");
            }

            var from = record.Stage;
            record.Close(on, reason, actor.UserName, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await tallies.MoveStageAsync(record, from, DevelopmentStage.Closed, ct);
            await tallies.AddAsync(record, on.Year, DevelopmentTallies.Closed, 1, ct);
            await audit.AppendAsync(AuditAction.DevelopmentClosed, record.OrgId, nameof(DevelopmentRecord), record.Id,
                $"终止{record.Name}的发展程序（{DevelopmentRules.StageName(record.System, from)}，{on:yyyy-MM-dd}）：{reason}", ct);
            return await queries.GetAsync(record.Id, ct);
        }, ct);
    }

    private async Task<DevelopmentRecord> FindWritableAsync(long id, CancellationToken ct)
    {
        var record = await db.Set<DevelopmentRecord>().Include(x => x.Steps).Include(x => x.Contacts).AsSplitQuery()
            .FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw DomainException.NotFound(What);
        await queries.Scope.EnsureWritable(record.OrgPath, What, ct);
        return record;
    }

    /// <summary>400 <c>validation_failed</c> naming every broken rule (field → messages), the first as the detail.</summary>
    public static DomainException Refuse(IReadOnlyList<RuleBreach> breaches) =>
        DomainException.Validation(breaches.GroupBy(b => b.Field)
            .ToDictionary(g => g.Key, g => g.Select(b => $"{b.Message}（规则 {b.Rule}）").ToArray()));

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
