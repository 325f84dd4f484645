using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Members;

/// <summary>Routes of API.md "Members", with the information library's data-quality reports (completeness, duplicates).</summary>
public static class MemberEndpoints
{
    /// <summary>Set on <c>POST /api/v1/members</c> when the person's stored fields were kept instead of the submitted ones.</summary>
    public const string PersonKeptHeader = "X-Zhijian-Person-Kept";

    public static IEndpointRouteBuilder MapMemberEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/members").RequireAuthorization().WithTags("Members");

        g.MapGet("/", (long? orgId, bool? subtree, string? q, [EnumQuery<MemberStage>] string? stage, [EnumQuery<MemberState>] string? state, int? page,
                int? pageSize, MemberQueries members, CancellationToken ct) =>
            members.ListAsync(orgId, subtree ?? true, q, QueryValues.Enum<MemberStage>(stage, "stage"),
                QueryValues.Enum<MemberState>(state, "state"), PageRequest.From(page, pageSize), ct))
            .WithSummary("党（团）员列表（证件号码、手机号码已脱敏）；q 按姓名、拼音首字母或完整身份证号搜索");

        g.MapGet("/{id:long}", (long id, MemberQueries members, CancellationToken ct) => members.GetAsync(id, ct))
            .WithSummary("党（团）员详情（脱敏）");

        g.MapGet("/duplicates", (long? orgId, DuplicateReport report, CancellationToken ct) => report.ForAsync(orgId, ct))
            .WithSummary("疑似重复记录：(a) multipleMemberships——同一人在同一系统有多条未结束的党（团）员关系；" +
                "(b) sameNameAndBirthDate——姓名和出生日期相同的不同人员记录（可能是证件号码录错）。在全系统范围内查找，" +
                "只列出 orgId 子树（省略时为本人管理范围，系统管理员为全系统）内的成员（脱敏），范围外的只计数（outsideScope）；每类最多 200 组");

        g.MapPost("/", async (CreateMemberRequest body, MemberService members, HttpContext http, CancellationToken ct) =>
        {
            var (member, kept) = await members.CreateWithOutcomeAsync(body, ct);
            if (kept)
            {
                // The person is on record elsewhere, outside the caller's scope: their stored fields were kept (issue 13).
                http.Response.Headers[PersonKeptHeader] = "true";
            }

            return Results.Created($"/api/v1/members/{member.Id}", member);
        }).RequireAuthorization(Policies.Writer).Produces<MemberDto>(StatusCodes.Status201Created).WithSummary("新增党（团）员：校验身份证号码、代码表、年龄与日期；同一系统内证件号码重复则 409；" +
            "该证件号码的人员在您管理范围以外也有登记时，保留其原有个人信息（响应头 X-Zhijian-Person-Kept: true）");

        g.MapPatch("/{id:long}", (long id, UpdateMemberRequest body, MemberService members, CancellationToken ct) =>
            members.UpdateAsync(id, body, ct)).RequireOrgScope(write: true, What, MemberPath).WithSummary("修改党（团）员信息");

        g.MapPost("/{id:long}/reveal", (long id, RevealRequest body, MemberService members, CancellationToken ct) =>
            members.RevealAsync(id, body.Reason, ct)).RequireOrgScope(write: true, What, MemberPath).WithSummary("查看完整证件号码和手机号码（须填写事由，记入审计日志；观察员不可用）");

        g.MapPost("/{id:long}/end", (long id, EndMemberRequest body, MemberService members, CancellationToken ct) =>
            members.EndAsync(id, body, ct)).RequireOrgScope(write: true, What, MemberPath).WithSummary("结束党（团）籍（转出、离团、超龄离团、开除、去世），记录保留在历史中");

        app.MapGet("/api/v1/orgs/{id:long}/completeness", (long id, MemberCompleteness board, CancellationToken ct) =>
                board.ForAsync(id, ct))
            .RequireAuthorization().WithTags("Organizations")
            .WithSummary("信息录入完整率：子树内每个支部在册党（团）员（未结束的）中必填项齐全的人数、比例（4 位小数）和各项缺失人数；必填项由 Members:RequiredFields 配置");

        return app;
    }

    private const string What = "党（团）员";

    private static Task<string?> MemberPath(ZhijianDbContext db, long id, CancellationToken ct) =>
        db.Memberships.Where(m => m.Id == id).Select(m => m.OrgPath).FirstOrDefaultAsync(ct);
}
