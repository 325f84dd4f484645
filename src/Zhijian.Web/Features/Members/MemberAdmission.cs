using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Web.Features.Members;

/// <summary>
/// The library's side of development (发展党员/团员): registering an applicant as a person (validated like any member),
/// creating the membership on admission and marking 转正. Development calls these inside its own transaction; the
/// membership tables stay Members' own.
/// </summary>
public sealed class MemberAdmission(ZhijianDbContext db, OrgCounters counters, AuditLog audit, Rules.RuleBook rules,
    TimeProvider clock, PersonAccess people)
{
    /// <summary>
    /// The person with the input's ID number (locked), or a new one. The input is validated as a member's person (GB 11643
    /// checksum, birth date and gender agreeing with the number, code tables); errors carry the <paramref name="prefix"/>.
    /// A person already on record keeps their fields unless the caller may change them.
    /// </summary>
    public async Task<Person> RegisterPersonAsync(PersonInput input, string prefix, CancellationToken ct)
    {
        var errors = new Dictionary<string, List<string>>();
        var person = MemberValidation.CheckPerson(input, errors, prefix, today: clock.Today());
        if (errors.Count > 0)
        {
            throw DomainException.Validation(MemberValidation.ToProblem(errors));
        }

        var now = clock.GetUtcNow();
        var existing = await db.Persons.FirstOrDefaultAsync(p => p.IdNumber == person.IdNumber, ct);
        if (existing is not null)
        {
            await db.LockForUpdateAsync<Person>(existing.Id, ct);
            await db.Entry(existing).ReloadAsync(ct);
            if (await people.MayChangeAsync(existing.Id, ct))
            {
                MemberService.Apply(existing, person, now);
            }

            return existing;
        }

        var created = new Person { CreatedAt = now };
        MemberService.Apply(created, person, now);
        db.Persons.Add(created);
        await db.SaveChangesAsync(ct);
        return created;
    }

    /// <summary>
    /// Admits a person to a branch (预备党员 or 团员) joined on the vote day with the development number; 409
    /// <c>duplicate_id_number</c> when the person already has a current membership of the system. Counted and audited.
    /// </summary>
    public async Task<long> AdmitAsync(long personId, long branchId, string branchPath, OrgSystem system, DateOnly joinedOn,
        string developmentNumber, CancellationToken ct)
    {
        await db.LockForUpdateAsync<Person>(personId, ct);
        var person = await db.Persons.SingleAsync(p => p.Id == personId, ct);
        if (await db.Memberships.AnyAsync(m => m.PersonId == personId && m.System == system && m.State != MemberState.Ended, ct))
        {
            throw DomainException.Conflict(ErrorCodes.DuplicateIdNumber,
                $"{person.Name}（{CitizenIdNumber.Mask(person.IdNumber)}）已有在册的{(system == OrgSystem.League ? "团员" : "党员")}记录，不能重复接收");
        }

        var stage = system == OrgSystem.League ? MemberStage.Member : MemberStage.Probationary;
        var errors = new Dictionary<string, List<string>>();
        MemberValidation.CheckMembership(system, stage, joinedOn, null, person.BirthDate, clock.Today(), errors, await rules.CurrentAsync(ct));
        if (errors.Count > 0)
        {
            throw DomainException.Validation(MemberValidation.ToProblem(errors));
        }

        var now = clock.GetUtcNow();
        var membership = new Membership(system, branchId, branchPath, stage, joinedOn, person.Name, now, developmentNumber: developmentNumber)
        {
            PersonId = personId,
        };
        db.Memberships.Add(membership);
        await db.SaveChangesAsync(ct);
        await counters.ApplyAsync(branchPath, MemberCounters.Delta(stage), ct);
        await audit.AppendAsync(AuditAction.MemberCreated, branchId, nameof(Membership), membership.Id,
            $"发展程序接收{(stage == MemberStage.Member ? "团员" : "预备党员")}{person.Name}（编号 {developmentNumber}，{joinedOn:yyyy-MM-dd} 支部大会通过）", ct);
        return membership.Id;
    }

    /// <summary>转正 of a membership the development admitted, through the same probation rule as the member form's 转正.</summary>
    public async Task ConfirmFullAsync(long membershipId, DateOnly fullOn, CancellationToken ct)
    {
        await db.LockForUpdateAsync<Membership>(membershipId, ct);
        var m = await db.Memberships.SingleAsync(x => x.Id == membershipId, ct);
        m.EnsureNotEnded();
        if (m.Stage != MemberStage.Probationary)
        {
            throw DomainException.InvalidState("该党员已不是预备党员，不能转正");
        }

        var errors = new Dictionary<string, List<string>>();
        MemberValidation.CheckProbation(m.JoinedOn ?? fullOn, fullOn, errors, await rules.CurrentAsync(ct));
        if (errors.Count > 0)
        {
            throw DomainException.Validation(MemberValidation.ToProblem(errors));
        }

        await counters.ApplyAsync(m.OrgPath, MemberCounters.Delta(MemberStage.Probationary, -1) + MemberCounters.Delta(MemberStage.Full), ct);
        m.ChangeStage(MemberStage.Full);
        m.CorrectDates(m.JoinedOn, fullOn);
        m.Touch(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditAction.MemberUpdated, m.OrgId, nameof(Membership), m.Id,
            $"{m.SortName}按期转正（{fullOn:yyyy-MM-dd}）", ct);
    }
}
