using Microsoft.EntityFrameworkCore;
using QRCoder;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Meetings;

/// <summary>Routes of organizational life (三会一课).</summary>
public static class MeetingEndpoints
{
    public static IEndpointRouteBuilder MapMeetingEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/meetings").RequireAuthorization().WithTags("Meetings");
        MapPlanning(g);
        MapRecords(g);
        MapSignIn(app, g);
        MapCompliance(app);
        return app;
    }

    /// <summary>Types, lists, planning and the detail of meetings.</summary>
    private static void MapPlanning(RouteGroupBuilder g)
    {

        g.MapGet("/types", ([EnumQuery<OrgSystem>] string? system, MeetingService meetings, CancellationToken ct) =>
                meetings.TypesAsync(QueryValues.Enum<OrgSystem>(system, "system"), ct))
            .WithSummary("会议类型及现行规定频次（规则表 meeting.{type}.frequency）");

        g.MapGet("/", (long? orgId, bool? subtree, string? type, DateOnly? from, DateOnly? to, [EnumQuery<MeetingState>] string? state, int? page,
                int? pageSize, MeetingService meetings, CancellationToken ct) =>
                meetings.ListAsync(orgId, subtree ?? false, type, from, to, QueryValues.Enum<MeetingState>(state, "state"),
                    PageRequest.From(page, pageSize), ct))
            .WithSummary("会议列表（本组织或 subtree=true 含下级），按日期倒序");

        g.MapPost("/", async (PlanMeetingRequest body, MeetingService meetings, CancellationToken ct) =>
        {
            var meeting = await meetings.PlanAsync(body, ct);
            return Results.Created($"/api/v1/meetings/{meeting.Id}", meeting);
        }).RequireAuthorization(Policies.Writer).Produces<MeetingDto>(StatusCodes.Status201Created).WithSummary("安排会议：类型、日期、地点、主持人、主题、参会人员（默认本组织全部党（团）员）");

        g.MapGet("/mine", (MeetingService meetings, CancellationToken ct) => meetings.MineAsync(ct))
            .WithSummary("我参加的会议（会议当天可签到）");

        g.MapGet("/{id:long}", (long id, MeetingService meetings, CancellationToken ct) => meetings.GetAsync(id, ct))
            .WithSummary("会议详情：出勤、附件、记录的全部版本及其哈希链是否完好（chainValid）");
    }

    /// <summary>The record, its corrections and its attachments: writers of the meeting's organization.</summary>
    private static void MapRecords(RouteGroupBuilder g)
    {

        g.MapPost("/{id:long}/record", (long id, RecordMeetingRequest body, MeetingService meetings, CancellationToken ct) =>
                meetings.RecordAsync(id, body, ct))
            .RequireOrgScope(write: true, MeetingService.What, MeetingPath)
            .WithSummary("提交会议记录（第 1 版，服务器盖时间戳；会后超过规定天数提交的标记为补录）");

        g.MapPost("/{id:long}/corrections", (long id, RecordMeetingRequest body, MeetingService meetings, CancellationToken ct) =>
                meetings.CorrectAsync(id, body, ct))
            .RequireOrgScope(write: true, MeetingService.What, MeetingPath)
            .WithSummary("更正会议记录：新增一个版本，须填写原因；原版本保留");

        g.MapPost("/{id:long}/attachments", async (long id, IFormFile file, MeetingService meetings, CancellationToken ct) =>
        {
            await using var stream = file.OpenReadStream();
            var a = await meetings.AddAttachmentAsync(id, file.FileName, file.ContentType, file.Length, stream, ct);
            return Results.Created($"/api/v1/meetings/{id}/attachments/{a.Id}", a);
        }).RequireOrgScope(write: true, MeetingService.What, MeetingPath)
            .DisableAntiforgery().RequireAntiforgeryForCookies().Produces<AttachmentDto>(StatusCodes.Status201Created)
            .WithSummary("上传附件（照片、文档；类型和大小受限），附件清单及其 SHA-256 写入下一版记录");

        g.MapGet("/{id:long}/attachments/{attachmentId:long}", async (long id, long attachmentId, MeetingService meetings,
            FileStore files, HttpContext http, CancellationToken ct) =>
        {
            var (file, name) = await meetings.AttachmentFileAsync(id, attachmentId, ct);
            return files.Download(file, name, http);
        }).ProducesFile("application/octet-stream").WithSummary("下载附件（按扩展名给出内容类型，一律作为附件下载；文件已丢失时 404）");
    }

    /// <summary>The invitee's sign-in (API and /me's form) and the QR code that leads to it.</summary>
    private static void MapSignIn(IEndpointRouteBuilder app, RouteGroupBuilder g)
    {

        g.MapPost("/{id:long}/sign-in", (long id, string? t, MeetingService meetings, CancellationToken ct) =>
                meetings.SignInAsync(id, t, ct))
            .RequireAuthorization(Policies.Member) // the invitee's own attendance: anyone else is told "not found"
            .WithSummary("本人签到（受邀参会人员，会议当天或次日、记录提交前）");

        g.MapGet("/{id:long}/sign-in.png", async (long id, HttpContext http, MeetingService meetings, CancellationToken ct) =>
        {
            var link = await meetings.SignInLinkAsync(id, ct);
            var url = $"{http.Request.Scheme}://{http.Request.Host}{link}";
            using var data = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.M);
            var png = new PngByteQRCode(data).GetGraphic(8);
            return Results.File(png, "image/png");
        }).ProducesFile("image/png").WithSummary("会场签到二维码（PNG）");

        // /me's sign-in button and the QR code's page post here (static rendering, antiforgery-checked form).
        app.MapPost("/me/meetings/{id:long}/sign-in", async (long id, [Microsoft.AspNetCore.Mvc.FromForm] string? t,
            MeetingService meetings, CancellationToken ct) =>
        {
            try
            {
                await meetings.SignInAsync(id, string.IsNullOrEmpty(t) ? null : t, ct);
                return Results.LocalRedirect("/me?msg=" + Uri.EscapeDataString("签到成功"));
            }
            catch (DomainException e)
            {
                return Results.LocalRedirect("/me?msg=" + Uri.EscapeDataString(e.Message));
            }
        }).RequireAuthorization().ExcludeFromDescription();
    }

    /// <summary>The compliance board of a subtree and its workbook.</summary>
    private static void MapCompliance(IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/api/v1/orgs").RequireAuthorization().WithTags("Meetings");
        orgs.MapGet("/{id:long}/meeting-compliance", (long id, DateOnly? from, DateOnly? to, int? page, int? pageSize,
                MeetingCompliance compliance, CancellationToken ct) =>
                compliance.ReportAsync(id, from, to, PageRequest.From(page, pageSize), ct))
            .WithSummary("三会一课落实情况：子树内各支部按会议类型的已开/应开、补录、未达法定人数（默认本年度）");

        orgs.MapGet("/{id:long}/meeting-compliance.xlsx", async (long id, DateOnly? from, DateOnly? to, MeetingCompliance compliance,
            CancellationToken ct) =>
        {
            var (content, name) = await compliance.ExportAsync(id, from, to, ct);
            return Results.File(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
        }).ProducesFile("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").WithSummary("三会一课落实情况导出（xlsx）");
    }

    private static Task<string?> MeetingPath(ZhijianDbContext db, long id, CancellationToken ct) =>
        db.Set<Meeting>().Where(m => m.Id == id).Select(m => m.OrgPath).FirstOrDefaultAsync(ct);
}
