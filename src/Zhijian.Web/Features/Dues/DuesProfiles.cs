using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues;

/// <summary>Dues profiles: per membership, a dated history; the amount comes from the rules in force in each month.</summary>
public sealed class DuesProfiles(ZhijianDbContext db, CallerScope scope, AuditLog audit, RuleBook rules, IActor actor, TimeProvider clock)
{
    internal const string MemberWhat = "党（团）员";

    /// <summary>The profile in force this month (or the latest one, when it begins later), with its monthly amount.</summary>
    public async Task<DuesProfileDto> GetAsync(long membershipId, CancellationToken ct = default)
    {
        var m = await ReadableMembershipAsync(membershipId, ct);
        var month = DuesMonth.Of(clock.Today()).Key;
        var profile = await db.Set<DuesProfile>().AsNoTracking().Where(p => p.MembershipId == m.Id)
            .OrderBy(p => p.EffectiveFrom <= month ? 0 : 1).ThenByDescending(p => p.EffectiveFrom).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("党（团）费档案");
        return await ToDtoAsync(profile, ct);
    }

    /// <summary>Sets the profile from its month on; a later month's change keeps the earlier months as they were.</summary>
    public async Task<DuesProfileDto> PutAsync(long membershipId, DuesProfileRequest r, CancellationToken ct = default)
    {
        var (category, baseFen, fixedFen, from, note) = Check(r, DuesMonth.Of(clock.Today()));
        return await db.InTransactionAsync(async () =>
        {
            await db.LockForUpdateAsync<Membership>(membershipId, ct);
            var m = await ReadableMembershipAsync(membershipId, ct);
            await scope.EnsureWritable(m.OrgPath, MemberWhat, ct);
            m.EnsureNotEnded();
            var profile = await SaveAsync(m, category, baseFen, fixedFen, from, note, ct);
            var dto = await ToDtoAsync(profile, ct);
            await audit.AppendAsync(AuditAction.DuesProfileSet, m.OrgId, nameof(DuesProfile), profile.Id,
                $"党（团）费档案：{DuesNames.Of(category)}，自 {from} 起每月 {dto.MonthlyYuan:0.00} 元", ct);
            return dto;
        }, ct);
    }

    /// <summary>Writes the profile row of <paramref name="from"/> (replacing one of the same month) and re-links the history.</summary>
    internal async Task<DuesProfile> SaveAsync(Membership m, DuesCategory category, long? baseFen, long? fixedFen, DuesMonth from,
        string? note, CancellationToken ct)
    {
        var rows = await db.Set<DuesProfile>().Where(p => p.MembershipId == m.Id).OrderBy(p => p.EffectiveFrom).ToListAsync(ct);
        var profile = Apply(rows, m.Id, m.System, category, baseFen, fixedFen, from, note);
        await db.SaveChangesAsync(ct);
        return profile;
    }

