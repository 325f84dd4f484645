using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Notices;

/// <summary>Routes of notices (通知) and the caller's inbox.</summary>
public static class NoticeEndpoints
{
    private static Task<string?> NoticePath(ZhijianDbContext db, long id, CancellationToken ct) =>
        db.Set<Notice>().Where(n => n.Id == id).Select(n => n.OrgPath).FirstOrDefaultAsync(ct);

    public static IEndpointRouteBuilder MapNoticeEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/notices").RequireAuthorization().WithTags("Notices");

        g.MapPost("/", async (SendNoticeRequest body, NoticeService notices, CancellationToken ct) =>
        {
            var notice = await notices.SendAsync(body, ct);
            return Results.Created($"/api/v1/notices/{notice.Id}", notice);
        }).RequireAuthorization(Policies.Writer).Produces<NoticeDto>(StatusCodes.Status201Created)
            .WithSummary("发通知：发给子树内的党（团）员（members）或组织管理员（admins），接收人数在发送时计数");

        g.MapGet("/", (long? orgId, bool? subtree, int? page, int? pageSize, NoticeService notices, CancellationToken ct) =>
                notices.ListAsync(orgId, subtree ?? false, PageRequest.From(page, pageSize), ct))
            .WithSummary("已发通知（本组织或 subtree=true 含下级），含接收人数、已读人数、阅读率");

        g.MapGet("/{id:long}", (long id, NoticeService notices, CancellationToken ct) => notices.GetAsync(id, ct))
            .RequireOrgScope(write: false, NoticeService.What, NoticePath)
            .WithSummary("通知详情：附件、各下级组织的接收人数、已读、未读");

        g.MapGet("/{id:long}/receipts", (long id, string? state, int? page, int? pageSize, NoticeService notices, CancellationToken ct) =>
                notices.ReceiptsAsync(id, state, PageRequest.From(page, pageSize), ct))
            .RequireOrgScope(write: false, NoticeService.What, NoticePath)
            .WithSummary("阅读回执：state=read 已读名单（按阅读时间倒序），state=unread 未读名单（按组织）");

        g.MapPost("/{id:long}/remind", (long id, NoticeService notices, CancellationToken ct) => notices.RemindAsync(id, ct))
            .RequireOrgScope(write: true, NoticeService.What, NoticePath)
            .WithSummary("提醒未读：通知在未读人员的收件箱中重新置顶并标记“提醒”");

        g.MapPost("/{id:long}/attachments", async (long id, IFormFile file, NoticeService notices, CancellationToken ct) =>
        {
            await using var stream = file.OpenReadStream();
            var a = await notices.AddAttachmentAsync(id, file.FileName, file.Length, stream, ct);
            return Results.Created($"/api/v1/notices/{id}/attachments/{a.Id}", a);
        }).DisableAntiforgery().RequireAntiforgeryForCookies()
            .RequireOrgScope(write: true, NoticeService.What, NoticePath)
            .Produces<NoticeAttachmentDto>(StatusCodes.Status201Created)
            .WithSummary("上传通知附件（类型和大小受限）");

        g.MapGet("/{id:long}/attachments/{attachmentId:long}", async (long id, long attachmentId, NoticeService notices,
            FileStore files, HttpContext http, CancellationToken ct) =>
        {
            var (file, name) = await notices.AttachmentFileAsync(id, attachmentId, mine: false, ct);
            return files.Download(file, name, http);
        }).RequireOrgScope(write: false, NoticeService.What, NoticePath)
            .ProducesFile("application/octet-stream").WithSummary("下载通知附件");

        return app.MapInboxEndpoints();
    }

    /// <summary>The caller's inbox: their notices, reading, attachments, and /me's form post.</summary>
    private static IEndpointRouteBuilder MapInboxEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me/notices").RequireAuthorization().WithTags("Notices");
        me.MapGet("/", (NoticeInbox inbox, CancellationToken ct) => inbox.MineAsync(ct))
            .WithSummary("我的通知：未读在前（被提醒的置顶），再按发送时间倒序");

        me.MapPost("/{id:long}/read", (long id, NoticeInbox inbox, CancellationToken ct) => inbox.ReadAsync(id, ct))
            .WithSummary("标记已读（幂等：再次标记不重复计数）");

        me.MapGet("/{id:long}/attachments/{attachmentId:long}", async (long id, long attachmentId, NoticeService notices,
            FileStore files, HttpContext http, CancellationToken ct) =>
        {
            var (file, name) = await notices.AttachmentFileAsync(id, attachmentId, mine: true, ct);
            return files.Download(file, name, http);
        }).ProducesFile("application/octet-stream").WithSummary("接收人下载通知附件");

        // /me's inbox opens a notice with a plain antiforgery-checked form: reading it records the receipt.
        app.MapPost("/me/notices/{id:long}/read", async (long id, NoticeInbox inbox, CancellationToken ct) =>
        {
            try
            {
                await inbox.ReadAsync(id, ct);
                return Results.LocalRedirect($"/me?notice={id}#notice-{id}");
            }
            catch (DomainException e)
            {
                return Results.LocalRedirect("/me?msg=" + Uri.EscapeDataString(e.Message));
            }
        }).RequireAuthorization().ExcludeFromDescription();

        return app;
    }
}
