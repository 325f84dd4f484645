using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Corrections;

/// <summary>
/// A correction request as the API answers it. <c>orgId</c>/<c>orgName</c> are the branch the request is
/// addressed to (the membership's current organization); <c>fieldName</c> is the field in Chinese;
/// <c>closedBy</c> is the account that resolved or rejected it (not shown to the member). <c>value</c> is masked
/// for ID and phone numbers (<c>valueMasked</c> true) for every caller: the full value leaves the server only
/// through <c>POST /api/v1/corrections/{id}/reveal</c> (audited) and is written by <c>/apply</c> without being sent.
/// </summary>
public sealed record CorrectionDto(long Id, long MembershipId, long OrgId, string OrgName, long PersonId, string Name,
    string Field, string FieldName, string Value, string? Note, CorrectionState State, DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt, string? ClosedBy, string? ResolutionNote, bool ValueMasked = false);

/// <summary>Answer of <c>POST /api/v1/corrections/{id}/reveal</c>: the proposed value in full.</summary>
public sealed record RevealedCorrection(long Id, string Field, string Value);

/// <summary>Body of <c>POST /api/v1/me/corrections</c>; <c>membershipId</c> picks one of one's memberships (default: the latest current one).</summary>
public sealed record FileCorrectionRequest(string? Field = null, string? Value = null, string? Note = null,
    long? MembershipId = null);

/// <summary>Body of <c>POST /api/v1/corrections/{id}/resolve</c> and <c>/reject</c>.</summary>
public sealed record CloseCorrectionRequest(string? Note = null);

