using Zhijian.Web.Authorization;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Talks;

/// <summary>Routes of talk records (谈心谈话).</summary>
public static class TalkEndpoints
{
    public static IEndpointRouteBuilder MapTalkEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/talks").RequireAuthorization().WithTags("Talks");
        g.MapPost("/", async (RecordTalkRequest body, TalkService talks, CancellationToken ct) =>
        {
            var talk = await talks.RecordAsync(body, ct);
            return Results.Created($"/api/v1/talks/{talk.Id}", talk);
        }).RequireAuthorization(Policies.Writer).Produces<TalkDto>(StatusCodes.Status201Created)
            .WithSummary("记录谈心谈话（kind=heart）或违章违纪人员跟踪谈话（kind=followUp）：对象、日期、内容摘要");

        g.MapGet("/", (long? orgId, bool? subtree, DateOnly? from, DateOnly? to, int? page, int? pageSize, TalkService talks,
                CancellationToken ct) => talks.ListAsync(orgId, subtree ?? false, from, to, PageRequest.From(page, pageSize), ct))
            .WithSummary("谈话记录（本组织或 subtree=true 含下级），按日期倒序");

        app.MapGet("/api/v1/orgs/{id:long}/talk-compliance", (long id, int? year, TalkService talks, CancellationToken ct) =>
                talks.ComplianceAsync(id, year, ct))
            .RequireAuthorization(Policies.OrgRead).WithTags("Talks")
            .WithSummary("谈心谈话落实情况（规则 talk.perMember.yearly）：子树内各组织在册党（团）员中当年谈过话的人数");
        return app;
    }
}
