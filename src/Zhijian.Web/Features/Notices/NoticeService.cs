using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Options;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Accounts;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Notices;

/// <summary>
/// Notices (通知) with read receipts. Sending counts the recipients once (subtree counters for members, role
/// assignments for administrators) and writes one row; an inbox is computed from the reader's memberships' paths; a read
/// writes one receipt row (idempotent) and adds one to the notice's counter, so the read rate is exact without counting.
/// </summary>
public sealed class NoticeService(
    ZhijianDbContext db,
    CallerScope scope,
    OrganizationService orgs,
    OrgCounters counters,
    AuditLog audit,
    IActor actor,
    IOptions<NoticeOptions> options,
    FileStore files,
    NoticeInbox inbox,
    TimeProvider clock)
{
    internal const string What = "通知";

    /// <summary>Where notice attachments go in the <see cref="FileStore"/>.</summary>
    public const string AttachmentArea = "notices";

    /// <summary>Sends a notice to the members (or administrators) of a writable organization's subtree.</summary>
    public async Task<NoticeDto> SendAsync(SendNoticeRequest r, CancellationToken ct = default)
    {
        var audience = Validate(r);
        return await db.InTransactionAsync(async () =>
        {
            var org = await orgs.FindWritableAsync(r.OrgId!.Value, ct);
            if (org.Status != OrgStatus.Active)
            {
                throw DomainException.InvalidState($"「{org.Name}」已撤销，不能再发通知");
            }

            var recipients = await RecipientsAsync(org, audience, ct);
            var notice = Notice.Send(org, audience, r.Title!.Trim(), (r.Body ?? "").Trim(), r.RequireReceipt ?? false,
                recipients, Millis(clock.GetUtcNow()), actor.UserName);
            db.Add(notice);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.NoticeSent, org.Id, nameof(Notice), notice.Id,
                $"「{org.ShortName}」发出通知「{notice.Title}」，发送对象：{AudienceName(audience)}，共 {recipients} 人", ct);
            return await GetAsync(notice.Id, ct);
        }, ct);
    }

    private static NoticeAudience Validate(SendNoticeRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.OrgId is null)
        {
            errors["orgId"] = ["请选择发出通知的组织"];
        }

        if (string.IsNullOrWhiteSpace(r.Title))
        {
            errors["title"] = ["请填写通知标题"];
        }
        else if (r.Title.Trim().Length > Notice.TitleMaxLength)
        {
            errors["title"] = [$"标题不超过 {Notice.TitleMaxLength} 字"];
        }

        if (r.Body is { Length: > Notice.BodyMaxLength })
        {
            errors["body"] = [$"正文不超过 {Notice.BodyMaxLength} 字"];
        }

        NoticeAudience audience = NoticeAudience.Members;
        if (!string.IsNullOrEmpty(r.Audience) && !Enum.TryParse(r.Audience, ignoreCase: true, out audience)
            || !Enum.IsDefined(audience))
        {
            errors["audience"] = ["发送对象须为 members（党（团）员）或 admins（组织管理员）"];
        }

        return errors.Count > 0 ? throw DomainException.Validation(errors) : audience;
    }

    /// <summary>
    /// The recipients now: active memberships of the subtree (one read of its counters), or the accounts holding an
    /// orgAdmin role within it.
    /// </summary>
    internal async Task<long> RecipientsAsync(Organization org, NoticeAudience audience, CancellationToken ct) =>
        audience == NoticeAudience.Members
            ? (await counters.GetAsync(org.Id, ct))?.Members ?? 0
            : await AdminUserIds(org.Path).LongCountAsync(ct);

    /// <summary>The accounts with an orgAdmin role over an organization of the subtree (each once).</summary>
    private IQueryable<long> AdminUserIds(string prefix) =>
        (from r in db.RoleAssignments
         where r.Role == Role.OrgAdmin
         join o in db.Organizations.Where(TreePath.In<Organization>(o => o.Path, prefix)) on r.OrgId equals o.Id
         select r.UserId).Distinct();

    /// <summary>Notices sent in the caller's scope (one organization's, or its subtree's), newest first.</summary>
    public async Task<PagedList<NoticeDto>> ListAsync(long? orgId, bool subtree, PageRequest page, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Set<Notice>().AsNoTracking(), n => n.OrgPath, ct);
        if (orgId is { } id)
        {
            var org = await orgs.FindReadableAsync(id, ct);
            query = subtree ? query.Where(TreePath.In<Notice>(n => n.OrgPath, org.Path)) : query.Where(n => n.OrgId == org.Id);
        }

        var total = await query.LongCountAsync(ct);
        var items = await Project(query.OrderByDescending(n => n.SentAt).ThenByDescending(n => n.Id)
            .Skip(page.Skip).Take(page.PageSize)).ToListAsync(ct);
        return new PagedList<NoticeDto>(items, page.Page, page.PageSize, total, true);
    }

    /// <summary>A notice with its attachments and the figures of each organization directly below it.</summary>
    public async Task<NoticeDto> GetAsync(long id, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Set<Notice>().AsNoTracking().Where(n => n.Id == id), n => n.OrgPath, ct);
        var notice = await Project(query).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound(What);
        return notice with { Attachments = await AttachmentsAsync([id], ct), ByOrg = await ByOrgAsync(id, ct) };
    }

    /// <summary>
    /// Per organization directly below the notice's (or the notice's own when it has none): the recipients it has now,
    /// the readers within it (an indexed range count of the receipts) and the unread.
    /// </summary>
    private async Task<IReadOnlyList<NoticeOrgFigures>> ByOrgAsync(long id, CancellationToken ct)
    {
        var n = await db.Set<Notice>().AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var units = await db.Organizations.AsNoTracking()
            .Where(o => o.ParentId == n.OrgId && o.Status == OrgStatus.Active).OrderBy(o => o.Path).Take(200)
            .Select(o => new { o.Id, o.ShortName, o.Path }).ToListAsync(ct);
        if (units.Count == 0)
        {
            units = await db.Organizations.AsNoTracking().Where(o => o.Id == n.OrgId)
                .Select(o => new { o.Id, o.ShortName, o.Path }).ToListAsync(ct);
        }

        var figures = new List<NoticeOrgFigures>();
        foreach (var u in units)
        {
            var recipients = u.Id == n.OrgId ? n.Recipients : await RecipientsAsync(u.Path, n.Audience, ct);
            var read = await db.Set<NoticeRead>().Where(r => r.NoticeId == id)
                .Where(TreePath.In<NoticeRead>(r => r.OrgPath, u.Path)).LongCountAsync(ct);
            figures.Add(new NoticeOrgFigures(u.Id, u.ShortName, recipients, read, Math.Max(0, recipients - read),
                Notice.RateOf(read, recipients)));
        }

        return figures;
    }

    private async Task<long> RecipientsAsync(string path, NoticeAudience audience, CancellationToken ct)
    {
        var ids = TreePath.Ids(path);
        return audience == NoticeAudience.Members
            ? (await counters.GetAsync(ids[^1], ct))?.Members ?? 0
            : await AdminUserIds(path).LongCountAsync(ct);
    }

    /// <summary>
    /// Who read a notice (newest first), or who has not: the subtree's members (administrators) without a receipt,
    /// computed in SQL as an anti-join, paged.
    /// </summary>
    public async Task<PagedList<NoticeReceiptDto>> ReceiptsAsync(long id, string? state, PageRequest page, CancellationToken ct = default)
    {
        var read = state?.ToLowerInvariant() switch
        {
            null or "" or "unread" => false,
            "read" => true,
            _ => throw DomainException.Validation("state", "state 须为 read（已读）或 unread（未读）"),
        };
        var notice = await db.Set<Notice>().AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw DomainException.NotFound(What);
        await scope.EnsureReadable(notice.OrgPath, What, ct);
        if (read)
        {
            var readers = from r in db.Set<NoticeRead>().AsNoTracking().Where(r => r.NoticeId == id)
                          join o in db.Organizations on r.OrgId equals o.Id
                          orderby r.ReadAt descending, r.Id descending
                          select new NoticeReceiptDto(r.PersonId, r.Name, o.ShortName, r.ReadAt);
            return await PageAsync(readers, page, ct);
        }

        return await PageAsync(notice.Audience == NoticeAudience.Members ? UnreadMembers(notice) : UnreadAdmins(notice), page, ct);
    }

    private IQueryable<NoticeReceiptDto> UnreadMembers(Notice notice)
    {
        var reads = db.Set<NoticeRead>().Where(r => r.NoticeId == notice.Id);
        return from m in db.Memberships.AsNoTracking().Where(TreePath.In<Membership>(m => m.OrgPath, notice.OrgPath))
               where m.State != MemberState.Ended && m.CreatedAt <= notice.SentAt
               where !reads.Any(r => r.PersonId == m.PersonId)
               join o in db.Organizations on m.OrgId equals o.Id
               orderby m.OrgPath, m.SortName, m.Id
               select new NoticeReceiptDto(m.PersonId, m.SortName, o.ShortName, null);
    }

    private IQueryable<NoticeReceiptDto> UnreadAdmins(Notice notice)
    {
        var reads = db.Set<NoticeRead>().Where(r => r.NoticeId == notice.Id);
        var admins = AdminUserIds(notice.OrgPath);
        var subtree = db.Organizations.Where(TreePath.In<Organization>(o => o.Path, notice.OrgPath));
        return from u in db.Users.AsNoTracking()
               where admins.Contains(u.Id) && !reads.Any(r => r.UserId == u.Id)
               let orgName = (from ra in db.RoleAssignments
                              where ra.UserId == u.Id && ra.Role == Role.OrgAdmin
                              join o in subtree on ra.OrgId equals o.Id
                              orderby o.Path
                              select o.ShortName).FirstOrDefault()
               let person = db.Persons.Where(p => p.Id == u.PersonId).Select(p => p.Name).FirstOrDefault()
               orderby u.UserName
               select new NoticeReceiptDto(u.PersonId, person ?? u.UserName ?? "", orgName ?? "", null);
    }

    private static async Task<PagedList<T>> PageAsync<T>(IQueryable<T> query, PageRequest page, CancellationToken ct)
    {
        var total = await query.LongCountAsync(ct);
        var items = await query.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new PagedList<T>(items, page.Page, page.PageSize, total, true);
    }

    /// <summary>Reminds the unread: the notice is flagged again at the top of their inboxes (and audited).</summary>
    public async Task<NoticeReminderDto> RemindAsync(long id, CancellationToken ct = default) =>
        await db.InTransactionAsync(async () =>
        {
            var notice = await db.Set<Notice>().FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw DomainException.NotFound(What);
            await scope.EnsureWritable(notice.OrgPath, What, ct);
            var unread = Math.Max(0, notice.Recipients - notice.Read);
            if (unread == 0)
            {
                throw DomainException.InvalidState("所有接收人都已阅读，无需提醒");
            }

            notice.Remind(Millis(clock.GetUtcNow()));
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.NoticeReminded, notice.OrgId, nameof(Notice), notice.Id,
                $"提醒未读通知「{notice.Title}」的 {unread} 人（第 {notice.Reminders} 次提醒）", ct);
            return new NoticeReminderDto(notice.Id, unread, notice.Reminders, notice.RemindedAt!.Value);
        }, ct);

    /// <summary>Attaches a document within the type and size limits (content type from the extension, never the claim).</summary>
    public async Task<NoticeAttachmentDto> AddAttachmentAsync(long id, string? fileName, long length, Stream content,
        CancellationToken ct = default)
    {
        var o = options.Value;
        var (name, ext) = FileStore.CheckUpload(fileName, o.AllowedExtensions);
        if (length > o.MaxAttachmentBytes)
        {
            throw FileStore.TooLarge(o.MaxAttachmentBytes);
        }

        if (length <= 0)
        {
            throw DomainException.Validation("file", "上传的文件是空的");
        }

        var notice = await db.Set<Notice>().AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw DomainException.NotFound(What);
        await scope.EnsureWritable(notice.OrgPath, What, ct);
        var stored = await files.SaveAsync(AttachmentArea, ext, content, o.MaxAttachmentBytes, ct);
        try
        {
            var a = NoticeAttachment.Of(id, name, FileStore.ContentTypeOf(name), stored.Size, stored.Sha256, stored.Name,
                Millis(clock.GetUtcNow()), actor.UserName);
            await db.InTransactionAsync(async () =>
            {
                db.Add(a);
                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(AuditAction.NoticeAttachmentAdded, notice.OrgId, nameof(Notice), id,
                    $"为通知「{notice.Title}」上传附件 {name}（{stored.Size} 字节）", ct);
            }, ct);
            return new NoticeAttachmentDto(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAt);
        }
        catch
        {
            files.Delete(stored.Name);
            throw;
        }
    }

    /// <summary>An attachment's file for a reader in scope (<paramref name="mine"/> false) or a recipient (true).</summary>
    public async Task<(Stream? File, string FileName)> AttachmentFileAsync(long id, long attachmentId, bool mine, CancellationToken ct = default)
    {
        var notice = await db.Set<Notice>().AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw DomainException.NotFound(What);
        if (mine)
        {
            _ = await inbox.PlaceOfAsync(notice, ct) ?? throw DomainException.NotFound(What);
        }
        else
        {
            await scope.EnsureReadable(notice.OrgPath, What, ct);
        }

        var a = await db.Set<NoticeAttachment>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == attachmentId && x.NoticeId == id, ct)
            ?? throw DomainException.NotFound("附件");
        return (files.OpenRead(a.StorageName), a.FileName);
    }

    internal Task<IReadOnlyList<NoticeAttachmentDto>> AttachmentsAsync(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        AttachmentsAsync(db, ids, ct);

    internal static async Task<IReadOnlyList<NoticeAttachmentDto>> AttachmentsAsync(ZhijianDbContext db, IReadOnlyCollection<long> ids,
        CancellationToken ct) =>
        await db.Set<NoticeAttachment>().AsNoTracking().Where(a => ids.Contains(a.NoticeId)).OrderBy(a => a.Id)
            .Select(a => new NoticeAttachmentDto(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAt))
            .ToListAsync(ct);

    private IQueryable<NoticeDto> Project(IQueryable<Notice> query) =>
        from n in query
        join o in db.Organizations on n.OrgId equals o.Id
        select new NoticeDto(n.Id, n.OrgId, o.ShortName, n.Audience, n.Title, n.Body, n.RequireReceipt, n.Recipients, n.Read,
            n.Recipients <= 0 ? 0 : Math.Round(Math.Min(1.0, (double)n.Read / n.Recipients), 4), n.SentAt, n.SentBy,
            n.RemindedAt, n.Reminders, null, null);

    internal static string AudienceName(NoticeAudience a) => a == NoticeAudience.Members ? "党（团）员" : "组织管理员";

    internal static DateTimeOffset Millis(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    internal static object ProviderValue(ZhijianDbContext db, DateTimeOffset at) =>
        db.IsPostgres ? at : new DateTimeOffsetToBinaryConverter().ConvertToProvider(at)!;
}
