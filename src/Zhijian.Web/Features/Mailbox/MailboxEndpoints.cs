using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Mailbox;

/// <summary>Routes of the secretary's mailbox (书记信箱).</summary>
public static class MailboxEndpoints
{
    public static IEndpointRouteBuilder MapMailboxEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me/mailbox").RequireAuthorization().WithTags("Mailbox");
        me.MapPost("/", async (WriteLetterRequest body, MailboxService mailbox, CancellationToken ct) =>
        {
            var letter = await mailbox.WriteAsync(body, ct);
            return Results.Created($"/api/v1/me/mailbox/{letter.Id}", letter);
        }).Produces<LetterDto>(StatusCodes.Status201Created)
            .WithSummary("给本人所在支部或上级组织的书记信箱写信；匿名信不保存写信人，回复凭只显示一次的查询码（replyCode）查看");

        me.MapGet("/", (MailboxService mailbox, CancellationToken ct) => mailbox.MineAsync(ct))
            .WithSummary("我署名写的信及其回复（匿名信只能凭查询码查看）");

        me.MapGet("/targets", (MailboxService mailbox, CancellationToken ct) => mailbox.TargetsAsync(ct))
            .WithSummary("可以写信的组织：本人所在支部及其上级");

        me.MapPost("/lookup", (LetterLookupRequest body, MailboxService mailbox, CancellationToken ct) => mailbox.LookupAsync(body, ct))
            .WithSummary("凭查询码查看匿名信及其回复（查询码放在请求体中，不进地址栏和日志）");

        var orgs = app.MapGroup("/api/v1/orgs").RequireAuthorization().WithTags("Mailbox");
        orgs.MapGet("/{id:long}/mailbox", (long id, bool? subtree, int? page, int? pageSize, MailboxService mailbox, CancellationToken ct) =>
                mailbox.ListAsync(id, subtree ?? false, PageRequest.From(page, pageSize), ct))
            .RequireAuthorization(Policies.OrgWrite)
            .WithSummary("书记信箱：写给本组织（subtree=true 含下级）的信，组织管理员查看；匿名信不显示写信人");

        app.MapPost("/api/v1/mailbox/{id:long}/reply", (long id, ReplyLetterRequest body, MailboxService mailbox, CancellationToken ct) =>
                mailbox.ReplyAsync(id, body, ct))
            .RequireAuthorization()
            .RequireOrgScope(write: true, MailboxService.What, (db, id, ct) =>
                db.Set<Letter>().Where(l => l.Id == id).Select(l => l.ToOrgPath).FirstOrDefaultAsync(ct))
            .WithTags("Mailbox").WithSummary("回复来信：写信人在“我的”页面看到回复");

        return app;
    }
}
