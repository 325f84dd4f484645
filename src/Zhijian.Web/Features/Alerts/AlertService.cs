using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Alerts;

/// <summary>Alert JSON.</summary>
public sealed record AlertDto(long Id, AlertType Type, string TypeName, long OrgId, string OrgName, string SubjectKey,
    string Subject, DateOnly? DueOn, string Message, AlertState State, DateTimeOffset RaisedAt, DateTimeOffset LastSeenAt,
    DateTimeOffset? ClosedAt, string? ClosedBy, string? Reason)
{
    /// <summary>The organization's path; <see cref="ParentPath"/> its ancestors' short names (same-named branches apart).</summary>
    public string OrgPath { get; init; } = "";

    public string ParentPath { get; init; } = "";

    /// <summary>Whether the caller may mark it 已处理 or 忽略 (open, and in a subtree the caller administers; never an observer).</summary>
    public bool CanClose { get; init; }
}

/// <summary>Open alerts of a subtree by type, for the dashboard widget.</summary>
public sealed record AlertSummary(long Open, IReadOnlyDictionary<string, long> ByType, DateTimeOffset? LastRunAt);

/// <summary>Body of resolve (optional note) and dismiss (required reason).</summary>
public sealed record CloseAlertRequest(string? Reason = null);

/// <summary>The alert centre: lists scoped to the caller's subtrees in SQL, resolve and dismiss (audited).</summary>
public sealed class AlertService(ZhijianDbContext db, CallerScope scope, OrganizationService orgs, OrgPathNames pathNames,
    AuditLog audit, IActor actor, TimeProvider clock)
{
    private const string What = "预警";

    public static string NameOf(AlertType type) => type switch
    {
        AlertType.MeetingMissing => "组织生活异常",
        AlertType.TermEnding => "换届提醒",
        AlertType.TermOverdue => "换届逾期",
        AlertType.LeagueAgeLimit => "超龄离团",
        AlertType.LeagueLapsed => "自行脱团",
        AlertType.TransferOverdue => "转接超时",
        AlertType.DevelopmentDue => "发展程序到期",
        AlertType.DuesArrears => "党（团）费欠缴",
        _ => type.ToString(),
    };

    public async Task<PagedList<AlertDto>> ListAsync(long? orgId, AlertType? type, AlertState? state, PageRequest page,
        CancellationToken ct = default)
    {
        var query = await FilterAsync(orgId, ct);
        if (type is { } t)
        {
            query = query.Where(a => a.Type == t);
        }

        if (state is { } s)
        {
            query = query.Where(a => a.State == s);
        }

        var total = await query.LongCountAsync(ct);
        var items = await Project(query.OrderBy(a => a.State).ThenBy(a => a.DueOn).ThenBy(a => a.Id)
            .Skip(page.Skip).Take(page.PageSize)).ToListAsync(ct);
        var lastScan = await LastScanAsync(ct);
        var shown = await ForCallerAsync(items.Select(a => Named(a, lastScan)).ToList(), ct);
        return new PagedList<AlertDto>(shown, page.Page, page.PageSize, total, true);
    }

    public async Task<AlertDto> GetAsync(long id, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Set<Alert>().AsNoTracking().Where(a => a.Id == id), a => a.OrgPath, ct);
        var alert = await Project(query).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound(What);
        return (await ForCallerAsync([Named(alert, await LastScanAsync(ct))], ct))[0];
    }

    /// <summary>Open alerts of the caller's sight (or one subtree) counted by type.</summary>
    public async Task<AlertSummary> SummaryAsync(long? orgId, CancellationToken ct = default)
    {
        var query = (await FilterAsync(orgId, ct)).Where(a => a.State == AlertState.Open);
        var byType = await query.GroupBy(a => a.Type).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        var last = await db.Set<AlertScanRun>().AsNoTracking().OrderByDescending(r => r.Id).Select(r => (DateTimeOffset?)r.FinishedAt)
            .FirstOrDefaultAsync(ct);
        return new AlertSummary(byType.Sum(x => x.Count),
            byType.ToDictionary(x => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(x.Key.ToString()), x => x.Count), last);
    }

    public Task<AlertDto> ResolveAsync(long id, string? note, CancellationToken ct = default) =>
        CloseAsync(id, AlertState.Resolved, note, ct);

    public Task<AlertDto> DismissAsync(long id, string? reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > Alert.ReasonMaxLength)
        {
            throw DomainException.Validation("reason", $"忽略预警须填写原因（不超过 {Alert.ReasonMaxLength} 字）");
        }

        return CloseAsync(id, AlertState.Dismissed, reason, ct);
    }

    private async Task<AlertDto> CloseAsync(long id, AlertState to, string? reason, CancellationToken ct)
    {
        if (reason is { Length: > Alert.ReasonMaxLength })
        {
            throw DomainException.Validation("reason", $"说明不超过 {Alert.ReasonMaxLength} 字");
        }

        return await db.InTransactionAsync(async () =>
        {
            await db.LockForUpdateAsync<Alert>(id, ct); // one of two racing closes wins, the other reads it closed (409)
            var alert = await db.Set<Alert>().FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw DomainException.NotFound(What);
            await scope.EnsureWritable(alert.OrgPath, What, ct);
            if (to == AlertState.Dismissed)
            {
                alert.Dismiss(actor.UserName, clock.GetUtcNow(), reason);
            }
            else
            {
                alert.Resolve(actor.UserName, clock.GetUtcNow(), reason);
            }
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(to == AlertState.Dismissed ? AuditAction.AlertDismissed : AuditAction.AlertResolved,
                alert.OrgId, nameof(Alert), alert.Id,
                $"{(to == AlertState.Dismissed ? "忽略" : "处理")}预警「{alert.Subject}」{(alert.Reason is null ? "" : "：" + alert.Reason)}", ct);
            return await GetAsync(id, ct);
        }, ct);
    }

    private async Task<IQueryable<Alert>> FilterAsync(long? orgId, CancellationToken ct)
    {
        var query = await scope.Readable(db.Set<Alert>().AsNoTracking(), a => a.OrgPath, ct);
        if (orgId is { } id)
        {
            var org = await orgs.FindReadableAsync(id, ct);
            query = query.Where(TreePath.In<Alert>(a => a.OrgPath, org.Path));
        }

        return query;
    }

    private IQueryable<AlertDto> Project(IQueryable<Alert> query) =>
        from a in query
        join o in db.Organizations on a.OrgId equals o.Id
        select new AlertDto(a.Id, a.Type, "", a.OrgId, o.ShortName, a.SubjectKey, a.Subject, a.DueOn, a.Message, a.State,
            a.RaisedAt, a.LastSeenAt, a.ClosedAt, a.ClosedBy, a.Reason)
        { OrgPath = o.Path };

    /// <summary>Parent paths (one query for the page's ancestors) and whether the caller may close each alert.</summary>
    private async Task<List<AlertDto>> ForCallerAsync(List<AlertDto> alerts, CancellationToken ct)
    {
        var parents = await pathNames.ParentsAsync(alerts.Select(a => a.OrgPath), ct);
        var writable = await scope.WritablePrefixesAsync(ct);
        return alerts.Select(a => a with
        {
            ParentPath = parents(a.OrgPath),
            CanClose = a.State == AlertState.Open && (writable is null || writable.Any(p => TreePath.IsWithin(a.OrgPath, p))),
        }).ToList();
    }

    /// <summary>
    /// The type's name, and <c>lastSeenAt</c> of an open alert: every completed scan confirms each alert it leaves open,
    /// so that is the last scan's time (the scan does not rewrite millions of rows to say so).
    /// </summary>
    private static AlertDto Named(AlertDto a, DateTimeOffset? lastScan) => a with
    {
        TypeName = NameOf(a.Type),
        LastSeenAt = a.State == AlertState.Open && lastScan > a.LastSeenAt ? lastScan.Value : a.LastSeenAt,
    };

    private Task<DateTimeOffset?> LastScanAsync(CancellationToken ct) =>
        db.Set<AlertScanRun>().AsNoTracking().OrderByDescending(r => r.Id).Select(r => (DateTimeOffset?)r.AsOf).FirstOrDefaultAsync(ct);
}

