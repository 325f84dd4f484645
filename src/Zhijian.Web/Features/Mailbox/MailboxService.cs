using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Mailbox;

/// <summary>
/// The secretary's mailbox (书记信箱): a member writes to their branch or a superior, by name or anonymously; the
/// organization's administrators read and reply. An anonymous letter stores no link to its writer and its audit event
/// names no one; the writer reads the reply with the code shown to them once.
/// </summary>
public sealed class MailboxService(
    ZhijianDbContext db,
    CallerScope scope,
    OrganizationService orgs,
    AuditLog audit,
    IActor actor,
    TimeProvider clock)
{
    internal const string What = "来信";

    /// <summary>Where the caller may write: the organizations on the paths of their active memberships (branch first).</summary>
    public async Task<IReadOnlyList<MailboxTarget>> TargetsAsync(CancellationToken ct = default)
    {
        var paths = await MyPathsAsync(ct);
        var ids = paths.SelectMany(TreePath.Ids).Distinct().ToList();
        var found = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id) && o.Status == OrgStatus.Active)
            .Select(o => new { o.Id, o.ShortName, o.Path }).ToListAsync(ct);
        return found.OrderByDescending(o => o.Path.Length).Select(o => new MailboxTarget(o.Id, o.ShortName)).ToList();
    }

    /// <summary>Writes a letter; an anonymous one answers with its reply code, which is not stored (only its hash).</summary>
    public async Task<LetterDto> WriteAsync(WriteLetterRequest r, CancellationToken ct = default)
    {
        Validate(r);
        var me = await MeAsync(ct) ?? throw DomainException.Forbidden("只有在册的党（团）员可以写信");
        var paths = await MyPathsAsync(ct);
        var to = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == r.ToOrgId, ct);
        if (to is null || to.Status != OrgStatus.Active || !paths.Any(p => TreePath.IsWithin(p, to.Path)))
        {
            throw DomainException.Validation("toOrgId", "只能写给本人所在的支部或其上级组织");
        }

        var subject = r.Subject!.Trim();
        var body = r.Body!.Trim();
        return await db.InTransactionAsync(async () =>
        {
            if (r.Anonymous == true)
            {
                var code = Letter.NewReplyCode();
                var letter = Letter.Unsigned(to, subject, body, code, DayOf(clock.GetUtcNow()));
                db.Add(letter);
                await db.SaveChangesAsync(ct);
                await audit.AppendWithoutActorAsync(AuditAction.LetterWritten, to.Id, nameof(Letter), letter.Id,
                    $"「{to.ShortName}」书记信箱收到匿名来信「{subject}」", ct);
                return ToDto(letter, to.ShortName) with { ReplyCode = code };
            }

            var named = Letter.Named(to, subject, body, me.PersonId, me.UserId, me.Name, Millis(clock.GetUtcNow()));
            db.Add(named);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.LetterWritten, to.Id, nameof(Letter), named.Id,
                $"{me.Name} 给「{to.ShortName}」书记信箱写信「{subject}」", ct);
            return ToDto(named, to.ShortName);
        }, ct);
    }

    private static void Validate(WriteLetterRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.ToOrgId is null)
        {
            errors["toOrgId"] = ["请选择收信的组织"];
        }

        if (string.IsNullOrWhiteSpace(r.Subject) || r.Subject.Trim().Length > Letter.SubjectMaxLength)
        {
            errors["subject"] = [$"请填写标题（不超过 {Letter.SubjectMaxLength} 字）"];
        }

        if (string.IsNullOrWhiteSpace(r.Body) || r.Body.Trim().Length > Letter.BodyMaxLength)
        {
            errors["body"] = [$"请填写内容（不超过 {Letter.BodyMaxLength} 字）"];
        }

        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }
    }

    /// <summary>The caller's named letters with their replies, newest first (anonymous ones are found only by their code).</summary>
    public async Task<IReadOnlyList<LetterDto>> MineAsync(CancellationToken ct = default)
    {
        if (await MeAsync(ct) is not { } me)
        {
            return [];
        }

        return await Project(db.Set<Letter>().AsNoTracking().Where(l => l.SenderPersonId == me.PersonId && !l.Anonymous)
            .OrderByDescending(l => l.WrittenAt).ThenByDescending(l => l.Id).Take(100)).ToListAsync(ct);
    }

    /// <summary>An anonymous letter and its reply, by the code its writer was shown; 404 for any other code.</summary>
    public async Task<LetterDto> LookupAsync(LetterLookupRequest r, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(r.Code) || r.Code.Length > 100)
        {
            throw DomainException.Validation("code", "请填写写信时得到的查询码");
        }

        var hash = Letter.HashOf(r.Code);
        return await Project(db.Set<Letter>().AsNoTracking().Where(l => l.Anonymous && l.ReplyCodeHash == hash))
            .FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound(What);
    }

    /// <summary>Letters to an organization (or its subtree), newest first: for its administrators.</summary>
    public async Task<PagedList<LetterDto>> ListAsync(long orgId, bool subtree, PageRequest page, CancellationToken ct = default)
    {
        var org = await orgs.FindWritableAsync(orgId, ct);
        var query = db.Set<Letter>().AsNoTracking();
        query = subtree ? query.Where(TreePath.In<Letter>(l => l.ToOrgPath, org.Path)) : query.Where(l => l.ToOrgId == org.Id);
        var total = await query.LongCountAsync(ct);
        var items = await Project(query.OrderByDescending(l => l.WrittenAt).ThenByDescending(l => l.Id)
            .Skip(page.Skip).Take(page.PageSize)).ToListAsync(ct);
        return new PagedList<LetterDto>(items, page.Page, page.PageSize, total, true);
    }

    /// <summary>Replies to a letter of a writable organization; the writer sees it on /me (by their code if anonymous).</summary>
    public async Task<LetterDto> ReplyAsync(long id, ReplyLetterRequest r, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(r.Body) || r.Body.Trim().Length > Letter.BodyMaxLength)
        {
            throw DomainException.Validation("body", $"请填写回复内容（不超过 {Letter.BodyMaxLength} 字）");
        }

        return await db.InTransactionAsync(async () =>
        {
            var letter = await db.Set<Letter>().FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw DomainException.NotFound(What);
            await scope.EnsureWritable(letter.ToOrgPath, What, ct);
            letter.Answer(r.Body.Trim(), Millis(clock.GetUtcNow()), actor.UserName);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.LetterReplied, letter.ToOrgId, nameof(Letter), letter.Id,
                $"回复书记信箱来信「{letter.Subject}」", ct);
            return await Project(db.Set<Letter>().AsNoTracking().Where(l => l.Id == id)).FirstAsync(ct);
        }, ct);
    }

    private sealed record Me(long UserId, long PersonId, string Name);

    private async Task<Me?> MeAsync(CancellationToken ct)
    {
        if (actor.UserId is not { } userId)
        {
            return null;
        }

        return await (from u in db.Users
                      where u.Id == userId && u.PersonId != null
                      join p in db.Persons on u.PersonId equals p.Id
                      select new Me(u.Id, p.Id, p.Name)).FirstOrDefaultAsync(ct);
    }

    private async Task<List<string>> MyPathsAsync(CancellationToken ct)
    {
        if (await MeAsync(ct) is not { } me)
        {
            return [];
        }

        return await db.Memberships.AsNoTracking().Where(m => m.PersonId == me.PersonId && m.State != MemberState.Ended)
            .Select(m => m.OrgPath).ToListAsync(ct);
    }

    private IQueryable<LetterDto> Project(IQueryable<Letter> query) =>
        from l in query
        join o in db.Organizations on l.ToOrgId equals o.Id
        select new LetterDto(l.Id, l.ToOrgId, o.ShortName, l.Subject, l.Body, l.Anonymous, l.SenderPersonId, l.SenderName,
            l.WrittenAt, l.Reply, l.RepliedAt, l.RepliedBy, null);

    private static LetterDto ToDto(Letter l, string orgName) => new(l.Id, l.ToOrgId, orgName, l.Subject, l.Body, l.Anonymous,
        l.SenderPersonId, l.SenderName, l.WrittenAt, l.Reply, l.RepliedAt, l.RepliedBy);

    /// <summary>Midnight in China of the instant's day, as an instant.</summary>
    private static DateTimeOffset DayOf(DateTimeOffset at)
    {
        var china = at.InChina();
        return new DateTimeOffset(china.Year, china.Month, china.Day, 0, 0, 0, china.Offset).ToUniversalTime();
    }

    private static DateTimeOffset Millis(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
