using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues;

/// <summary>
/// The profiles of a subtree for the console: who has which profile this month, who has none, and setting one category,
/// base or agreed amount and month for many members at once (set-based statements, one transaction, one audit event).
/// </summary>
public sealed class DuesProfilesBulk(ZhijianDbContext db, OrganizationService orgs, AuditLog audit, RuleBook rules, IActor actor,
    TimeProvider clock)
{
    /// <summary>Most members one request names (null names every member of the subtree without a profile).</summary>
    public const int MaxMembers = 2000;

    /// <summary>Active and flowing members of the subtree with the profile in force this month (missing: only those without).</summary>
    public async Task<PagedList<DuesProfileRow>> ListAsync(long orgId, bool missing, string? q, PageRequest page, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var key = DuesMonth.Of(clock.Today()).Key;
        var members = Billable(org.Path);
        var inForce = db.Set<DuesProfile>().Where(p => p.EffectiveFrom <= key && (p.EffectiveTo == null || p.EffectiveTo > key));
        if (missing)
        {
            members = members.Where(m => !inForce.Any(p => p.MembershipId == m.Id));
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var name = q.Trim();
            members = members.Where(m => m.SortName.Contains(name) || m.Person!.Name.Contains(name));
        }

        var total = await members.LongCountAsync(ct);
        var rows = await members.OrderBy(m => m.OrgPath).ThenBy(m => m.SortName).ThenBy(m => m.Id).Skip(page.Skip).Take(page.PageSize)
            .Select(m => new
            {
                m.Id,
                m.Person!.Name,
                m.OrgId,
                OrgName = db.Organizations.Where(o => o.Id == m.OrgId).Select(o => o.ShortName).First(),
                m.System,
                Profile = inForce.Where(p => p.MembershipId == m.Id).OrderByDescending(p => p.EffectiveFrom).FirstOrDefault(),
            }).ToListAsync(ct);
        var set = await rules.CurrentAsync(ct);
        var month = DuesMonth.FromKey(key);
        var items = rows.Select(r => r.Profile is not { } p
            ? new DuesProfileRow(r.Id, r.Name, r.OrgId, r.OrgName, null, null, null, null, null)
            : new DuesProfileRow(r.Id, r.Name, r.OrgId, r.OrgName, p.Category, p.BaseFen is { } b ? Yuan.Of(b) : null,
                p.FixedFen is { } f ? Yuan.Of(f) : null, DuesMonth.FromKey(p.EffectiveFrom).ToString(),
                Yuan.Of(DuesRules.For(set, p.System, month).AmountFen(p.Category, p.BaseFen, p.FixedFen).Fen))).ToList();
        return new PagedList<DuesProfileRow>(items, page.Page, page.PageSize, total, true);
    }

    /// <summary>Sets one profile for the named members (or every member without one); all or nothing, checked as the PUT is.</summary>
    public async Task<DuesProfilesBulkResult> SetAsync(long orgId, DuesProfilesBulkRequest r, CancellationToken ct = default)
    {
        var (category, baseFen, fixedFen, from, note) = DuesProfiles.Check(
            new DuesProfileRequest(r.Category, r.BaseYuan, r.FixedYuan, r.EffectiveFrom, r.Note), DuesMonth.Of(clock.Today()));
        var ids = r.MemberIds?.Distinct().ToArray();
        if (ids is { Length: 0 or > MaxMembers } || (ids is not null && ids.Length != r.MemberIds!.Count))
        {
            throw DomainException.Validation("memberIds", $"请选择党（团）员（1 至 {MaxMembers} 人，不能重复），或不选以设置全部缺少档案的人");
        }

        var org = await orgs.FindWritableAsync(orgId, ct);
        return await db.InTransactionAsync(async () =>
        {
            if (ids is not null)
            {
                await EnsureMembersAsync(org.Path, ids, ct);
            }

            var values = new BulkValues(category.ToString(), baseFen, fixedFen, from.Key, note,
                db.IsPostgres ? clock.GetUtcNow() : new DateTimeOffsetToBinaryConverter().ConvertToProvider(clock.GetUtcNow())!,
                actor.UserName);
            var (created, replaced) = await WriteAsync(org.Path, ids, values, ct);
            var set = await rules.CurrentAsync(ct);
            var monthly = Yuan.Of(DuesRules.For(set, org.System, from).AmountFen(category, baseFen, fixedFen).Fen);
            await audit.AppendAsync(AuditAction.DuesProfilesBulkSet, org.Id, nameof(DuesProfile), null,
                $"批量设置党（团）费档案：{DuesNames.Of(category)}，自 {from} 起每月 {monthly:0.00} 元，新增 {created} 人，替换 {replaced} 人", ct);
            return new DuesProfilesBulkResult(created, replaced, created + replaced, monthly);
        }, ct);
    }

    private IQueryable<Membership> Billable(string path) =>
        db.Memberships.AsNoTracking().Where(TreePath.In<Membership>(m => m.OrgPath, path))
            .Where(m => m.State == MemberState.Active || m.State == MemberState.Flowing);

    /// <summary>Every named member is in the subtree (404 otherwise) and still on the roll (409 for an ended record).</summary>
    private async Task EnsureMembersAsync(string path, long[] ids, CancellationToken ct)
    {
        var found = await db.Memberships.AsNoTracking().Where(TreePath.In<Membership>(m => m.OrgPath, path)).Where(m => ids.Contains(m.Id))
            .Select(m => new { m.Id, m.State }).ToListAsync(ct);
        if (found.Count != ids.Length)
        {
            throw DomainException.NotFound(DuesProfiles.MemberWhat);
        }

        if (found.Any(m => m.State is not (MemberState.Active or MemberState.Flowing)))
        {
            throw DomainException.InvalidState("所选人员中有已结束或失联的记录，不能设置党（团）费档案");
        }
    }

    private sealed record BulkValues(string Category, long? BaseFen, long? FixedFen, int From, string? Note, object At, string By);

    /// <summary>
    /// Named members: replace their row of that month, end the row in force before it, insert the rest (ending where a later
    /// row begins). Every member without a profile in force that month: only the insert (nothing of theirs covers the month).
    /// </summary>
    private async Task<(int Created, int Replaced)> WriteAsync(string path, long[]? ids, BulkValues v, CancellationToken ct)
    {
        var created = 0;
        var replaced = 0;
        long[]?[] chunks = ids is null ? [null] : [.. ids.Chunk(500)];
        foreach (var chunk in chunks)
        {
            // Parameters: 0 path, 1 upper, 2 month, 3 category, 4 base, 5 fixed, 6 note, 7 at, 8 by, then the ids.
            object?[] args = [path, TreePath.Upper(path), v.From, v.Category, v.BaseFen, v.FixedFen, v.Note, v.At, v.By,
                .. (chunk ?? []).Cast<object?>()];
            var which = chunk is null
                ? """NOT EXISTS (SELECT 1 FROM "DuesProfiles" x WHERE x."MembershipId" = m."Id" AND x."EffectiveFrom" <= {2} AND (x."EffectiveTo" IS NULL OR x."EffectiveTo" > {2}))"""
                : "m.\"Id\" IN (" + string.Join(", ", chunk.Select((_, i) => "{" + (9 + i) + "}")) + ")";
            var members = $"""SELECT m."Id" FROM "Memberships" m WHERE m."OrgPath" >= {"{0}"} AND m."OrgPath" < {"{1}"} AND m."State" IN ('Active', 'Flowing') AND {which}""";
            if (chunk is not null)
            {
                var replace = $"""
                    UPDATE "DuesProfiles" SET "Category" = {"{3}"}, "BaseFen" = CAST({"{4}"} AS BIGINT), "FixedFen" = CAST({"{5}"} AS BIGINT),
                        "Note" = CAST({"{6}"} AS TEXT), "UpdatedAt" = {"{7}"}, "UpdatedBy" = {"{8}"}
                    WHERE "EffectiveFrom" = {"{2}"} AND "MembershipId" IN ({members})
                    """;
                var end = $"""
                    UPDATE "DuesProfiles" SET "EffectiveTo" = {"{2}"}
                    WHERE "EffectiveFrom" < {"{2}"} AND ("EffectiveTo" IS NULL OR "EffectiveTo" > {"{2}"}) AND "MembershipId" IN ({members})
                    """;
                replaced += await db.Database.ExecuteSqlRawAsync(replace, args!, ct);
                await db.Database.ExecuteSqlRawAsync(end, args!, ct);
            }

            // The SQL's text is built from constants and parameter positions only; every value is a parameter.
            var insert = $"""
                INSERT INTO "DuesProfiles" ("MembershipId", "System", "Category", "BaseFen", "FixedFen", "EffectiveFrom", "EffectiveTo", "Note", "UpdatedAt", "UpdatedBy")
                SELECT m."Id", m."System", {"{3}"}, CAST({"{4}"} AS BIGINT), CAST({"{5}"} AS BIGINT), {"{2}"},
                    (SELECT MIN(q."EffectiveFrom") FROM "DuesProfiles" q WHERE q."MembershipId" = m."Id" AND q."EffectiveFrom" > {"{2}"}),
                    CAST({"{6}"} AS TEXT), {"{7}"}, {"{8}"}
                FROM "Memberships" m
                WHERE m."Id" IN ({members})
                    AND NOT EXISTS (SELECT 1 FROM "DuesProfiles" x WHERE x."MembershipId" = m."Id" AND x."EffectiveFrom" = {"{2}"})
                """;
            created += await db.Database.ExecuteSqlRawAsync(insert, args!, ct);
        }

        return (created, replaced);
    }
}
