using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Evaluations;

/// <summary>Routes of the yearly evaluation (教育评议 / 民主评议党员) and 团籍注册.</summary>
public static class EvaluationEndpoints
{
    public static IEndpointRouteBuilder MapEvaluationEndpoints(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/api/v1/orgs").RequireAuthorization().WithTags("Evaluations");

        orgs.MapPost("/{id:long}/evaluations", async (long id, OpenEvaluationRequest body, EvaluationService evaluations,
            CancellationToken ct) =>
        {
            var e = await evaluations.OpenAsync(id, body, ct);
            return Results.Created($"/api/v1/evaluations/{e.Id}", e);
        }).RequireAuthorization(Policies.OrgWrite).Produces<EvaluationDto>(StatusCodes.Status201Created)
            .WithSummary("发起本年度评议（支部；以当日在册党（团）员为参评成员；同一年度只能发起一次，否则 409）");

        orgs.MapGet("/{id:long}/evaluations", (long id, int? year, bool? subtree, int? page, int? pageSize,
                EvaluationService evaluations, CancellationToken ct) =>
                evaluations.ListAsync(id, year, subtree ?? false, PageRequest.From(page, pageSize), ct))
            .RequireAuthorization(Policies.OrgRead).Produces<PagedList<EvaluationDto>>()
            .WithSummary("评议列表（本组织或 subtree=true 含下级），含各等次人数");

        orgs.MapPost("/{id:long}/registrations", (long id, RegisterRequest body, RegistrationService registrations,
                CancellationToken ct) => registrations.RegisterAsync(id, body, ct))
            .RequireAuthorization(Policies.OrgWrite).Produces<RegistrationResultDto>()
            .WithSummary("团籍注册：本年度评议已结束且评为基本合格及以上的团员予以注册，其余列出原因");

        orgs.MapGet("/{id:long}/registration-stats", (long id, int? year, RegistrationService registrations, CancellationToken ct) =>
                registrations.StatsAsync(id, year, ct))
            .RequireAuthorization(Policies.OrgRead).Produces<RegistrationStatsDto>()
            .WithSummary("团籍注册统计（本组织及下级）：团员数、已注册、注册率、按支部");

        orgs.MapGet("/{id:long}/unregistered", (long id, int? year, bool? subtree, int? page, int? pageSize,
                RegistrationService registrations, CancellationToken ct) =>
                registrations.UnregisteredAsync(id, year, subtree ?? false, PageRequest.From(page, pageSize), ct))
            .RequireAuthorization(Policies.OrgRead).Produces<PagedList<UnregisteredMemberDto>>()
            .WithSummary("该年度未注册的在册团员（信息库标记）");

        MapBoards(orgs);

        var g = app.MapGroup("/api/v1/evaluations").RequireAuthorization().WithTags("Evaluations");

        g.MapGet("/{id:long}", (long id, EvaluationService evaluations, CancellationToken ct) => evaluations.GetAsync(id, ct))
            .RequireOrgScope(write: false, "评议", EvaluationPath).Produces<EvaluationDto>()
            .WithSummary("评议详情：参评成员、到会、等次、处置结果");

        g.MapPut("/{id:long}/results", (long id, EvaluationResultsRequest body, EvaluationService evaluations,
                CancellationToken ct) => evaluations.RecordResultsAsync(id, body, ct))
            .RequireOrgScope(write: true, "评议", EvaluationPath).Produces<EvaluationDto>()
            .WithSummary("登记到会与等次（优秀不超过 30%，向下取整；到会须超过三分之二；不合格党员可附处置结果）");

        g.MapPost("/{id:long}/close", (long id, EvaluationService evaluations, CancellationToken ct) => evaluations.CloseAsync(id, ct))
            .RequireOrgScope(write: true, "评议", EvaluationPath).Produces<EvaluationDto>()
            .WithSummary("结束评议：结果锁定，不能再修改");

        return app;
    }

    /// <summary>The superiors' boards and their exports (issue 17).</summary>
    private static void MapBoards(RouteGroupBuilder orgs)
    {
        orgs.MapGet("/{id:long}/evaluations/board", (long id, int? year, string? kind, string? status, int? page, int? pageSize,
                EvaluationBoard board, CancellationToken ct) =>
                board.BoardAsync(id, year, kind, status, PageRequest.From(page, pageSize), ct))
            .RequireAuthorization(Policies.OrgRead).Produces<EvaluationBoardDto>()
            .WithSummary("评议看板：子树内每个支部本年度评议情况（status=notStarted 未开展 / open 未完成 / closed 已完成），含各等次人数，分页");

        orgs.MapGet("/{id:long}/evaluations/board.xlsx", async (long id, int? year, string? kind, EvaluationBoard board,
                CancellationToken ct) =>
                Results.File(await board.ExportAsync(id, year, kind, ct), Workbooks.ContentType, year is null ? "评议情况.xlsx" : $"评议情况-{year}.xlsx"))
            .RequireAuthorization(Policies.OrgRead).ProducesFile(Workbooks.ContentType)
            .WithSummary("评议看板导出（xlsx）：汇总与各支部评议情况（状态、参评、到会、各等次人数、结束日期）");

        orgs.MapGet("/{id:long}/registration-stats.xlsx", async (long id, int? year, RegistrationExport export,
                CancellationToken ct) =>
                Results.File(await export.ExportAsync(id, year, ct), Workbooks.ContentType, year is null ? "团籍注册.xlsx" : $"团籍注册-{year}.xlsx"))
            .RequireAuthorization(Policies.OrgRead).ProducesFile(Workbooks.ContentType)
            .WithSummary("团籍注册统计导出（xlsx）：汇总、各支部注册率、未注册团员及原因");
    }

    private static Task<string?> EvaluationPath(ZhijianDbContext db, long id, CancellationToken ct) =>
        db.Set<Evaluation>().Where(e => e.Id == id).Select(e => e.OrgPath).FirstOrDefaultAsync(ct);
}
