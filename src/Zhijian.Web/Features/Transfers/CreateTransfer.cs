using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Transfers;

/// <summary>The checks of <see cref="CreateTransferRequest"/> that need no database: one 400 with every field's error.</summary>
public static class CreateTransferValidation
{
    public static void Validate(CreateTransferRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.MemberId is null)
        {
            errors["memberId"] = ["请选择要转接的党（团）员"];
        }

        if (r.Reason is null)
        {
            errors["reason"] = ["请选择转接原因（study、work、graduation、abroad、military、unemployed、other）"];
        }

        CheckDestination(r, errors);
        TransferService.CheckNote(r.Note, errors);
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }
    }

    private static void CheckDestination(CreateTransferRequest r, Dictionary<string, string[]> errors)
    {
        if (r.ToOrgId is null && r.Outside is null)
        {
            errors["toOrgId"] = ["请选择转入组织，或填写系统外的接收单位"];
        }
        else if (r.ToOrgId is not null && r.Outside is not null)
        {
            errors["toOrgId"] = ["转入组织和系统外接收单位只能填写一个"];
        }
        else if (r.Outside is not null)
        {
            var outsideName = r.Outside.OrgName?.Trim();
            if (string.IsNullOrEmpty(outsideName) || outsideName.Length > Transfer.OutsideNameMaxLength)
            {
                errors["outside.orgName"] = [$"请填写系统外接收单位的党（团）组织名称（不超过 {Transfer.OutsideNameMaxLength} 个字）"];
            }

            if (r.Outside.Contact?.Trim().Length > Transfer.OutsideContactMaxLength)
            {
                errors["outside.contact"] = [$"联系方式不超过 {Transfer.OutsideContactMaxLength} 个字"];
            }
        }
    }
}

/// <summary>
/// Handler of <see cref="CreateTransferRequest"/> (an application for a transfer, by the member's organization or by the
/// member from <c>/me</c>): checks the member, the destination and that no transfer is open, then lets
/// <see cref="Transfer.Apply"/> start the route, in one transaction with its audit event. Returns the transfer's id.
/// </summary>
public sealed class CreateTransferHandler(
    ZhijianDbContext db, CallerScope scope, IActor actor, AuditLog audit, TransferQueries queries, Rules.RuleBook rules,
    TimeProvider clock)
{
    private const string OpenTransfer = "该党（团）员已有一项正在办理的组织关系转接，请先办结或撤销";

    private sealed record Applicant(long Id, long PersonId, OrgSystem System, long OrgId, string OrgPath, MemberState State, string SortName);

    public async Task<long> HandleAsync(CreateTransferRequest r, CancellationToken ct)
    {
        CreateTransferValidation.Validate(r);
        var outsideName = r.ToOrgId is null ? r.Outside?.OrgName?.Trim() : null;
        var outsideContact = r.ToOrgId is null ? r.Outside?.Contact?.Trim() : null;
        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            var m = await db.Memberships.AsNoTracking().Where(x => x.Id == r.MemberId)
                .Select(x => new Applicant(x.Id, x.PersonId, x.System, x.OrgId, x.OrgPath, x.State, x.SortName))
                .FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound("党（团）员");
            var byMember = await AppliedByMemberAsync(m, ct);
            if (m.State == MemberState.Ended)
            {
                throw DomainException.InvalidState("该党（团）员的记录已结束，不能转接");
            }

            if (r.ToOrgId is { } toId)
            {
                await CheckDestinationAsync(m, toId, ct);
            }

            if (await db.Set<Transfer>().AnyAsync(t => t.MembershipId == m.Id && Transfer.OpenStates.Contains(t.State), ct))
            {
                throw DomainException.InvalidState(OpenTransfer);
            }

            var now = clock.GetUtcNow();
            var set = await rules.CurrentAsync(ct);
            var hours = set.Int(m.System, "transfer.responseHours", ChinaTime.DateOf(now));
            var transfer = Transfer.Apply(m.Id, m.PersonId, m.System, m.OrgId, r.ToOrgId, outsideName, outsideContact,
                r.Reason!.Value, r.Note?.Trim(), now, hours, actor.UserId, actor.UserName, byMember);
            await AddAsync(transfer, ct);
            await audit.AppendAsync(AuditAction.TransferApplied, m.OrgId, nameof(Transfer), transfer.Id,
                $"{(byMember ? "本人" : "组织")}申请{m.SortName}的组织关系转接（{TransferNames.Reason(transfer.Reason)}），转往"
                + (transfer.ToOrgId is { } to ? await OrgNameAsync(to, ct) : $"系统外「{outsideName}」"), ct);
            return transfer.Id;
        }, ct);
    }

    /// <summary>True when the caller applies for their own membership without writing its branch; else the caller must write it.</summary>
    private async Task<bool> AppliedByMemberAsync(Applicant m, CancellationToken ct)
    {
        if (await scope.CanWriteAsync(m.OrgPath, ct))
        {
            return false;
        }

        if (await queries.CallerPersonIdAsync(ct) == m.PersonId)
        {
            return true;
        }

        await scope.EnsureWritable(m.OrgPath, "党（团）员", ct);
        return false;
    }

    /// <summary>A destination inside the system: active, of the member's system, a branch or higher, not the member's own.</summary>
    private async Task CheckDestinationAsync(Applicant m, long toId, CancellationToken ct)
    {
        var to = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == toId, ct);
        if (to is null || to.Status != OrgStatus.Active)
        {
            throw DomainException.Validation("toOrgId", "转入组织不存在或已撤销");
        }

        if (to.System != m.System)
        {
            throw DomainException.Validation("toOrgId", m.System == OrgSystem.League
                ? "团组织关系只能转入团组织；转往党组织请另行办理" : "党组织关系只能转入党组织");
        }

        if (to.Kind == OrgKind.Group)
        {
            throw DomainException.Validation("toOrgId", "转入组织应为支部或其上级组织，不能是小组");
        }

        if (to.Id == m.OrgId)
        {
            throw DomainException.Validation("toOrgId", "转入组织就是当前所在支部，无需转接");
        }
    }

    private async Task AddAsync(Transfer transfer, CancellationToken ct)
    {
        db.Add(transfer);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // The unique index on open transfers: a concurrent application won the race.
            throw DomainException.InvalidState(OpenTransfer);
        }
    }

    private Task<string> OrgNameAsync(long orgId, CancellationToken ct) =>
        db.Organizations.Where(o => o.Id == orgId).Select(o => o.Name).FirstAsync(ct);
}
