using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Corrections;

/// <summary>Routes of correction requests: members file them, branch administrators resolve or reject them.</summary>
public static class CorrectionEndpoints
{
    public static IEndpointRouteBuilder MapCorrectionEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me/corrections").RequireAuthorization().WithTags("Corrections");

        me.MapPost("/", async (FileCorrectionRequest body, CorrectionService corrections, CancellationToken ct) =>
        {
            var filed = await corrections.FileAsync(body, ct);
            return Results.Created($"/api/v1/corrections/{filed.Id}", filed);
        }).Produces<CorrectionDto>(StatusCodes.Status201Created).WithSummary("本人报告档案信息有误（申请更正）：field 为信息项，value 为正确的内容，note 为说明（≤1000 字）；发往本人所在支部");

        me.MapGet("/", (CorrectionService corrections, CancellationToken ct) => corrections.MineAsync(ct))
            .WithSummary("本人提交的更正申请及处理状态（最新在前，最多 50 条）");

        app.MapGet("/api/v1/orgs/{id:long}/corrections", (long id, [EnumQuery<CorrectionState>] string? state, int? page, int? pageSize,
                CorrectionService corrections, CancellationToken ct) =>
                corrections.ListAsync(id, QueryValues.Enum<CorrectionState>(state, "state"), PageRequest.From(page, pageSize), ct))
            .RequireAuthorization().WithTags("Corrections")
            .WithSummary("子树内各支部收到的更正申请；state=open|resolved|rejected（待处理的最早在前，其余最新在前）");

        var g = app.MapGroup("/api/v1/corrections").RequireAuthorization().WithTags("Corrections");

        g.MapGet("/{id:long}", (long id, CorrectionService corrections, CancellationToken ct) => corrections.GetAsync(id, ct))
            .WithSummary("更正申请详情");

        g.MapPost("/{id:long}/resolve", (long id, CloseCorrectionRequest body, CorrectionService corrections,
                CancellationToken ct) => corrections.ResolveAsync(id, body, ct))
            .RequireOrgScope(write: true, What, CorrectionPath)
            .WithSummary("标记为已处理（须填写说明）。不会自动修改档案：请先通过党（团）员修改接口更正，再标记已处理");

        g.MapPost("/{id:long}/reject", (long id, CloseCorrectionRequest body, CorrectionService corrections,
                CancellationToken ct) => corrections.RejectAsync(id, body, ct))
            .RequireOrgScope(write: true, What, CorrectionPath)
            .WithSummary("驳回（须填写原因，本人可见）");

        g.MapPost("/{id:long}/reveal", (long id, RevealRequest body, CorrectionService corrections, CancellationToken ct) =>
                corrections.RevealAsync(id, body.Reason, ct))
            .RequireOrgScope(write: true, What, CorrectionPath)
            .WithSummary("查看申请中完整的证件号码或手机号码（须填写事由，记入审计日志；观察员 403）");

        g.MapPost("/{id:long}/apply", (long id, CorrectionService corrections, CancellationToken ct) =>
                corrections.ApplyAsync(id, ct))
            .RequireOrgScope(write: true, What, CorrectionPath)
            .WithSummary("按申请内容更正档案（服务器端写入，完整号码不经浏览器）；答复更正后的党（团）员（脱敏）。之后仍须标记已处理");

        return app;
    }

    private const string What = "更正申请";

    /// <summary>A correction request belongs to the organization of the membership it is about.</summary>
    private static Task<string?> CorrectionPath(ZhijianDbContext db, long id, CancellationToken ct) =>
        (from c in db.Set<CorrectionRequest>()
         where c.Id == id
         join m in db.Memberships on c.MembershipId equals m.Id
         select m.OrgPath).FirstOrDefaultAsync(ct);
}
