using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Transfers;

/// <summary>Routes of API.md "Transfers" (组织关系转接) with the additions in docs/api-additions.md.</summary>
public static class TransferEndpoints
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder MapTransferEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/transfers").RequireAuthorization().WithTags("Transfers");
        MapApplications(g);
        MapDecisions(g);
        MapBatches(g);
        MapStatistics(app);
        return app;
    }

    /// <summary>Applying, lists, the detail, the letter, destinations and the member's own transfers.</summary>
    private static void MapApplications(RouteGroupBuilder g)
    {

        g.MapPost("/", async (CreateTransferRequest body, TransferService transfers, CancellationToken ct) =>
        {
            var t = await transfers.CreateAsync(body, ct);
            return Results.Created($"/api/v1/transfers/{t.Id}", t);
        }).RequireAuthorization(Policies.Member).Produces<TransferDto>(StatusCodes.Status201Created).WithSummary("申请组织关系转接（本人或组织管理员）：toOrgId 为系统内转入组织，或 outside 为系统外接收单位；已有未办结的转接则 409");

        g.MapGet("/", (long? orgId, [EnumQuery<TransferDirection>] string? direction, [EnumQuery<TransferState>] string? state, bool? overdue, int? page, int? pageSize,
                TransferQueries queries, CancellationToken ct) =>
            queries.ListAsync(orgId, QueryValues.Enum<TransferDirection>(direction, "direction"),
                QueryValues.Enum<TransferState>(state, "state"), overdue ?? false, PageRequest.From(page, pageSize), ct))
            .WithSummary("转接列表：orgId 子树的转入（direction=in）、转出（out）或全部；overdue=true 只列超过 72 小时未办的");

        g.MapGet("/{id:long}", (long id, TransferQueries queries, CancellationToken ct) => queries.GetAsync(id, ct))
            .WithSummary("转接详情，含每一步的办理意见和用时");

        g.MapGet("/{id:long}/letter.pdf", async (long id, TransferLetter letter, CancellationToken ct) =>
                Results.File(await letter.RenderAsync(id, ct), "application/pdf", $"介绍信-{id}.pdf"))
            .ProducesFile("application/pdf").WithSummary("系统外接收单位的组织关系介绍信（含回执联），PDF");

        g.MapGet("/destinations", ([EnumQuery<OrgSystem>] string? system, string? q, TransferQueries queries, CancellationToken ct) =>
                queries.DestinationsAsync(QueryValues.Enum<OrgSystem>(system, "system") ?? OrgSystem.League, q, ct))
            .WithSummary("可转入的组织（按名称、简称、拼音首字母查找，最多 20 个；只含名称）");

        g.MapGet("/mine", (TransferQueries queries, CancellationToken ct) => queries.MineAsync(ct))
            .WithSummary("我本人的转接（党（团）员自助）");
    }

    /// <summary>The decisions of the sides on one transfer: the sending or receiving organization, or the member's own cancel.</summary>
    private static void MapDecisions(RouteGroupBuilder g)
    {

        g.MapPost("/{id:long}/approve", (long id, TransferDecisionRequest body, TransferService transfers, CancellationToken ct) =>
            transfers.ApproveAsync(id, body, ct))
            .RequireOrgScopeOfAny(write: true, TransferService.What, TransferSides, TransferPerson)
            .WithSummary("转出组织同意转出（系统外接收单位则开具介绍信）");

        g.MapPost("/{id:long}/accept", (long id, TransferDecisionRequest body, TransferService transfers, CancellationToken ct) =>
            transfers.AcceptAsync(id, body, ct))
            .RequireOrgScopeOfAny(write: true, TransferService.What, TransferSides, TransferPerson)
            .WithSummary("转入组织同意接收，可用 branchId 编入其下级支部；组织关系随即转入新支部");

        g.MapPost("/{id:long}/reject", (long id, TransferDecisionRequest body, TransferService transfers, CancellationToken ct) =>
            transfers.RejectAsync(id, body, ct))
            .RequireOrgScopeOfAny(write: true, TransferService.What, TransferSides, TransferPerson)
            .WithSummary("当前应办理的一方退回，须填写理由（note）");

        g.MapPost("/{id:long}/cancel", (long id, TransferDecisionRequest body, TransferService transfers, CancellationToken ct) =>
            transfers.CancelAsync(id, body, ct))
            .RequireOrgScopeOfAny(write: true, TransferService.What, TransferSides, TransferPerson)
            .WithSummary("申请人（或转出组织）在办结前撤销");

        g.MapPost("/{id:long}/receipt", (long id, TransferReceiptRequest body, TransferService transfers, CancellationToken ct) =>
            transfers.RecordReceiptAsync(id, body, ct))
            .RequireOrgScopeOfAny(write: true, TransferService.What, TransferSides, TransferPerson)
            .WithSummary("转出组织登记介绍信回执：转接办结，党（团）员关系以 transferredOut 结束");

    }

    /// <summary>Many transfers at once: decisions over a list and the graduates' batch.</summary>
    private static void MapBatches(RouteGroupBuilder g)
    {
        g.MapPost("/decisions", (TransferBatchDecisionRequest body, TransferService transfers, CancellationToken ct) =>
                transfers.DecideManyAsync(body, ct))
            .RequireAuthorization(Policies.Writer)
            .WithSummary("批量办理：action=approve 同意转出，accept 同意接收（items 中逐项可指定编入支部 branchId）；逐项报告未能办理的原因");

        g.MapPost("/batch", (BatchTransferRequest body, TransferBatchService batches, CancellationToken ct) =>
            batches.CreateAsync(body, ct)).RequireAuthorization(Policies.Writer).WithSummary("批量转接（毕业生）：逐人报告未能办理的原因，其余一次创建");

    }

    /// <summary>The weekly reports, the statistics of a subtree and a member's history of branches.</summary>
    private static void MapStatistics(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/transfer-reports/run", (DateOnly? week, TransferStatistics stats, CancellationToken ct) =>
                stats.RunAsync(week, ct))
            .RequireAuthorization(Authorization.Policies.SystemAdmin).WithTags("Transfers")
            .WithSummary("立即运行转接周报（系统管理员）：存档尚未存档的已结束周；已存档的周不再重算");

        var orgs = app.MapGroup("/api/v1/orgs").RequireAuthorization().WithTags("Transfers");
        orgs.MapGet("/{id:long}/transfer-stats", (long id, DateOnly? from, DateOnly? to, TransferStatistics stats, CancellationToken ct) =>
                stats.ForAsync(id, from, to, ct))
            .WithSummary("转接办理统计：子树内各组织在期间内办理的步骤数、按时数、按时率、平均用时（小时）与当前超时未办数");
        orgs.MapGet("/{id:long}/transfer-reports", (long id, DateOnly? from, DateOnly? to, TransferStatistics stats, CancellationToken ct) =>
                stats.WeeksAsync(id, from, to, ct))
            .WithSummary("已存档的转接周报（每周一至周日，北京时间），子树合计");
        orgs.MapGet("/{id:long}/transfer-stats.xlsx", async (long id, DateOnly? from, DateOnly? to, TransferStatistics stats, CancellationToken ct) =>
                Results.File(await stats.WorkbookAsync(id, from, to, ct), XlsxType, "转接统计.xlsx"))
            .ProducesFile(XlsxType).WithSummary("转接统计与周报导出");

        app.MapGet("/api/v1/members/{id:long}/history", (long id, TransferQueries queries, CancellationToken ct) =>
                queries.HistoryAsync(id, ct))
            .RequireAuthorization().WithTags("Transfers")
            .WithSummary("党（团）员所在支部的历史（由已完成的转接得出）");
    }

    /// <summary>A transfer belongs to its sending and (inside the system) receiving organization.</summary>
    private static async Task<IReadOnlyList<string>> TransferSides(ZhijianDbContext db, long id, CancellationToken ct) =>
        await (from t in db.Set<Transfer>()
               where t.Id == id
               join o in db.Organizations on t.FromOrgId equals o.Id
               select o.Path)
            .Concat(from t in db.Set<Transfer>()
                    where t.Id == id
                    join o in db.Organizations on t.ToOrgId equals (long?)o.Id
                    select o.Path)
            .ToListAsync(ct);

    /// <summary>The member the transfer moves: their own transfer passes the policy, the service decides what they may do.</summary>
    private static Task<long?> TransferPerson(ZhijianDbContext db, long id, CancellationToken ct) =>
        db.Set<Transfer>().Where(t => t.Id == id).Select(t => (long?)t.PersonId).FirstOrDefaultAsync(ct);
}