/// <summary>
/// Correction requests (报告错误/申请更正): members file them about their own record, the branch's
/// administrators resolve or reject them. Each step is one transaction with its audit event.
/// </summary>
public sealed class CorrectionService(
    ZhijianDbContext db,
    CallerScope scope,
    OrganizationService orgs,
    AuditLog audit,
    IActor actor,
    MemberService members,
    TimeProvider clock)
{
    private const string What = "更正申请";

    /// <summary>The rules of a filing, before any database work; errors keyed by camelCase field.</summary>
    public static Dictionary<string, string[]> Check(FileCorrectionRequest r, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(r.Field))
        {
            errors["field"] = ["请选择有误的信息项"];
        }
        else if (CorrectionFields.Find(r.Field) is null)
        {
            errors["field"] = [$"信息项「{r.Field}」无效，可选：{CorrectionFields.Listing}"];
        }

        var value = r.Value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            errors["value"] = ["请填写正确的内容"];
        }
        else if (value.Length > CorrectionRequest.ValueMaxLength)
        {
            errors["value"] = [$"正确的内容不能超过 {CorrectionRequest.ValueMaxLength} 个字"];
        }
        else if (CorrectionFields.Find(r.Field) is { } f && CorrectionValues.Check(f.Code, value, today).Error is { } wrong)
        {
            errors["value"] = [wrong];
        }

        if (r.Note is not null && r.Note.Trim().Length > CorrectionRequest.NoteMaxLength)
        {
            errors["note"] = [$"说明不能超过 {CorrectionRequest.NoteMaxLength} 个字"];
        }

        return errors;
    }

    /// <summary>Files a request about the caller's own record, addressed to the branch of one of their memberships.</summary>
    public async Task<CorrectionDto> FileAsync(FileCorrectionRequest r, CancellationToken ct = default)
    {
        var today = ChinaTime.DateOf(clock.GetUtcNow());
        var errors = Check(r, today);
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }

        var personId = await MyPersonIdAsync(ct)
            ?? throw DomainException.InvalidState("您的账户还没有关联党（团）员档案，请联系所在支部");
        var field = CorrectionFields.Find(r.Field)!;

        return await db.InTransactionAsync(async () =>
        {
            var membership = await db.Memberships.AsNoTracking()
                .Where(m => m.PersonId == personId && m.State != MemberState.Ended)
                .Where(m => r.MembershipId == null || m.Id == r.MembershipId)
                .OrderByDescending(m => m.Id)
                .Select(m => new { m.Id, m.OrgId, m.Person!.Name })
                .FirstOrDefaultAsync(ct);
            if (membership is null)
            {
                throw r.MembershipId is null
                    ? DomainException.InvalidState("您目前没有在册的党（团）组织关系，请联系原所在支部")
                    : DomainException.NotFound("组织关系");
            }

            var request = new CorrectionRequest
            {
                PersonId = personId,
                MembershipId = membership.Id,
                Field = field.Code,
                ProposedValue = CorrectionValues.Check(field.Code, r.Value!.Trim(), today).Value,
                Note = string.IsNullOrWhiteSpace(r.Note) ? null : r.Note.Trim(),
                CreatedByUserId = actor.UserId,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Set<CorrectionRequest>().Add(request);
            await db.SaveChangesAsync(ct);
            // The proposed value stays out of the audit trail: it may be an ID or phone number.
            await audit.AppendAsync(AuditAction.CorrectionFiled, membership.OrgId, nameof(CorrectionRequest), request.Id,
                $"{membership.Name}申请更正「{field.Name}」", ct);
            return (await ProjectAsync(db.Set<CorrectionRequest>().Where(c => c.Id == request.Id), ct)).Single();
        }, ct);
    }

    /// <summary>The caller's own requests, newest first (without who closed them).</summary>
    public async Task<IReadOnlyList<CorrectionDto>> MineAsync(CancellationToken ct = default)
    {
        if (await MyPersonIdAsync(ct) is not { } personId)
        {
            return [];
        }

        var mine = await ProjectAsync(db.Set<CorrectionRequest>().Where(c => c.PersonId == personId), ct,
            newestFirst: true, take: 50);
        return mine.Select(c => c with { ClosedBy = null }).ToList();
    }

    /// <summary>The requests addressed to branches of an organization's subtree; 404 outside the caller's sight.</summary>
    public async Task<PagedList<CorrectionDto>> ListAsync(long orgId, CorrectionState? state, PageRequest page,
        CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var query = InSubtree(org.Path);
        if (state is { } s)
        {
            query = query.Where(c => c.State == s);
        }

        var total = await query.LongCountAsync(ct);
        var items = await ProjectAsync(query, ct, newestFirst: state != CorrectionState.Open, skip: page.Skip,
            take: page.PageSize);
        return new PagedList<CorrectionDto>(items, page.Page, page.PageSize, total, true);
    }

    /// <summary>How many open requests wait in an organization's subtree (for the dashboard).</summary>
    public async Task<long> CountOpenAsync(long orgId, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        return await InSubtree(org.Path).LongCountAsync(c => c.State == CorrectionState.Open, ct);
    }

    public async Task<CorrectionDto> GetAsync(long id, CancellationToken ct = default)
    {
        var found = await ProjectAsync(db.Set<CorrectionRequest>().Where(c => c.Id == id), ct);
        if (found.Count == 0 || !await scope.CanReadAsync(await PathOfAsync(id, ct) ?? "", ct))
        {
            throw DomainException.NotFound(What);
        }

        return found[0];
    }

    /// <summary>Marks an open request resolved, after the record was edited through the member form (this changes no record).</summary>
    public Task<CorrectionDto> ResolveAsync(long id, CloseCorrectionRequest r, CancellationToken ct = default) =>
        CloseAsync(id, r, resolve: true, ct);

    /// <summary>Rejects an open request with the reason the member will read.</summary>
    public Task<CorrectionDto> RejectAsync(long id, CloseCorrectionRequest r, CancellationToken ct = default) =>
        CloseAsync(id, r, resolve: false, ct);

    private async Task<CorrectionDto> CloseAsync(long id, CloseCorrectionRequest r, bool resolve, CancellationToken ct)
    {
        var note = r.Note?.Trim();
        if (string.IsNullOrEmpty(note))
        {
            throw DomainException.Validation("note", resolve ? "请填写处理说明（如已更正的内容）" : "请填写驳回原因");
        }

        if (note.Length > CorrectionRequest.NoteMaxLength)
        {
            throw DomainException.Validation("note", $"说明不能超过 {CorrectionRequest.NoteMaxLength} 个字");
        }

        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            await db.LockForUpdateAsync<CorrectionRequest>(id, ct); // one of two racing decisions closes it, the other gets 409
            var request = await db.Set<CorrectionRequest>().FirstOrDefaultAsync(c => c.Id == id, ct)
                ?? throw DomainException.NotFound(What);
            var holder = await db.Memberships.AsNoTracking().Where(m => m.Id == request.MembershipId)
                .Select(m => new { m.OrgId, m.OrgPath, m.Person!.Name }).FirstAsync(ct);
            await scope.EnsureWritable(holder.OrgPath, What, ct);
            var now = clock.GetUtcNow();
            if (resolve)
            {
                request.Resolve(actor, now, note);
            }
            else
            {
                request.Reject(actor, now, note);
            }

            await db.SaveChangesAsync(ct);
            var field = CorrectionFields.NameOf(request.Field);
            await audit.AppendAsync(resolve ? AuditAction.CorrectionResolved : AuditAction.CorrectionRejected,
                holder.OrgId, nameof(CorrectionRequest), request.Id,
                resolve ? $"处理{holder.Name}的更正申请（{field}）：{note}" : $"驳回{holder.Name}的更正申请（{field}）：{note}", ct);
            return (await ProjectAsync(db.Set<CorrectionRequest>().Where(c => c.Id == id), ct)).Single();
        }, ct);
    }

    /// <summary>
    /// The proposed value in full, for an administrator who may change the record (observers 403, outside 404);
    /// writes an audit event with the reason, never the value.
    /// </summary>
    public async Task<RevealedCorrection> RevealAsync(long id, string? reason, CancellationToken ct = default)
    {
        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why))
        {
            throw DomainException.Validation("reason", "请填写查看完整内容的事由");
        }

        if (why.Length > 200)
        {
            throw DomainException.Validation("reason", "事由不能超过 200 字");
        }

        return await db.InTransactionAsync(async () =>
        {
            var (request, holder) = await FindWritableAsync(id, ct);
            await audit.AppendAsync(AuditAction.CorrectionRevealed, holder.OrgId, nameof(CorrectionRequest), request.Id,
                $"查看{holder.Name}的更正申请（{CorrectionFields.NameOf(request.Field)}）的完整内容，事由：{why}", ct);
            return new RevealedCorrection(request.Id, request.Field, request.ProposedValue);
        }, ct);
    }

    /// <summary>
    /// Writes an open request's proposed value into the record through the member service (validated and audited
    /// there), so that the console can apply a masked ID or phone number without ever receiving it. The request
    /// stays open until it is marked resolved with a note.
    /// </summary>
    public async Task<MemberDto> ApplyAsync(long id, CancellationToken ct = default) =>
        await db.InTransactionAsync(async () =>
        {
            var (request, _) = await FindWritableAsync(id, ct);
            if (request.State != CorrectionState.Open)
            {
                throw DomainException.InvalidState(request.State == CorrectionState.Resolved ? "该更正申请已处理" : "该更正申请已驳回");
            }

            var patch = CorrectionPatch.Of(request.Field, request.ProposedValue)
                ?? throw DomainException.Validation("field", $"「{CorrectionFields.NameOf(request.Field)}」不能直接写入档案，请在档案中核实更正");
            return await members.UpdateAsync(request.MembershipId, patch, ct);
        }, ct);

    private async Task<(CorrectionRequest Request, Holder Holder)> FindWritableAsync(long id, CancellationToken ct)
    {
        var request = await db.Set<CorrectionRequest>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw DomainException.NotFound(What);
        var holder = await db.Memberships.AsNoTracking().Where(m => m.Id == request.MembershipId)
            .Select(m => new Holder(m.OrgId, m.OrgPath, m.Person!.Name)).FirstAsync(ct);
        await scope.EnsureWritable(holder.OrgPath, What, ct);
        return (request, holder);
    }

    private sealed record Holder(long OrgId, string OrgPath, string Name);

    private IQueryable<CorrectionRequest> InSubtree(string path) =>
        from c in db.Set<CorrectionRequest>().AsNoTracking()
        join m in db.Memberships.Where(TreePath.In<Membership>(m => m.OrgPath, path)) on c.MembershipId equals m.Id
        select c;

    private Task<string?> PathOfAsync(long id, CancellationToken ct) =>
        (from c in db.Set<CorrectionRequest>()
         where c.Id == id
         join m in db.Memberships on c.MembershipId equals m.Id
         select m.OrgPath).FirstOrDefaultAsync(ct);

    private async Task<long?> MyPersonIdAsync(CancellationToken ct) =>
        actor.UserId is { } userId
            ? await db.Users.Where(u => u.Id == userId).Select(u => u.PersonId).FirstOrDefaultAsync(ct)
            : null;

    private async Task<List<CorrectionDto>> ProjectAsync(IQueryable<CorrectionRequest> query, CancellationToken ct,
        bool newestFirst = false, int skip = 0, int take = 1000)
    {
        var ordered = newestFirst
            ? query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            : query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id);
        var rows = await (from c in ordered.Skip(skip).Take(take)
                          join m in db.Memberships on c.MembershipId equals m.Id
                          join o in db.Organizations on m.OrgId equals o.Id
                          join p in db.Persons on c.PersonId equals p.Id
                          select new { c, m.OrgId, o.ShortName, p.Name }).AsNoTracking().ToListAsync(ct);
        // The join may lose the order in SQL; restore it here.
        var sorted = newestFirst
            ? rows.OrderByDescending(x => x.c.CreatedAt).ThenByDescending(x => x.c.Id)
            : rows.OrderBy(x => x.c.CreatedAt).ThenBy(x => x.c.Id);
        return sorted.Select(x => new CorrectionDto(x.c.Id, x.c.MembershipId, x.OrgId, x.ShortName, x.c.PersonId, x.Name,
            x.c.Field, CorrectionFields.NameOf(x.c.Field), CorrectionPatch.Display(x.c.Field, x.c.ProposedValue), x.c.Note,
            x.c.State, x.c.CreatedAt, x.c.ClosedAt, x.c.ClosedByUserName, x.c.ResolutionNote,
            CorrectionPatch.IsMasked(x.c.Field))).ToList();
    }
}
