using Zhijian.Web.Authorization;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Elections;

/// <summary>Routes of elections and terms (换届).</summary>
public static class ElectionEndpoints
{
    public static IEndpointRouteBuilder MapElectionEndpoints(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/api/v1/orgs").RequireAuthorization().WithTags("Elections");

        orgs.MapPost("/{id:long}/elections", async (long id, RecordElectionRequest body, ElectionService elections,
            CancellationToken ct) =>
        {
            var e = await elections.RecordAsync(id, body, ct);
            return Results.Created($"/api/v1/orgs/{id}/elections", e);
        }).RequireAuthorization(Policies.OrgWrite).Produces<ElectionDto>(StatusCodes.Status201Created)
            .WithSummary("登记换届选举：本届任期自选举日重新计算；原班子当日离任、新班子当日任职（保留历史）；任期年限须符合规则");

        orgs.MapGet("/{id:long}/elections", (long id, ElectionService elections, CancellationToken ct) => elections.ListAsync(id, ct))
            .RequireAuthorization(Policies.OrgRead).Produces<IReadOnlyList<ElectionDto>>()
            .WithSummary("本组织历次换届选举（新的在前）");

        orgs.MapPost("/{id:long}/term-extensions", (long id, ExtendTermRequest body, ElectionService elections,
                CancellationToken ct) => elections.ExtendAsync(id, body, ct))
            .RequireAuthorization(Policies.OrgWrite).Produces<TermDto>()
            .WithSummary("延期换届：须填写上级批准日期和原因；本届延期合计不超过规则 term.maxShiftMonths");

        orgs.MapGet("/{id:long}/term", (long id, TermBoard board, CancellationToken ct) => board.OfAsync(id, ct))
            .RequireAuthorization(Policies.OrgRead).Produces<TermDto>()
            .WithSummary("本组织本届任期：开始、年限、延期、届满日期和状态");

        orgs.MapGet("/{id:long}/terms", (long id, bool? subtree, string? status, int? page, int? pageSize, TermBoard board,
                CancellationToken ct) => board.ListAsync(id, subtree ?? false, status, PageRequest.From(page, pageSize), ct))
            .RequireAuthorization(Policies.OrgRead).Produces<PagedList<TermDto>>()
            .WithSummary("换届看板：任期将在 term.remindMonths 个月内届满（ending）或已届满（overdue）的组织，按届满日期排序");

        orgs.MapGet("/{id:long}/terms.xlsx", async (long id, TermBoard board, CancellationToken ct) =>
                Results.File(await board.ExportAsync(id, ct), Workbooks.ContentType, "换届任期.xlsx"))
            .RequireAuthorization(Policies.OrgRead).ProducesFile(Workbooks.ContentType)
            .WithSummary("任期状态导出（xlsx）：子树内各组织本届开始、年限、延期、届满日期、剩余或超期天数、状态（正常 / 6个月内到期 / 已超期）");

        return app;
    }
}
