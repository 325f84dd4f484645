using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues;

/// <summary>
/// Payments (all-or-nothing over their lines, under row locks) and waivers (免交). Every change moves the month totals of
/// the lines' organizations in the same transaction.
/// </summary>
public sealed class DuesPayments(ZhijianDbContext db, CallerScope scope, DuesLedger ledger, AuditLog audit, IActor actor, TimeProvider clock)
{
    public const int MaxLines = 500;

    /// <summary>Records a payment of lines of the caller's writable scope (cash, bank transfer or payroll).</summary>
    public async Task<PaymentDto> PayAsync(PayRequest r, CancellationToken ct = default)
    {
        var ids = CheckLines(r.LineIds);
        var errors = new Dictionary<string, string[]>();
        if (r.Method is not { } method || method == DuesMethod.Online)
        {
            errors["method"] = ["请选择交纳方式：现金、银行转账或工资代扣（在线支付由本人在“我的”页面完成）"];
            method = default;
        }

        if (r.PaidOn is not { } paidOn || paidOn > clock.Today())
        {
            errors["paidOn"] = ["请填写交纳日期（不晚于今天）"];
            paidOn = default;
        }

        var reference = string.IsNullOrWhiteSpace(r.Reference) ? null : r.Reference.Trim();
        if (reference is { Length: > DuesPayment.ReferenceMaxLength })
        {
            errors["reference"] = [$"凭证号不超过 {DuesPayment.ReferenceMaxLength} 个字"];
        }

        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }

