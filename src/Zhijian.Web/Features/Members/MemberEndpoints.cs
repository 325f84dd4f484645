using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Members;

/// <summary>Routes of API.md "Members" (reads; the information library issue adds the writes).</summary>
public static class MemberEndpoints
{
    public static IEndpointRouteBuilder MapMemberEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/members").RequireAuthorization().WithTags("Members");

        g.MapGet("/", (long? orgId, bool? subtree, string? q, string? stage, string? state, int? page,
                int? pageSize, MemberQueries members, CancellationToken ct) =>
            members.ListAsync(orgId, subtree ?? true, q, QueryValues.Enum<MemberStage>(stage, "stage"),
                QueryValues.Enum<MemberState>(state, "state"), PageRequest.From(page, pageSize), ct))
            .WithSummary("党（团）员列表（证件号码、手机号码已脱敏）；q 按姓名、拼音首字母或完整身份证号搜索");

        g.MapGet("/{id:long}", (long id, MemberQueries members, CancellationToken ct) => members.GetAsync(id, ct))
            .WithSummary("党（团）员详情（脱敏）");

        return app;
    }
}
