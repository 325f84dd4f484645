using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;
using Zhijian.Web.Shared.Identity;
using Zhijian.Web.Shared.Pinyin;

namespace Zhijian.Web.Features.Members;

/// <summary>Body of <c>POST /api/v1/members</c>.</summary>
public sealed record CreateMemberRequest(
    OrgSystem? System, long? OrgId, MemberStage? Stage, DateOnly? JoinedOn, PersonInput? Person,
    DateOnly? FullOn = null, string? DevelopmentNumber = null, long? GroupId = null);

/// <summary>Body of <c>PATCH /api/v1/members/{id}</c>: fields present are changed.</summary>
public sealed record UpdateMemberRequest(
    MemberStage? Stage = null, DateOnly? JoinedOn = null, DateOnly? FullOn = null, string? DevelopmentNumber = null,
    long? GroupId = null, MemberState? State = null, PersonInput? Person = null);

/// <summary>A created membership, and whether the person's stored fields were kept instead of the submitted ones.</summary>
public sealed record CreatedMember(MemberDto Member, bool PersonKept);

/// <summary>Body of <c>POST /api/v1/members/{id}/reveal</c>.</summary>
public sealed record RevealRequest(string? Reason);

/// <summary>Answer of <c>POST /api/v1/members/{id}/reveal</c>.</summary>
public sealed record RevealedNumbers(string? IdNumber, string? Phone);

/// <summary>Body of <c>POST /api/v1/members/{id}/end</c>.</summary>
public sealed record EndMemberRequest(EndReason? Reason, DateOnly? On, string? Note = null);

