using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues;

/// <summary>
/// The monthly ledger: generating a month for a subtree (set-based, one INSERT … SELECT per chunk of memberships,
/// idempotent through the unique index (membership, month)), and the ledger list.
/// </summary>
public sealed class DuesLedger(ZhijianDbContext db, CallerScope scope, OrganizationService orgs, AuditLog audit, RuleBook rules,
    TimeProvider clock)
{
    internal const string What = "党（团）费记录";

    /// <summary>Memberships per INSERT … SELECT (an id range of the membership table).</summary>
    internal int ChunkSize { get; set; } = 200_000;

    // Any constant: one generation at a time (the rollup adds the lines a run created, found by id).
    private const long GenerateLockKey = 0x4455_4553_4745;

    /// <summary>Generates <paramref name="monthText"/> for the subtree of organization <paramref name="orgId"/> (caller's scope).</summary>
    public async Task<GenerateResult> GenerateAsync(long orgId, string monthText, CancellationToken ct = default)
    {
        var month = DuesMonth.Parse(monthText) ?? throw DomainException.Validation("month", "月份格式应为 YYYY-MM");
        if (month.CompareTo(DuesMonth.Of(clock.Today()).Next) > 0)
        {
            throw DomainException.Validation("month", "最多只能生成到下个月");
        }

        var org = await orgs.FindWritableAsync(orgId, ct);
        return await db.InTransactionAsync(async () =>
        {
            var result = await GenerateAsync(org, month, ct);
            await audit.AppendAsync(AuditAction.DuesMonthGenerated, org.Id, nameof(DuesLine), null,
                $"「{org.ShortName}」生成 {month} 党（团）费：新增 {result.Created} 条，已有 {result.Skipped} 条，缺少档案 {result.MissingProfile} 人", ct);
            return result;
        }, ct);
    }

    /// <summary>The generation itself, without scope checks (the monthly job and the demo use it).</summary>
    internal Task<GenerateResult> GenerateAsync(Organization org, DuesMonth month, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            if (db.IsPostgres)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({GenerateLockKey})", ct);
            }

            var set = await rules.CurrentAsync(ct);
            var amount = DuesRules.For(set, org.System, month).Sql();
            var prefix = org.Path;
            var upper = TreePath.Upper(prefix);
            var before = await db.Set<DuesLine>().MaxAsync(l => (long?)l.Id, ct) ?? 0;
            var range = await db.Memberships.Where(m => string.Compare(m.OrgPath, prefix) >= 0 && string.Compare(m.OrgPath, upper) < 0)
                .GroupBy(_ => 1).Select(g => new { Min = g.Min(m => m.Id), Max = g.Max(m => m.Id) }).FirstOrDefaultAsync(ct);
            long created = 0;
            for (var lo = range?.Min ?? 1; range is not null && lo <= range.Max; lo += ChunkSize)
            {
                created += await InsertChunkAsync(amount, prefix, upper, month, lo, lo + ChunkSize - 1, ct);
            }

            await AddToRollupAsync(before, month, ct);
            var (billable, missingCount, missing) = await CountsAsync(prefix, upper, month, ct);
            return new GenerateResult(month.ToString(), created, billable - created, missingCount, missing);
        }, ct);

    private Task<int> InsertChunkAsync(string amount, string prefix, string upper, DuesMonth month, long lo, long hi, CancellationToken ct)
    {
        // {amount} is built from numbers parsed from the rule rows (DuesRules.Sql), never from input; the rest are parameters.
        // The id range is repeated on the profiles: without it PostgreSQL hash-joins each chunk against ALL profiles (a full
        // scan of 10,000,000 rows per 200,000-membership chunk, found by the national benchmark); with it, an index range.
        var sql = $"""
            INSERT INTO "DuesLines" ("MembershipId", "PersonId", "System", "OrgId", "OrgPath", "Month", "AmountFen", "PaidFen", "State")
            SELECT m."Id", m."PersonId", m."System", m."OrgId", m."OrgPath", {"{0}"}, {amount}, 0, 'Due'
            FROM "Memberships" m
            JOIN "DuesProfiles" p ON p."MembershipId" = m."Id" AND p."EffectiveFrom" <= {"{0}"}
                AND (p."EffectiveTo" IS NULL OR p."EffectiveTo" > {"{0}"})
            WHERE m."OrgPath" >= {"{1}"} AND m."OrgPath" < {"{2}"} AND m."Id" BETWEEN {"{3}"} AND {"{4}"}
                AND p."MembershipId" BETWEEN {"{3}"} AND {"{4}"} AND m."State" IN ('Active', 'Flowing')
            ON CONFLICT ("MembershipId", "Month") DO NOTHING
            """;
        return db.Database.ExecuteSqlRawAsync(sql, [month.Key, prefix, upper, lo, hi], ct);
    }

    /// <summary>Adds the lines created since <paramref name="afterId"/> to the per-organization month totals.</summary>
    private Task<int> AddToRollupAsync(long afterId, DuesMonth month, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "DuesMonthTotals" ("OrgId", "OrgPath", "Month", "Lines", "DueFen", "PaidFen", "WaivedFen", "PaidLines")
            SELECT l."OrgId", MIN(l."OrgPath"), l."Month", COUNT(*), SUM(l."AmountFen"), 0, 0, 0
            FROM "DuesLines" l WHERE l."Id" > {0} AND l."Month" = {1}
            GROUP BY l."OrgId", l."Month"
            ON CONFLICT ("OrgId", "Month") DO UPDATE SET "Lines" = "DuesMonthTotals"."Lines" + excluded."Lines",
                "DueFen" = "DuesMonthTotals"."DueFen" + excluded."DueFen"
            """, [afterId, month.Key], ct);

    /// <summary>How many memberships of the subtree have a line of the month, and which active ones have no profile (first 200).</summary>
    private async Task<(long Billable, long MissingCount, IReadOnlyList<MissingProfileDto> Missing)> CountsAsync(string prefix,
        string upper, DuesMonth month, CancellationToken ct)
    {
        var key = month.Key;
        var billable = await db.Set<DuesLine>().LongCountAsync(l => l.Month == key && string.Compare(l.OrgPath, prefix) >= 0
            && string.Compare(l.OrgPath, upper) < 0, ct);
        var missing = db.Memberships.Where(m => string.Compare(m.OrgPath, prefix) >= 0 && string.Compare(m.OrgPath, upper) < 0
                && (m.State == MemberState.Active || m.State == MemberState.Flowing))
            .Where(m => !db.Set<DuesProfile>().Any(p => p.MembershipId == m.Id && p.EffectiveFrom <= key && (p.EffectiveTo == null || p.EffectiveTo > key)));
        var count = await missing.LongCountAsync(ct);
        var first = await missing.OrderBy(m => m.Id).Take(200)
            .Select(m => new MissingProfileDto(m.Id, m.Person!.Name, m.OrgId)).ToListAsync(ct);
        return (billable, count, first);
    }

    /// <summary>Ledger lines of an organization (or its subtree), filtered in SQL by the caller's scope; newest month first.</summary>
    public async Task<PagedList<DuesLineDto>> ListAsync(long? orgId, bool subtree, string? month, DuesState? state, PageRequest page,
        string? q = null, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Set<DuesLine>().AsNoTracking(), l => l.OrgPath, ct);
        if (orgId is { } id)
        {
            var org = await orgs.FindReadableAsync(id, ct);
            query = subtree ? query.Where(TreePath.In<DuesLine>(l => l.OrgPath, org.Path)) : query.Where(l => l.OrgId == org.Id);
        }

        if (month is not null)
        {
            var m = DuesMonth.Parse(month) ?? throw DomainException.Validation("month", "月份格式应为 YYYY-MM");
            query = query.Where(l => l.Month == m.Key);
        }

        if (state is { } s)
        {
            query = query.Where(l => l.State == s);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var name = q.Trim();
            query = query.Where(l => db.Persons.Any(p => p.Id == l.PersonId && p.Name.Contains(name)));
        }

        var total = await query.LongCountAsync(ct);
        var items = await ProjectAsync(query.OrderByDescending(l => l.Month).ThenBy(l => l.OrgId).ThenBy(l => l.Id)
            .Skip(page.Skip).Take(page.PageSize), ct);
        items = items.OrderByDescending(l => l.Month, StringComparer.Ordinal).ThenBy(l => l.OrgId).ThenBy(l => l.Id).ToList();
        return new PagedList<DuesLineDto>(items, page.Page, page.PageSize, total, true);
    }

    /// <summary>Lines as the API shows them (name, organization and receipt number joined).</summary>
    internal async Task<List<DuesLineDto>> ProjectAsync(IQueryable<DuesLine> lines, CancellationToken ct)
    {
        var rows = await (from l in lines
                          join p in db.Persons on l.PersonId equals p.Id
                          join o in db.Organizations on l.OrgId equals o.Id
                          join pay in db.Set<DuesPayment>() on l.PaymentId equals (long?)pay.Id into pays
                          from pay in pays.DefaultIfEmpty()
                          select new { Line = l, p.Name, o.ShortName, ReceiptNo = pay == null ? null : pay.ReceiptNo }).ToListAsync(ct);
        return rows.Select(x => ToDto(x.Line, x.Name, x.ShortName, x.ReceiptNo)).ToList();
    }

    internal static DuesLineDto ToDto(DuesLine l, string name, string orgName, string? receiptNo) =>
        new(l.Id, l.MembershipId, l.PersonId, name, l.OrgId, orgName, DuesMonth.FromKey(l.Month).ToString(), Yuan.Of(l.AmountFen),
            Yuan.Of(l.PaidFen), l.State, l.PaidAt, l.Method, l.PaymentId, receiptNo, l.WaiveReason);
}
