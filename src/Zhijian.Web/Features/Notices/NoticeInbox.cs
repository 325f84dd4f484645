using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Accounts;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Notices;

/// <summary>Where the caller stands as a recipient of a notice: the organization they receive it in, and their name.</summary>
internal sealed record RecipientPlace(long OrgId, string OrgPath, long? PersonId, string Name);

/// <summary>
/// The caller's side of notices (/me): the inbox is computed, not stored — the notices sent to an ancestor of one of
/// the caller's memberships (or, for administrators' notices, of one of their orgAdmin roles), unread first; reading
/// writes the receipt once.
/// </summary>
public sealed class NoticeInbox(ZhijianDbContext db, IActor actor, AuditLog audit, TimeProvider clock)
{
    private sealed record Holding(string Path, long OrgId, DateTimeOffset Since, NoticeAudience Audience, string Name);

    /// <summary>The caller's notices, unread first (reminded ones on top), then newest first.</summary>
    public async Task<IReadOnlyList<MyNoticeDto>> MineAsync(CancellationToken ct = default)
    {
        if (actor.UserId is not { } userId)
        {
            return [];
        }

        var holdings = await HoldingsAsync(userId, ct);
        var ancestors = holdings.SelectMany(h => Ancestors(h.Path)).Distinct().ToList();
        if (ancestors.Count == 0)
        {
            return [];
        }

        var rows = await (from n in db.Set<Notice>().AsNoTracking()
                          where ancestors.Contains(n.OrgPath)
                          join o in db.Organizations on n.OrgId equals o.Id
                          let readAt = db.Set<NoticeRead>().Where(r => r.NoticeId == n.Id && r.UserId == userId)
                              .Select(r => (DateTimeOffset?)r.ReadAt).FirstOrDefault()
                          orderby n.SentAt descending, n.Id descending
                          select new { Notice = n, o.ShortName, ReadAt = readAt }).Take(500).ToListAsync(ct);
        var mine = rows.Where(x => Receives(holdings, x.Notice) is not null).Take(100).ToList();
        var ids = mine.Select(x => x.Notice.Id).ToList();
        var attachments = (await db.Set<NoticeAttachment>().AsNoTracking().Where(a => ids.Contains(a.NoticeId)).OrderBy(a => a.Id)
            .ToListAsync(ct)).ToLookup(a => a.NoticeId,
                a => new NoticeAttachmentDto(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAt));
        return mine.Select(x => new MyNoticeDto(x.Notice.Id, x.ShortName, x.Notice.Title, x.Notice.Body, x.Notice.RequireReceipt,
                x.Notice.SentAt, x.ReadAt is not null, x.ReadAt, x.ReadAt is null && x.Notice.RemindedAt is not null,
                attachments[x.Notice.Id].ToList()))
            .OrderBy(n => n.Read).ThenByDescending(n => n.Reminded).ThenByDescending(n => n.SentAt).ToList();
    }