/// <summary>Routes of the alert centre.</summary>
public static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/alerts").RequireAuthorization().WithTags("Alerts");

        g.MapGet("/", (long? orgId, [EnumQuery<AlertType>] string? type, [EnumQuery<AlertState>] string? state, int? page, int? pageSize, AlertService alerts,
                CancellationToken ct) => alerts.ListAsync(orgId, QueryValues.Enum<AlertType>(type, "type"),
                QueryValues.Enum<AlertState>(state, "state"), PageRequest.From(page, pageSize), ct))
            .WithSummary("预警列表（限本人管理范围内的组织；可按组织子树、类型、状态筛选）");

        g.MapGet("/summary", (long? orgId, AlertService alerts, CancellationToken ct) => alerts.SummaryAsync(orgId, ct))
            .WithSummary("未处理预警按类型计数（首页小部件）");

        g.MapGet("/{id:long}", (long id, AlertService alerts, CancellationToken ct) => alerts.GetAsync(id, ct))
            .WithSummary("预警详情");

        g.MapPost("/{id:long}/resolve", (long id, CloseAlertRequest? body, AlertService alerts, CancellationToken ct) =>
                alerts.ResolveAsync(id, body?.Reason, ct))
            .RequireOrgScope(write: true, "预警", AlertPath)
            .WithSummary("标记为已处理（可附说明；情况仍在时下次扫描会重新打开）");

        g.MapPost("/{id:long}/dismiss", (long id, CloseAlertRequest? body, AlertService alerts, CancellationToken ct) =>
                alerts.DismissAsync(id, body?.Reason, ct))
            .RequireOrgScope(write: true, "预警", AlertPath)
            .WithSummary("忽略预警（须填写原因；忽略后不再打开）");

        g.MapPost("/scan", (DateTimeOffset? asOf, AlertScanner scanner, CancellationToken ct) => scanner.RunAsync(asOf, "api", ct))
            .RequireAuthorization(Policies.SystemAdmin)
            .WithSummary("立即扫描一次（系统管理员；asOf 可指定扫描时刻，供测试与补算）");

        // The run's figures count conditions of the whole system: system administrators only (the scoped
        // summary already tells everyone else when the last scan ran).
        g.MapGet("/runs/last", async (AlertScanner scanner, CancellationToken ct) =>
                await scanner.LastRunAsync(ct) is { } run ? Results.Ok(run) : Results.NoContent())
            .RequireAuthorization(Policies.SystemAdmin)
            .Produces<AlertScanRun>().Produces(StatusCodes.Status204NoContent)
            .WithSummary("最近一次扫描的时间、耗时和结果（系统管理员）");

        return app;
    }

    private static Task<string?> AlertPath(ZhijianDbContext db, long id, CancellationToken ct) =>
        db.Set<Alert>().Where(a => a.Id == id).Select(a => a.OrgPath).FirstOrDefaultAsync(ct);
}
