using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Audit;

/// <summary>An audit event as the API answers it.</summary>
public sealed record AuditEventDto(long Id, DateTimeOffset At, string UserName, AuditAction Action, long? OrgId,
    string Entity, long? EntityId, string Summary, string Hash);

/// <summary>Reads of the audit log, limited to the caller's subtrees (system administrators see everything).</summary>
public sealed class AuditQueries(ZhijianDbContext db, CallerScope scope)
{
    /// <summary>
    /// A page of events, newest first: of one organization (<paramref name="orgId"/>), or with <paramref name="subtree"/> of
    /// its whole subtree (404 when it is outside the caller's sight), filtered in SQL like every list.
    /// </summary>
    public async Task<PagedList<AuditEventDto>> ListAsync(long? orgId, DateTimeOffset? from, DateTimeOffset? to,
        AuditAction? action, PageRequest p, CancellationToken ct = default, bool subtree = false)
    {
        var events = db.AuditEvents.AsNoTracking();
        if (!await scope.IsSystemAdminAsync(ct))
        {
            // Outside system administration, only events of organizations in the caller's subtrees.
            var readable = await scope.ReadableOrgIdsAsync(ct);
            events = events.Where(e => e.OrgId != null && readable.Any(id => id == e.OrgId));
        }

        if (orgId is { } oid && subtree)
        {
            var ids = await scope.SubtreeOrgIdsAsync(oid, ct);
            events = events.Where(e => e.OrgId != null && ids.Any(id => id == e.OrgId));
        }
        else if (orgId is { } only)
        {
            events = events.Where(e => e.OrgId == only);
        }

        if (from is { } f)
        {
            events = events.Where(e => e.At >= f);
        }

        if (to is { } t)
        {
            events = events.Where(e => e.At < t);
        }

        if (action is { } a)
        {
            events = events.Where(e => e.Action == a);
        }

        var total = await events.LongCountAsync(ct);
        var items = await events.OrderByDescending(e => e.Id).Skip(p.Skip).Take(p.PageSize)
            .Select(e => new AuditEventDto(e.Id, e.At, e.UserName, e.Action, e.OrgId, e.Entity, e.EntityId,
                e.Summary, e.Hash))
            .ToListAsync(ct);
        return new PagedList<AuditEventDto>(items, p.Page, p.PageSize, total, true);
    }
}

/// <summary>Routes of API.md "Audit".</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/audit").RequireAuthorization().WithTags("Audit");

        g.MapGet("/", (long? orgId, bool? subtree, DateTimeOffset? from, DateTimeOffset? to, [EnumQuery<AuditAction>] string? action, int? page,
                int? pageSize, AuditQueries audit, CancellationToken ct) =>
            audit.ListAsync(orgId, from, to, QueryValues.Enum<AuditAction>(action, "action"), PageRequest.From(page, pageSize), ct,
                subtree ?? false))
            .WithSummary("审计日志（本人管理范围内）；orgId 只列该组织的事件，加 subtree=true 列其整个子树的事件（该组织不在管理范围内时 404）");

        g.MapGet("/verify", async (AuditLog log, CancellationToken ct) =>
        {
            var v = await log.VerifyAsync(ct);
            return v.Valid
                ? Results.Ok(new AuditChainAnswer(true, v.Events, null))
                : Results.Ok(new AuditChainAnswer(false, v.Events, v.FirstBrokenId));
        }).RequireAuthorization(Policies.SystemAdmin).Produces<AuditChainAnswer>().WithSummary("校验审计日志哈希链，报告第一个断开的事件");

        return app;
    }
}

/// <summary>Answer of <c>GET /api/v1/audit/verify</c>: <c>firstBrokenId</c> only when the chain is broken.</summary>
public sealed record AuditChainAnswer(bool Valid, long Events,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    long? FirstBrokenId);