    /// <summary>Records that the caller read a notice; a second read writes nothing. 404 for a notice not sent to them.</summary>
    public async Task<MyNoticeDto> ReadAsync(long id, CancellationToken ct = default)
    {
        var notice = await db.Set<Notice>().AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct)
            ?? throw DomainException.NotFound(NoticeService.What);
        var place = await PlaceOfAsync(notice, ct) ?? throw DomainException.NotFound(NoticeService.What);
        var userId = actor.UserId!.Value;
        await db.InTransactionAsync(async () =>
        {
            var at = NoticeService.Millis(clock.GetUtcNow());
            // One statement, no read first: two reads at once keep the first receipt (both databases).
            var inserted = place.PersonId is { } personId
                ? await db.Database.ExecuteSqlRawAsync(
                    """
                    INSERT INTO "NoticeReads" ("NoticeId", "UserId", "PersonId", "Name", "OrgId", "OrgPath", "ReadAt")
                    VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}) ON CONFLICT ("NoticeId", "UserId") DO NOTHING
                    """,
                    [id, userId, personId, place.Name, place.OrgId, place.OrgPath, NoticeService.ProviderValue(db, at)], ct)
                : await db.Database.ExecuteSqlRawAsync(
                    """
                    INSERT INTO "NoticeReads" ("NoticeId", "UserId", "Name", "OrgId", "OrgPath", "ReadAt")
                    VALUES ({0}, {1}, {2}, {3}, {4}, {5}) ON CONFLICT ("NoticeId", "UserId") DO NOTHING
                    """,
                    [id, userId, place.Name, place.OrgId, place.OrgPath, NoticeService.ProviderValue(db, at)], ct);
            if (inserted == 1)
            {
                await db.Set<Notice>().Where(n => n.Id == id).ExecuteUpdateAsync(s => s.SetProperty(n => n.Read, n => n.Read + 1), ct);
                await audit.AppendAsync(AuditAction.NoticeRead, place.OrgId, nameof(Notice), id,
                    $"{place.Name} 已阅读通知「{notice.Title}」", ct);
            }
        }, ct);
        return (await MineAsync(ct)).FirstOrDefault(n => n.Id == id)
            ?? throw DomainException.NotFound(NoticeService.What);
    }

    /// <summary>Where the caller receives <paramref name="notice"/>, or null when it was not sent to them.</summary>
    internal async Task<RecipientPlace?> PlaceOfAsync(Notice notice, CancellationToken ct)
    {
        if (actor.UserId is not { } userId)
        {
            return null;
        }

        var holding = Receives(await HoldingsAsync(userId, ct), notice);
        if (holding is null)
        {
            return null;
        }

        var personId = await db.Users.Where(u => u.Id == userId).Select(u => u.PersonId).FirstOrDefaultAsync(ct);
        return new RecipientPlace(holding.OrgId, holding.Path, personId, holding.Name);
    }

    /// <summary>The holding through which a notice reaches the caller: within its subtree, of its audience, held when it was sent.</summary>
    private static Holding? Receives(IReadOnlyList<Holding> holdings, Notice n) =>
        holdings.Where(h => h.Audience == n.Audience && TreePath.IsWithin(h.Path, n.OrgPath) && h.Since <= n.SentAt)
            .OrderBy(h => h.Path, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The caller's active memberships (member notices) and orgAdmin roles (administrators' notices).</summary>
    private async Task<List<Holding>> HoldingsAsync(long userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.PersonId, u.UserName }).FirstOrDefaultAsync(ct);
        if (user is null)
        {
            return [];
        }

        var name = user.PersonId is { } pid
            ? await db.Persons.Where(p => p.Id == pid).Select(p => p.Name).FirstOrDefaultAsync(ct) ?? user.UserName ?? ""
            : user.UserName ?? "";
        var holdings = user.PersonId is { } personId
            ? await db.Memberships.AsNoTracking().Where(m => m.PersonId == personId && m.State != MemberState.Ended)
                .Select(m => new Holding(m.OrgPath, m.OrgId, m.CreatedAt, NoticeAudience.Members, name)).ToListAsync(ct)
            : [];
        var roles = await (from r in db.RoleAssignments.AsNoTracking()
                           where r.UserId == userId && r.Role == Role.OrgAdmin
                           join o in db.Organizations on r.OrgId equals o.Id
                           select new Holding(o.Path, o.Id, r.CreatedAt, NoticeAudience.Admins, name)).ToListAsync(ct);
        holdings.AddRange(roles);
        return holdings;
    }

    /// <summary>Every ancestor path of a path, the path itself included (/1/, /1/7/, /1/7/42/).</summary>
    internal static IEnumerable<string> Ancestors(string path)
    {
        var prefix = "/";
        foreach (var id in TreePath.Ids(path))
        {
            prefix = TreePath.Child(prefix == "/" ? null : prefix, id);
            yield return prefix;
        }
    }
}
