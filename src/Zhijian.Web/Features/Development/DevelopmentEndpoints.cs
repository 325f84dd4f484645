using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Development;

/// <summary>Routes of development (发展党员 / 发展团员 / 推优入党), API.md "Development".</summary>
public static class DevelopmentEndpoints
{
    private static Task<string?> RecordPath(ZhijianDbContext db, long id, CancellationToken ct) =>
        db.Set<DevelopmentRecord>().Where(r => r.Id == id).Select(r => r.OrgPath).FirstOrDefaultAsync(ct);

    public static IEndpointRouteBuilder MapDevelopmentEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/development").RequireAuthorization().WithTags("Development");

        g.MapPost("/", async (CreateDevelopmentRequest body, DevelopmentService development, CancellationToken ct) =>
        {
            var record = await development.CreateAsync(body, ct);
            return Results.Created($"/api/v1/development/{record.Id}", record);
        }).RequireAuthorization(Policies.Writer).Produces<DevelopmentRecordDto>(StatusCodes.Status201Created)
            .WithSummary("登记入党（团）申请人：已登记人员（personId）或新人员（person，按党（团）员信息校验）；申请时年龄须符合规则");

        g.MapGet("/", (long? orgId, bool? subtree, [EnumQuery<OrgSystem>] string? system, [EnumQuery<DevelopmentStage>] string? stage,
                bool? due, int? page, int? pageSize, DevelopmentQueries queries, CancellationToken ct) =>
                queries.ListAsync(orgId, subtree ?? false, QueryValues.Enum<OrgSystem>(system, "system"),
                    QueryValues.Enum<DevelopmentStage>(stage, "stage"), due ?? false, PageRequest.From(page, pageSize), ct))
            .WithSummary("发展记录列表（本组织或 subtree=true 含下级；due=true 为下一步 30 天内到期或已逾期的）");

        g.MapGet("/mine", (DevelopmentQueries queries, CancellationToken ct) => queries.MineAsync(ct))
            .WithSummary("本人的发展记录（进度与下一步）");

        g.MapGet("/{id:long}", (long id, DevelopmentQueries queries, CancellationToken ct) => queries.GetAsync(id, ct))
            .RequireOrgScope(write: false, "发展记录", RecordPath)
            .WithSummary("发展记录详情：各阶段日期、培养联系人、学时、每一步的记录");

        g.MapPost("/{id:long}/advance", (long id, AdvanceRequest body, DevelopmentService development, CancellationToken ct) =>
                development.AdvanceAsync(id, body, ct))
            .RequireOrgScope(write: true, "发展记录", RecordPath)
            .WithSummary("推进到下一阶段：违反规则（间隔、联系人、学时、审批期限、预备期）时 400 并写明规则与日期；成为预备党员或团员时同时建立党（团）籍");

        g.MapPost("/{id:long}/check", (long id, AdvanceRequest body, DevelopmentService development, CancellationToken ct) =>
                development.CheckAsync(id, body, ct))
            .RequireOrgScope(write: true, "发展记录", RecordPath)
            .WithSummary("试算一步（不写入）：是否符合规则、最早可办理日期、计入的学时");

        g.MapPost("/{id:long}/vote", (long id, VoteRequest body, DevelopmentService development, CancellationToken ct) =>
                development.VoteAsync(id, body, ct))
            .RequireOrgScope(write: true, "发展记录", RecordPath)
            .WithSummary("支部大会表决（待上级党委审批）：发展对象仍为发展对象，审批（推进到预备党员）须在表决后 6 个月内，超过 3 个月未审批提醒");

        g.MapPost("/{id:long}/close", (long id, CloseDevelopmentRequest body, DevelopmentService development, CancellationToken ct) =>
                development.CloseAsync(id, body, ct))
            .RequireOrgScope(write: true, "发展记录", RecordPath)
            .WithSummary("终止发展程序（须填写原因）");

        g.MapPost("/recommendations", async (RecommendRequest body, RecommendToParty recommend, CancellationToken ct) =>
                Results.Created("/api/v1/development", await recommend.RunAsync(body, ct)))
            .RequireAuthorization(Policies.Writer).Produces<RecommendResult>(StatusCodes.Status201Created)
            .WithSummary("推优入党：把年满 18 周岁的团员推荐到党支部，建立入党申请人记录；不符合条件的列入 failed");

        return app.MapDevelopmentOrgEndpoints();
    }

    /// <summary>The routes of an organization's development: its statistics and the workbook of its subtree's records.</summary>
    private static IEndpointRouteBuilder MapDevelopmentOrgEndpoints(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/api/v1/orgs").RequireAuthorization().WithTags("Development");
        orgs.MapGet("/{id:long}/development-stats", (long id, int? year, DevelopmentQueries queries, CancellationToken ct) =>
                queries.StatsAsync(id, year, ct))
            .RequireAuthorization(Policies.OrgRead)
            .WithSummary("发展统计（子树）：各阶段在途人数（计数表汇总），当年接收、推优、终止人数");

        orgs.MapGet("/{id:long}/development.xlsx", async (long id, DevelopmentWorkbook workbook, CancellationToken ct) =>
                Results.File(await workbook.ForAsync(id, ct), DevelopmentWorkbook.ContentType, "发展记录.xlsx"))
            .RequireAuthorization(Policies.OrgRead).ProducesFile(DevelopmentWorkbook.ContentType)
            .WithSummary("导出本组织及下级的发展记录（阶段、各步日期、本阶段天数、培养联系人、下一步及期限）");

        return app;
    }
}
