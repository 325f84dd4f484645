using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Libraries;

/// <summary>Honor levels: codes of the API and their Chinese names (either is accepted).</summary>
public static class HonorLevels
{
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["national"] = "国家级",
        ["provincial"] = "省部级",
        ["municipal"] = "市级",
        ["county"] = "县级",
        ["unit"] = "单位级",
    };

    public static string? Code(string? value)
    {
        var v = (value ?? "").Trim();
        return Names.ContainsKey(v.ToLowerInvariant()) ? v.ToLowerInvariant() : Names.FirstOrDefault(n => n.Value == v).Key;
    }

    public static string NameOf(string code) => Names.TryGetValue(code, out var n) ? n : code;
}

/// <summary>The honors (荣誉库) and reserve cadres (后备干部库) of organizations.</summary>
public sealed class LibraryService(ZhijianDbContext db, CallerScope scope, OrganizationService orgs, AuditLog audit, TimeProvider clock)
{
    internal const string HonorWhat = "荣誉";

    /// <summary>Records an honor of an organization or of one of its persons.</summary>
    public async Task<HonorDto> AddHonorAsync(CreateHonorRequest r, CancellationToken ct = default)
    {
        var (title, level, issuer) = ValidateHonor(r);
        return await db.InTransactionAsync(async () =>
        {
            var org = await orgs.FindWritableAsync(r.OrgId!.Value, ct);
            string? personName = null;
            if (r.PersonId is { } personId)
            {
                personName = await (from m in db.Memberships.Where(TreePath.In<Membership>(m => m.OrgPath, org.Path))
                                    where m.PersonId == personId
                                    join p in db.Persons on m.PersonId equals p.Id
                                    select p.Name).FirstOrDefaultAsync(ct)
                    ?? throw DomainException.Validation("personId", $"获得荣誉的人员须为「{org.ShortName}」及下级组织的人员");
            }

            var honor = Honor.Record(org, r.PersonId, personName, title, level, r.AwardedOn!.Value, issuer, clock.GetUtcNow());
            db.Add(honor);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.HonorRecorded, org.Id, nameof(Honor), honor.Id,
                $"登记荣誉：{personName ?? org.ShortName}「{title}」（{HonorLevels.NameOf(level)}，{issuer}，{honor.AwardedOn:yyyy-MM-dd}）", ct);
            return ToDto(honor, org.ShortName);
        }, ct);
    }

    private static (string Title, string Level, string Issuer) ValidateHonor(CreateHonorRequest r)
    {
        var errors = new FieldErrors();
        errors.Required(r.OrgId, "orgId", "请选择组织");
        var title = errors.Text(r.Title, Honor.TitleMaxLength, "title", $"请填写荣誉名称（不超过 {Honor.TitleMaxLength} 字）");
        var level = HonorLevels.Code(r.Level);
        errors.Check(level is not null, "level", "荣誉级别须为：" + string.Join("、", HonorLevels.Names.Select(n => $"{n.Key}（{n.Value}）")));
        errors.Check(r.AwardedOn is { } on && PlausibleDates.Contains(on), "awardedOn", "请填写获得荣誉的日期");
        var issuer = errors.Text(r.Issuer, Honor.IssuerMaxLength, "issuer", $"请填写授予单位（不超过 {Honor.IssuerMaxLength} 字）");
        errors.ThrowIfAny();

        return (title, level!, issuer);
    }

    /// <summary>Honors of an organization (or its subtree) in the caller's scope, newest first; <paramref name="q"/> filters title, issuer and name.</summary>
    public async Task<PagedList<HonorDto>> HonorsAsync(long? orgId, bool subtree, string? q, PageRequest page, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Set<Honor>().AsNoTracking(), h => h.OrgPath, ct);
        if (orgId is { } oid)
        {
            var org = await orgs.FindReadableAsync(oid, ct);
            query = subtree ? query.Where(TreePath.In<Honor>(h => h.OrgPath, org.Path)) : query.Where(h => h.OrgId == org.Id);
        }

        foreach (var term in ArchiveSearch.Terms(q))
        {
            var like = ArchiveSearch.Like(term);
            query = query.Where(h => EF.Functions.Like(h.Title, like, "\\") || EF.Functions.Like(h.Issuer, like, "\\")
                                     || (h.PersonName != null && EF.Functions.Like(h.PersonName, like, "\\")));
        }

        var total = await query.LongCountAsync(ct);
        var rows = await (from h in query.OrderByDescending(h => h.AwardedOn).ThenByDescending(h => h.Id).Skip(page.Skip).Take(page.PageSize)
                          join o in db.Organizations on h.OrgId equals o.Id
                          select new { h, o.ShortName }).ToListAsync(ct);
        return new PagedList<HonorDto>(rows.Select(x => ToDto(x.h, x.ShortName)).ToList(), page.Page, page.PageSize, total, true);
    }

    /// <summary>Records a reserve cadre of an organization: a member of its subtree, for a post.</summary>
    public async Task<ReserveCadreDto> AddReserveCadreAsync(long orgId, CreateReserveCadreRequest r, CancellationToken ct = default)
    {
        var (post, note) = ValidateCadre(r);
        return await db.InTransactionAsync(async () =>
        {
            var org = await orgs.FindWritableAsync(orgId, ct);
            var member = await (from m in db.Memberships.Where(TreePath.In<Membership>(m => m.OrgPath, org.Path))
                                where m.Id == r.MemberId && m.State != MemberState.Ended
                                join p in db.Persons on m.PersonId equals p.Id
                                select new { m.Id, m.PersonId, p.Name }).FirstOrDefaultAsync(ct)
                ?? throw DomainException.Validation("memberId", $"后备干部须为「{org.ShortName}」及下级组织在册的党（团）员");
            if (await db.Set<ReserveCadre>().AnyAsync(c => c.OrgId == org.Id && c.MemberId == member.Id && c.ForPost == post, ct))
            {
                throw new DomainException(StatusCodes.Status409Conflict, "conflict", $"{member.Name}已是「{org.ShortName}」{post}的后备干部");
            }

            var cadre = ReserveCadre.Record(org, member.Id, member.PersonId, member.Name, post, r.Since!.Value, note, clock.GetUtcNow());
            db.Add(cadre);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.ReserveCadreRecorded, org.Id, nameof(ReserveCadre), cadre.Id,
                $"「{org.ShortName}」登记后备干部：{member.Name}，拟任{post}（自 {cadre.Since:yyyy-MM-dd}）", ct);
            return CadreDto(cadre, org.ShortName);
        }, ct);
    }

    private static (string Post, string? Note) ValidateCadre(CreateReserveCadreRequest r)
    {
        var errors = new FieldErrors();
        errors.Required(r.MemberId, "memberId", "请选择后备干部人选");
        var post = errors.Text(r.ForPost, ReserveCadre.PostMaxLength, "forPost", $"请填写拟任职务（不超过 {ReserveCadre.PostMaxLength} 字）");
        errors.Check(r.Since is { } since && PlausibleDates.Contains(since), "since", "请填写列入后备干部的日期");
        errors.Check(r.Note is not { Length: > ReserveCadre.NoteMaxLength }, "note", $"备注不超过 {ReserveCadre.NoteMaxLength} 字");
        errors.ThrowIfAny();

        return (post, string.IsNullOrWhiteSpace(r.Note) ? null : r.Note.Trim());
    }

    /// <summary>Reserve cadres of an organization (or its subtree).</summary>
    public async Task<PagedList<ReserveCadreDto>> ReserveCadresAsync(long orgId, bool subtree, PageRequest page, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var query = db.Set<ReserveCadre>().AsNoTracking();
        query = subtree ? query.Where(TreePath.In<ReserveCadre>(c => c.OrgPath, org.Path)) : query.Where(c => c.OrgId == org.Id);
        var total = await query.LongCountAsync(ct);
        var rows = await (from c in query.OrderBy(c => c.OrgPath).ThenBy(c => c.ForPost).ThenBy(c => c.Id).Skip(page.Skip).Take(page.PageSize)
                          join o in db.Organizations on c.OrgId equals o.Id
                          select new { c, o.ShortName }).ToListAsync(ct);
        return new PagedList<ReserveCadreDto>(rows.Select(x => CadreDto(x.c, x.ShortName)).ToList(), page.Page, page.PageSize, total, true);
    }

    private static HonorDto ToDto(Honor h, string orgName) =>
        new(h.Id, h.OrgId, orgName, h.PersonId, h.PersonName, h.Title, h.Level, HonorLevels.NameOf(h.Level), h.AwardedOn, h.Issuer);

    private static ReserveCadreDto CadreDto(ReserveCadre c, string orgName) =>
        new(c.Id, c.OrgId, orgName, c.MemberId, c.PersonId, c.Name, c.ForPost, c.Since, c.Note);
}
