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

        g.MapPost("/", async (CreateMemberRequest body, MemberService members, CancellationToken ct) =>
        {
            var member = await members.CreateAsync(body, ct);
            return Results.Created($"/api/v1/members/{member.Id}", member);
        }).WithSummary("新增党（团）员：校验身份证号码、代码表、年龄与日期；同一系统内证件号码重复则 409");

        g.MapPatch("/{id:long}", (long id, UpdateMemberRequest body, MemberService members, CancellationToken ct) =>
            members.UpdateAsync(id, body, ct)).WithSummary("修改党（团）员信息");

        g.MapPost("/{id:long}/reveal", (long id, RevealRequest body, MemberService members, CancellationToken ct) =>
            members.RevealAsync(id, body.Reason, ct)).WithSummary("查看完整证件号码和手机号码（须填写事由，记入审计日志；观察员不可用）");

        g.MapPost("/{id:long}/end", (long id, EndMemberRequest body, MemberService members, CancellationToken ct) =>
            members.EndAsync(id, body, ct)).WithSummary("结束党（团）籍（转出、离团、超龄离团、开除、去世），记录保留在历史中");

        return app;
    }
}