/// <summary>Writes of the information library: every one validated by <see cref="MemberValidation"/>, counted and audited in one transaction.</summary>
public sealed class MemberService(
    ZhijianDbContext db,
    CallerScope scope,
    OrganizationService orgs,
    OrgCounters counters,
    AuditLog audit,
    MemberQueries queries,
    Rules.RuleBook rules,
    TimeProvider clock,
    PersonAccess people)
{
    private const string What = "党（团）员";

    /// <summary>Why a person's fields cannot be changed by this caller.</summary>
    public const string PersonOutsideScope =
        "该人员在您管理范围以外的组织也有登记，其个人信息只能由共同的上级组织管理员或系统管理员修改（或提交信息更正申请）";

    private DateOnly Today => clock.Today();

    public async Task<MemberDto> CreateAsync(CreateMemberRequest r, CancellationToken ct = default) =>
        (await CreateWithOutcomeAsync(r, ct)).Member;

    /// <summary>
    /// Adds a membership. A person already on record whose memberships or positions lie outside the caller's writable
    /// subtrees keeps their stored fields (<see cref="CreatedMember.PersonKept"/>): a caller never rewrites someone else's person.
    /// </summary>
    public async Task<CreatedMember> CreateWithOutcomeAsync(CreateMemberRequest r, CancellationToken ct = default)
    {
        var (person, branch, system, stage) = await CheckCreateAsync(r, ct);
        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);

            // The branch stays as checked until commit (a concurrent dissolve waits), and the person is locked before
            // the check for a current membership, so of N identical registrations one passes and the others see it.
            await db.LockForShareAsync<Organization>(branch.Id, ct);
            var existing = await LockPersonAsync(person.IdNumber, system, ct);

            // The branch's path and state as they are now that the locks are held (a move or a dissolve may have
            // committed meanwhile).
            var current = await db.Organizations.Where(o => o.Id == branch.Id).Select(o => new { o.Path, o.Status }).SingleAsync(ct);
            if (current.Status != OrgStatus.Active)
            {
                throw DomainException.InvalidState($"「{branch.Name}」已撤销，不能再编入党（团）员");
            }

            var branchPath = current.Path;
            var now = clock.GetUtcNow();
            var entity = existing ?? new Person { CreatedAt = now };
            var kept = existing is not null && !await people.MayChangeAsync(existing.Id, ct);
            if (!kept)
            {
                Apply(entity, person, now);
            }

            if (existing is null)
            {
                db.Persons.Add(entity);
            }

            var membership = new Membership(system, branch.Id, branchPath, stage, r.JoinedOn, entity.Name, now, r.GroupId, r.FullOn,
                string.IsNullOrWhiteSpace(r.DevelopmentNumber) ? null : r.DevelopmentNumber.Trim())
            {
                Person = entity,
            };
            db.Memberships.Add(membership);
            await db.SaveChangesAsync(ct);
            await counters.ApplyAsync(branchPath, MemberCounters.Delta(stage), ct);
            await audit.AppendAsync(AuditAction.MemberCreated, branch.Id, nameof(Membership), membership.Id,
                $"「{branch.ShortName}」新增{StageName(stage)}{entity.Name}（{CitizenIdNumber.Mask(entity.IdNumber)}）"
                + (kept ? "；该人员在其他组织也有登记，保留其原有个人信息" : ""), ct);
            return new CreatedMember(await queries.GetAsync(membership.Id, ct), kept);
        }, ct);
    }

    /// <summary>The checks of a new member before the transaction: one 400 with every field's error.</summary>
    private async Task<(PersonInput Person, Organization Branch, OrgSystem System, MemberStage Stage)> CheckCreateAsync(
        CreateMemberRequest r, CancellationToken ct)
    {
        var errors = new Dictionary<string, List<string>>();
        if (r.OrgId is null)
        {
            errors["orgId"] = ["请选择所在支部"];
        }

        var person = MemberValidation.CheckPerson(r.Person ?? new PersonInput(), errors, today: Today);
        Organization? branch = null;
        if (r.OrgId is { } orgId)
        {
            branch = await orgs.FindWritableAsync(orgId, ct);
            if (branch.Kind != OrgKind.Branch || branch.Status != OrgStatus.Active)
            {
                errors["orgId"] = [$"党（团）员只能编入在用的党支部或团支部，「{branch.Name}」是{ContainmentRules.KindName(branch.System, branch.Kind)}"];
            }
            else if (r.System is { } s && s != branch.System)
            {
                errors["system"] = ["所属系统与所在支部不一致"];
            }
        }

        var system = branch?.System ?? r.System ?? OrgSystem.League;
        var stage = r.Stage ?? (system == OrgSystem.League ? MemberStage.Member : MemberStage.Full);
        MemberValidation.CheckMembership(system, stage, r.JoinedOn, r.FullOn, person.BirthDate, Today, errors,
            await rules.CurrentAsync(ct));
        if (r.GroupId is { } groupId && branch is not null
            && !await db.Organizations.AnyAsync(o => o.Id == groupId && o.ParentId == branch.Id && o.Kind == OrgKind.Group && o.Status == OrgStatus.Active, ct))
        {
            errors["groupId"] = ["所选小组不属于该支部"];
        }

        if (errors.Count > 0)
        {
            throw DomainException.Validation(MemberValidation.ToProblem(errors));
        }

        return (person, branch!, system, stage);
    }

    /// <summary>The person with this ID number, locked and reloaded, if on record; 409 when they already have a current
    /// membership of the system.</summary>
    private async Task<Person?> LockPersonAsync(string? idNumber, OrgSystem system, CancellationToken ct)
    {
        var existing = await db.Persons.FirstOrDefaultAsync(p => p.IdNumber == idNumber, ct);
        if (existing is not null)
        {
            await db.LockForUpdateAsync<Person>(existing.Id, ct);
            await db.Entry(existing).ReloadAsync(ct);
        }

        if (existing is not null && await db.Memberships.AnyAsync(m => m.PersonId == existing.Id && m.System == system
                && m.State != MemberState.Ended, ct))
        {
            throw DomainException.Conflict(ErrorCodes.DuplicateIdNumber,
                $"公民身份号码 {CitizenIdNumber.Mask(idNumber)} 已有在册的{(system == OrgSystem.League ? "团员" : "党员")}记录，不能重复登记");
        }

        return existing;
    }

    public async Task<MemberDto> UpdateAsync(long id, UpdateMemberRequest r, CancellationToken ct = default)
    {
        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            await LockAsync(id, ct);
            var m = await FindWritableAsync(id, ct);
            EnsureNotEnded(m);
            var person = m.Person!;
            var (input, stage, joined, full) = await CheckUpdateAsync(m, r, ct);
            var changes = new List<string>();
            if (input is not null)
            {
                changes.AddRange(await UpdatePersonAsync(person, input, ct));
                m.Rename(person.Name);
            }

            changes.AddRange(await ReviseAsync(m, r, stage, joined, full, ct));
            if (changes.Count > 0)
            {
                m.Touch(clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(AuditAction.MemberUpdated, m.OrgId, nameof(Membership), m.Id,
                    $"修改{person.Name}的信息：" + string.Join("；", changes), ct);
            }

            return await queries.GetAsync(id, ct);
        }, ct);
    }

    /// <summary>The checks of a member's update: one 400 with every field's error; answers the values to apply.</summary>
    private async Task<(PersonInput? Input, MemberStage Stage, DateOnly? Joined, DateOnly? Full)> CheckUpdateAsync(
        Membership m, UpdateMemberRequest r, CancellationToken ct)
    {
        var person = m.Person!;
        var errors = new Dictionary<string, List<string>>();
        var input = r.Person is null
            ? null
            : MemberValidation.CheckPerson(Merge(person, r.Person), errors, today: Today);
        var stage = r.Stage ?? m.Stage;
        var joined = r.JoinedOn ?? m.JoinedOn;
        var full = r.FullOn ?? (stage == MemberStage.Full ? m.FullOn : null);
        MemberValidation.CheckMembership(m.System, stage, joined, full, input?.BirthDate ?? person.BirthDate, Today, errors,
            await rules.CurrentAsync(ct));
        if (r.State is MemberState.Ended)
        {
            errors["state"] = ["结束党（团）籍请使用“出党/离团”操作"];
        }

        if (r.GroupId is { } groupId && !await db.Organizations.AnyAsync(o => o.Id == groupId && o.ParentId == m.OrgId && o.Kind == OrgKind.Group, ct))
        {
            errors["groupId"] = ["所选小组不属于该支部"];
        }

        if (errors.Count > 0)
        {
            throw DomainException.Validation(MemberValidation.ToProblem(errors));
        }

        return (input, stage, joined, full);
    }

    /// <summary>Applies the person's new fields (never someone else's person: 403); answers what changed, masked.</summary>
    private async Task<List<string>> UpdatePersonAsync(Person person, PersonInput input, CancellationToken ct)
    {
        if (input.IdNumber != person.IdNumber && await db.Persons.AnyAsync(p => p.IdNumber == input.IdNumber && p.Id != person.Id, ct))
        {
            throw DomainException.Conflict(ErrorCodes.DuplicateIdNumber, $"公民身份号码 {CitizenIdNumber.Mask(input.IdNumber)} 已属于另一人的记录");
        }

        var described = Describe(person, input).ToList();
        if ((described.Count > 0 || input.BirthDate != person.BirthDate) && !await people.MayChangeAsync(person.Id, ct))
        {
            throw DomainException.Forbidden(PersonOutsideScope);
        }

        Apply(person, input, clock.GetUtcNow());
        return described;
    }

    /// <summary>Applies the membership's changes through the entity; the counters follow a stage change.</summary>
    private async Task<List<string>> ReviseAsync(Membership m, UpdateMemberRequest r, MemberStage stage, DateOnly? joined,
        DateOnly? full, CancellationToken ct)
    {
        var changes = new List<string>();
        if (stage != m.Stage)
        {
            changes.Add($"阶段：{StageName(m.Stage)} → {StageName(stage)}");
            await counters.ApplyAsync(m.OrgPath, MemberCounters.Delta(m.Stage, -1) + MemberCounters.Delta(stage), ct);
            m.ChangeStage(stage);
        }

        if (joined != m.JoinedOn)
        {
            changes.Add($"入党（团）时间：{m.JoinedOn:yyyy-MM-dd} → {joined:yyyy-MM-dd}");
        }

        if (full != m.FullOn)
        {
            changes.Add($"转正时间：{m.FullOn:yyyy-MM-dd} → {full:yyyy-MM-dd}");
        }

        m.CorrectDates(joined, full);
        if (r.DevelopmentNumber is not null && r.DevelopmentNumber.Trim() != (m.DevelopmentNumber ?? ""))
        {
            changes.Add($"编号：{m.DevelopmentNumber} → {r.DevelopmentNumber.Trim()}");
            m.Renumber(r.DevelopmentNumber);
        }

        if (r.GroupId is { } g && g != m.GroupId)
        {
            changes.Add("调整所在小组");
            m.PlaceInGroup(g);
        }

        if (r.State is { } state && state != m.State)
        {
            changes.Add($"状态：{m.State} → {state}");
            m.ChangeState(state);
        }

        return changes;
    }

    /// <summary>The full ID and phone numbers, for administrators within scope, with the reason audited.</summary>
    public async Task<RevealedNumbers> RevealAsync(long id, string? reason, CancellationToken ct = default)
    {
        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why))
        {
            throw DomainException.Validation("reason", "请填写查看完整号码的事由");
        }

        if (why.Length > 200)
        {
            throw DomainException.Validation("reason", "事由不能超过 200 字");
        }

        return await db.InTransactionAsync(async () =>
        {
            var m = await FindWritableAsync(id, ct);
            await audit.AppendAsync(AuditAction.MemberRevealed, m.OrgId, nameof(Membership), m.Id,
                $"查看{m.Person!.Name}的完整证件号码和手机号码，事由：{why}", ct);
            return new RevealedNumbers(m.Person.IdNumber, m.Person.Phone);
        }, ct);
    }

    /// <summary>Ends a membership (it stays in history); counters drop in the same transaction.</summary>
    public async Task<MemberDto> EndAsync(long id, EndMemberRequest r, CancellationToken ct = default)
    {
        if (r.Reason is null)
        {
            throw DomainException.Validation("reason", "请选择结束原因（transferredOut、left、agedOut、expelled、deceased）");
        }

        var on = r.On ?? Today;
        if (on > Today)
        {
            throw DomainException.Validation("on", "结束日期不能晚于今天");
        }

        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            await db.LockForUpdateAsync<Membership>(id, ct);
            var m = await FindWritableAsync(id, ct);
            EnsureNotEnded(m);
            if (m.JoinedOn is { } joined && on < joined)
            {
                throw DomainException.Validation("on", "结束日期不能早于入党（团）时间");
            }

            // The row is locked, so the state read above is the state changed here; the counters follow the change.
            m.End(on, r.Reason.Value, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await counters.ApplyAsync(m.OrgPath, MemberCounters.Delta(m.Stage, -1), ct);
            await audit.AppendAsync(AuditAction.MemberEnded, m.OrgId, nameof(Membership), m.Id,
                $"{m.Person!.Name}于 {on:yyyy-MM-dd} 结束{(m.System == OrgSystem.League ? "团籍" : "党籍")}，原因：{r.Reason}{(string.IsNullOrWhiteSpace(r.Note) ? "" : "；" + r.Note.Trim())}", ct);
            return await queries.GetAsync(id, ct);
        }, ct);
    }

    /// <summary>Locks a membership and its person (persons before memberships: the order every write keeps).</summary>
    private async Task LockAsync(long id, CancellationToken ct)
    {
        if (await db.Memberships.Where(x => x.Id == id).Select(x => (long?)x.PersonId).FirstOrDefaultAsync(ct) is { } personId)
        {
            await db.LockForUpdateAsync<Person>(personId, ct);
        }

        await db.LockForUpdateAsync<Membership>(id, ct);
    }

    private async Task<Membership> FindWritableAsync(long id, CancellationToken ct)
    {
        var m = await db.Memberships.Include(x => x.Person).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw DomainException.NotFound(What);
        await scope.EnsureWritable(m.OrgPath, What, ct);
        return m;
    }

    private static void EnsureNotEnded(Membership m) => m.EnsureNotEnded();

    private static PersonInput Merge(Person p, PersonInput change) => new(
        change.Name ?? p.Name, change.Gender ?? p.Gender, change.Ethnicity ?? p.Ethnicity,
        change.BirthDate ?? (change.IdNumber is null ? p.BirthDate : null), change.IdNumber ?? p.IdNumber,
        change.Phone ?? p.Phone, change.Education ?? p.Education, change.PoliticalStatus ?? p.PoliticalStatus,
        change.WorkUnit ?? p.WorkUnit, change.Post ?? p.Post, change.Address ?? p.Address, change.Degree ?? p.Degree,
        change.ProfessionalField ?? p.ProfessionalField, change.Specialties ?? p.Specialties, change.Health ?? p.Health,
        change.Family ?? p.Family, change.Children ?? p.Children, change.OtherAffiliations ?? p.OtherAffiliations,
        change.OverseasTies ?? p.OverseasTies);

    internal static void Apply(Person p, PersonInput v, DateTimeOffset now)
    {
        p.Name = v.Name!;
        p.NameInitials = PinyinInitials.Of(v.Name);
        p.Gender = v.Gender!;
        p.Ethnicity = v.Ethnicity;
        p.BirthDate = v.BirthDate;
        p.IdNumber = v.IdNumber;
        p.Phone = v.Phone;
        p.Education = v.Education;
        p.PoliticalStatus = v.PoliticalStatus;
        p.WorkUnit = v.WorkUnit;
        p.Post = v.Post;
        p.Address = v.Address;
        p.Degree = v.Degree;
        p.ProfessionalField = v.ProfessionalField;
        p.Specialties = v.Specialties;
        p.Health = v.Health;
        p.Family = v.Family;
        p.Children = v.Children;
        p.OtherAffiliations = v.OtherAffiliations;
        p.OverseasTies = v.OverseasTies;
        p.UpdatedAt = now;
    }

    /// <summary>What changed, with ID and phone numbers masked (the audit log never holds them in full).</summary>
    private static IEnumerable<string> Describe(Person p, PersonInput v)
    {
        if (p.Name != v.Name)
        {
            yield return $"姓名：{p.Name} → {v.Name}";
        }

        if (p.IdNumber != v.IdNumber)
        {
            yield return $"证件号码：{CitizenIdNumber.Mask(p.IdNumber)} → {CitizenIdNumber.Mask(v.IdNumber)}";
        }

        if (p.Phone != v.Phone)
        {
            yield return $"手机号码：{PhoneNumber.Mask(p.Phone)} → {PhoneNumber.Mask(v.Phone)}";
        }

        foreach (var (label, before, after) in new[]
                 {
                     ("性别", p.Gender, v.Gender), ("民族", p.Ethnicity, v.Ethnicity), ("学历", p.Education, v.Education),
                     ("政治面貌", p.PoliticalStatus, v.PoliticalStatus), ("工作单位", p.WorkUnit, v.WorkUnit),
                     ("职务", p.Post, v.Post), ("学位", p.Degree, v.Degree),
                     ("专业领域", p.ProfessionalField, v.ProfessionalField), ("特长", p.Specialties, v.Specialties),
                 })
        {
            if (before != after)
            {
                yield return $"{label}：{before} → {after}";
            }
        }

        // Private circumstances are named, never quoted: the audit log is read more widely than the record.
        foreach (var (label, before, after) in new[]
                 {
                     ("家庭住址", p.Address, v.Address), ("健康状况", p.Health, v.Health), ("家庭情况", p.Family, v.Family),
                     ("子女情况", p.Children, v.Children), ("其他党派、群团组织", p.OtherAffiliations, v.OtherAffiliations),
                     ("海外关系", p.OverseasTies, v.OverseasTies),
                 })
        {
            if (before != after)
            {
                yield return $"{label}已修改";
            }
        }
    }

    private static string StageName(MemberStage stage) => stage switch
    {
        MemberStage.Probationary => "预备党员",
        MemberStage.Full => "正式党员",
        _ => "团员",
    };
}