        return await db.InTransactionAsync(async () =>
        {
            var lines = await LockedLinesAsync(ids, ct);
            foreach (var l in lines)
            {
                await scope.EnsureWritable(l.OrgPath, DuesLedger.What, ct);
            }

            var payment = await SettleAsync(lines, method, paidOn, reference, ct);
            await audit.AppendAsync(AuditAction.DuesPaid, payment.OrgId, nameof(DuesPayment), payment.Id,
                $"登记交纳党（团）费 {lines.Count} 笔，合计 {Yuan.Of(payment.TotalFen):0.00} 元（{DuesNames.Of(method)}），收据 {payment.ReceiptNo}", ct);
            return await DtoAsync(payment, ct);
        }, ct);
    }

    /// <summary>免交: an administrator of the line's organization, with a reason.</summary>
    public async Task<DuesLineDto> WaiveAsync(long lineId, WaiveRequest r, CancellationToken ct = default)
    {
        var reason = r.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > 200)
        {
            throw DomainException.Validation("reason", "请填写免交原因（不超过 200 个字）");
        }

        return await db.InTransactionAsync(async () =>
        {
            var line = (await LockedLinesAsync([lineId], ct))[0];
            await scope.EnsureWritable(line.OrgPath, DuesLedger.What, ct);
            line.Waive(reason, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await MoveTotalsAsync(line.OrgId, line.Month, 0, line.AmountFen, 0, ct);
            await audit.AppendAsync(AuditAction.DuesWaived, line.OrgId, nameof(DuesLine), line.Id,
                $"免交 {DuesMonth.FromKey(line.Month)} 党（团）费 {Yuan.Of(line.AmountFen):0.00} 元：{reason}", ct);
            return (await ledger.ProjectAsync(db.Set<DuesLine>().AsNoTracking().Where(l => l.Id == line.Id), ct))[0];
        }, ct);
    }

    /// <summary>The payment's lines under row locks (in id order), tracked; 404 for an unknown one or one outside the caller's sight.</summary>
    internal async Task<List<DuesLine>> LockedLinesAsync(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        await LockedLinesAsync(ids, checkScope: true, ct);

    /// <summary>As above; without the scope check for a provider's notification (its order names the member's own lines).</summary>
    internal async Task<List<DuesLine>> LockedLinesAsync(IReadOnlyCollection<long> ids, bool checkScope, CancellationToken ct)
    {
        await db.LockForUpdateAsync<DuesLine>(ids, ct);
        var lines = await db.Set<DuesLine>().Where(l => ids.Contains(l.Id)).OrderBy(l => l.Id).ToListAsync(ct);
        foreach (var l in lines.Where(_ => checkScope))
        {
            await scope.EnsureReadable(l.OrgPath, DuesLedger.What, ct);
        }

        return lines.Count == ids.Count ? lines : throw DomainException.NotFound(DuesLedger.What);
    }

    /// <summary>Pays every line (409 when one is not due: the caller's transaction then writes nothing) and numbers the receipt.</summary>
    internal async Task<DuesPayment> SettleAsync(IReadOnlyList<DuesLine> lines, DuesMethod method, DateOnly paidOn, string? reference,
        CancellationToken ct)
    {
        foreach (var l in lines)
        {
            l.EnsureDue();
        }

        var path = CommonPath(lines.Select(l => l.OrgPath));
        if (TreePath.Ids(path).Length == 0)
        {
            throw DomainException.Validation("lineIds", "一次交纳的记录须属于同一组织体系");
        }

        var names = await db.Persons.Where(p => lines.Select(l => l.PersonId).Distinct().Contains(p.Id)).Select(p => p.Name).ToListAsync(ct);
        var payer = names.Count == 1 ? names[0] : $"{names.FirstOrDefault()}等 {names.Count} 人";
        var payment = new DuesPayment(path, TreePath.Ids(path)[^1], method, paidOn, reference, lines.Sum(l => l.AmountFen), payer,
            lines.Count, clock.GetUtcNow(), actor.UserName);
        db.Add(payment);
        await db.SaveChangesAsync(ct);
        payment.Number();
        foreach (var l in lines)
        {
            l.Pay(payment.Id, method, paidOn, clock.GetUtcNow());
        }

        await db.SaveChangesAsync(ct);
        foreach (var g in lines.GroupBy(l => (l.OrgId, l.Month)))
        {
            await MoveTotalsAsync(g.Key.OrgId, g.Key.Month, g.Sum(l => l.AmountFen), 0, g.Count(), ct);
        }

        return payment;
    }

    internal Task<int> MoveTotalsAsync(long orgId, int month, long paidFen, long waivedFen, int paidLines, CancellationToken ct) =>
        db.Set<DuesMonthTotal>().Where(t => t.OrgId == orgId && t.Month == month).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.PaidFen, t => t.PaidFen + paidFen)
            .SetProperty(t => t.WaivedFen, t => t.WaivedFen + waivedFen)
            .SetProperty(t => t.PaidLines, t => t.PaidLines + paidLines), ct);

    /// <summary>A payment with its lines (for the API answer).</summary>
    internal async Task<PaymentDto> DtoAsync(DuesPayment p, CancellationToken ct)
    {
        var lines = await ledger.ProjectAsync(db.Set<DuesLine>().AsNoTracking().Where(l => l.PaymentId == p.Id), ct);
        return new PaymentDto(p.Id, p.ReceiptNo, Yuan.Of(p.TotalFen), lines.OrderBy(l => l.Month, StringComparer.Ordinal).ThenBy(l => l.Id).ToList());
    }

    /// <summary>1 to <see cref="MaxLines"/> distinct line ids, or 400.</summary>
    internal static long[] CheckLines(IReadOnlyList<long>? ids)
    {
        if (ids is null || ids.Count == 0 || ids.Count > MaxLines || ids.Distinct().Count() != ids.Count)
        {
            throw DomainException.Validation("lineIds", $"请选择要交纳的记录（1 至 {MaxLines} 条，不能重复）");
        }

        return ids.ToArray();
    }

    /// <summary>The deepest organization path that holds every one of <paramref name="paths"/>.</summary>
    internal static string CommonPath(IEnumerable<string> paths)
    {
        long[]? common = null;
        foreach (var ids in paths.Select(TreePath.Ids))
        {
            common = common is null ? ids : common.Zip(ids).TakeWhile(p => p.First == p.Second).Select(p => p.First).ToArray();
        }

        return "/" + string.Join("/", common ?? []) + "/";
    }
}