    /// <summary>
    /// The change in memory (tracked, saved by the caller): the row of <paramref name="from"/> added to or replaced in
    /// <paramref name="rows"/> (the membership's profiles, tracked) and the history re-linked. The payroll import applies
    /// every row so and saves once.
    /// </summary>
    internal DuesProfile Apply(List<DuesProfile> rows, long membershipId, OrgSystem system, DuesCategory category, long? baseFen,
        long? fixedFen, DuesMonth from, string? note)
    {
        var profile = rows.FirstOrDefault(p => p.EffectiveFrom == from.Key);
        if (profile is null)
        {
            profile = new DuesProfile(membershipId, system, category, baseFen, fixedFen, from, note, clock.GetUtcNow(), actor.UserName);
            db.Add(profile);
            rows.Add(profile);
            rows.Sort((a, b) => a.EffectiveFrom.CompareTo(b.EffectiveFrom));
        }
        else
        {
            profile.Change(category, baseFen, fixedFen, note, clock.GetUtcNow(), actor.UserName);
        }

        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].EndAt(i + 1 < rows.Count ? rows[i + 1].EffectiveFrom : null);
        }

        return profile;
    }

    /// <summary>The checks of a profile: one 400 naming every bad field; answers the values in fen.</summary>
    internal static (DuesCategory Category, long? BaseFen, long? FixedFen, DuesMonth From, string? Note) Check(DuesProfileRequest r,
        DuesMonth thisMonth)
    {
        var errors = new Dictionary<string, string[]>();
        var from = DuesMonth.Parse(r.EffectiveFrom);
        if (from is null)
        {
            errors["effectiveFrom"] = ["请填写起始月份（YYYY-MM）"];
        }
        else if (from.Value.CompareTo(thisMonth.Next) > 0)
        {
            errors["effectiveFrom"] = ["起始月份最晚为下个月"];
        }

        var category = r.Category ?? DuesCategory.Employed;
        if (r.Category is null)
        {
            errors["category"] = ["请选择缴费类别"];
        }

        var baseFen = Money(r.BaseYuan, "baseYuan", "缴费基数", errors);
        var fixedFen = Money(r.FixedYuan, "fixedYuan", "约定金额", errors);
        if (category is DuesCategory.Employed or DuesCategory.Retired && r.BaseYuan is null && !errors.ContainsKey("baseYuan"))
        {
            errors["baseYuan"] = ["在职和离退休党（团）员须填写缴费基数（税后月收入）"];
        }

        var note = string.IsNullOrWhiteSpace(r.Note) ? null : r.Note.Trim();
        if (category == DuesCategory.Fixed && (fixedFen is null or 0) && !errors.ContainsKey("fixedYuan"))
        {
            errors["fixedYuan"] = ["约定金额须大于 0"];
        }

        if (category == DuesCategory.Fixed && note is null)
        {
            errors["note"] = ["自愿多交或约定金额须填写说明"];
        }

        if (note is { Length: > DuesProfile.NoteMaxLength })
        {
            errors["note"] = [$"说明不超过 {DuesProfile.NoteMaxLength} 个字"];
        }

        return errors.Count > 0 ? throw DomainException.Validation(errors) : (category, baseFen, fixedFen, from!.Value, note);
    }

    private static long? Money(decimal? yuan, string field, string label, Dictionary<string, string[]> errors)
    {
        if (yuan is not { } y)
        {
            return null;
        }

        if (y < 0 || Yuan.ToFen(y) is not { } fen)
        {
            errors[field] = [$"{label}须为不小于 0、最多两位小数的金额"];
            return null;
        }

        return fen;
    }

    private async Task<DuesProfileDto> ToDtoAsync(DuesProfile p, CancellationToken ct)
    {
        var set = await rules.CurrentAsync(ct);
        var month = DuesMonth.FromKey(p.EffectiveFrom);
        var thisMonth = DuesMonth.Of(clock.Today());
        var (fen, key) = DuesRules.For(set, p.System, month.CompareTo(thisMonth) > 0 ? month : thisMonth)
            .AmountFen(p.Category, p.BaseFen, p.FixedFen);
        return new DuesProfileDto(p.MembershipId, p.System, p.Category, p.BaseFen is { } b ? Yuan.Of(b) : null,
            p.FixedFen is { } f ? Yuan.Of(f) : null, month.ToString(), p.Note, Yuan.Of(fen), key);
    }

    private async Task<Membership> ReadableMembershipAsync(long id, CancellationToken ct)
    {
        var m = await db.Memberships.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw DomainException.NotFound(MemberWhat);
        await scope.EnsureReadable(m.OrgPath, MemberWhat, ct);
        return m;
    }
}

/// <summary>Chinese names of the module's codes.</summary>
public static class DuesNames
{
    public static string Of(DuesCategory c) => c switch
    {
        DuesCategory.Employed => "在职",
        DuesCategory.Retired => "离退休",
        DuesCategory.Student => "学生",
        DuesCategory.Unemployed => "下岗失业",
        DuesCategory.Farmer => "农民",
        DuesCategory.Relief => "领取最低生活保障金",
        _ => "约定金额",
    };

    public static string Of(DuesMethod m) => m switch
    {
        DuesMethod.Cash => "现金",
        DuesMethod.BankTransfer => "银行转账",
        DuesMethod.Payroll => "工资代扣",
        _ => "在线支付",
    };

    public static string Of(DuesState s) => s switch
    {
        DuesState.Due => "未交",
        DuesState.Paid => "已交",
        _ => "免交",
    };
}
