using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues;

/// <summary>
/// The member's own dues (/me): lines, the monthly amount, online checkout through the configured provider, and the
/// provider's notification that pays the order's lines once (idempotent; a bad signature pays nothing).
/// </summary>
public sealed class DuesOnline(ZhijianDbContext db, DuesLedger ledger, DuesPayments payments, IEnumerable<IPaymentProvider> providers,
    IOptions<DuesOptions> options, RuleBook rules, AuditLog audit, IActor actor, TimeProvider clock)
{
    /// <summary>The caller's lines (every membership), newest first, with what is outstanding.</summary>
    public async Task<MyDuesDto> MineAsync(CancellationToken ct = default)
    {
        if (await MyPersonIdAsync(ct) is not { } personId)
        {
            return new MyDuesDto(null, 0, []);
        }

        var lines = (await ledger.ProjectAsync(db.Set<DuesLine>().AsNoTracking().Where(l => l.PersonId == personId), ct))
            .OrderByDescending(l => l.Month, StringComparer.Ordinal).ThenBy(l => l.Id).Take(120).ToList();
        var outstanding = lines.Where(l => l.State == DuesState.Due).Sum(l => l.AmountYuan);
        return new MyDuesDto(await MonthlyAsync(personId, ct), outstanding, lines);
    }

    private async Task<decimal?> MonthlyAsync(long personId, CancellationToken ct)
    {
        var month = DuesMonth.Of(clock.Today());
        var key = month.Key;
        var profiles = await (from p in db.Set<DuesProfile>().AsNoTracking()
                              join m in db.Memberships on p.MembershipId equals m.Id
                              where m.PersonId == personId && p.EffectiveFrom <= key && (p.EffectiveTo == null || p.EffectiveTo > key)
                              select p).ToListAsync(ct);
        if (profiles.Count == 0)
        {
            return null;
        }

        var set = await rules.CurrentAsync(ct);
        return Yuan.Of(profiles.Sum(p => DuesRules.For(set, p.System, month).AmountFen(p.Category, p.BaseFen, p.FixedFen).Fen));
    }

    /// <summary>The caller's profiles in force this month with their rules in words.</summary>
    public async Task<IReadOnlyList<MyDuesRule>> MyRulesAsync(CancellationToken ct = default)
    {
        if (await MyPersonIdAsync(ct) is not { } personId)
        {
            return [];
        }

        var month = DuesMonth.Of(clock.Today());
        var key = month.Key;
        var profiles = await (from p in db.Set<DuesProfile>().AsNoTracking()
                              join m in db.Memberships on p.MembershipId equals m.Id
                              where m.PersonId == personId && p.EffectiveFrom <= key && (p.EffectiveTo == null || p.EffectiveTo > key)
                              select p).ToListAsync(ct);
        var set = await rules.CurrentAsync(ct);
        return profiles.Select(p =>
        {
            var r = DuesRules.For(set, p.System, month);
            return new MyDuesRule(p.System, p.Category, Yuan.Of(r.AmountFen(p.Category, p.BaseFen, p.FixedFen).Fen), r.Describe(p.Category, p.BaseFen, p.FixedFen));
        }).ToList();
    }

    /// <summary>404 unless the payment paid a line of the caller's (their own receipt).</summary>
    public async Task EnsureMyPaymentAsync(long paymentId, CancellationToken ct = default)
    {
        var personId = await MyPersonIdAsync(ct);
        if (personId is null || !await db.Set<DuesLine>().AnyAsync(l => l.PaymentId == paymentId && l.PersonId == personId, ct))
        {
            throw DomainException.NotFound("收据");
        }
    }

    /// <summary>An order for some of the caller's due lines, with the provider's pay link.</summary>
    public async Task<CheckoutDto> CheckoutAsync(CheckoutRequest r, CancellationToken ct = default)
    {
        var ids = DuesPayments.CheckLines(r.LineIds);
        var personId = await MyPersonIdAsync(ct) ?? throw DomainException.NotFound(DuesLedger.What);
        var provider = Provider(options.Value.PaymentProvider) ?? throw new InvalidOperationException("No payment provider is configured.");
        return await db.InTransactionAsync(async () =>
        {
            var lines = await db.Set<DuesLine>().AsNoTracking().Where(l => ids.Contains(l.Id) && l.PersonId == personId).ToListAsync(ct);
            if (lines.Count != ids.Length)
            {
                throw DomainException.NotFound(DuesLedger.What);
            }

            lines.ForEach(l => l.EnsureDue());
            var orderId = "ZJ" + clock.GetUtcNow().ToString("yyyyMMddHHmmss") + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
            var order = new DuesOrder(orderId, provider.Name, personId, string.Join(',', ids.Order()), lines.Sum(l => l.AmountFen), clock.GetUtcNow());
            db.Add(order);
            await db.SaveChangesAsync(ct);
            return new CheckoutDto(orderId, Yuan.Of(order.AmountFen), provider.Name, provider.PayUrl(orderId, order.AmountFen));
        }, ct);
    }

    /// <summary>A provider's callback: 404 for an unknown provider or order, 400 for a bad signature or amount; pays once.</summary>
    public async Task<DuesOrder> NotifyAsync(string providerName, string body, IHeaderDictionary headers, CancellationToken ct = default)
    {
        var provider = Provider(providerName) ?? throw DomainException.NotFound("支付渠道");
        var notice = provider.Verify(body, headers)
            ?? throw DomainException.Validation("signature", "支付通知的签名无效");
        return await db.InTransactionAsync(async () =>
        {
            var id = await db.Set<DuesOrder>().Where(o => o.OrderNo == notice.OrderId && o.Provider == provider.Name)
                .Select(o => (long?)o.Id).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound("支付订单");
            await db.LockForUpdateAsync<DuesOrder>(id, ct);
            var order = await db.Set<DuesOrder>().FirstAsync(o => o.Id == id, ct);
            if (order.PaymentId is not null)
            {
                return order; // the same notification again: already paid, nothing more to do
            }

            if (order.AmountFen != notice.AmountFen)
            {
                throw DomainException.Validation("amountYuan", $"支付金额 {Yuan.Of(notice.AmountFen):0.00} 元与订单金额 {Yuan.Of(order.AmountFen):0.00} 元不符");
            }

            var lines = await payments.LockedLinesAsync(order.Lines, checkScope: false, ct);
            var payment = await payments.SettleAsync(lines, DuesMethod.Online, clock.Today(), notice.TransactionId, ct);
            order.MarkPaid(payment.Id, notice.TransactionId, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.DuesPaidOnline, payment.OrgId, nameof(DuesPayment), payment.Id,
                $"在线交纳党（团）费 {lines.Count} 笔，合计 {Yuan.Of(payment.TotalFen):0.00} 元（{provider.Name} {notice.TransactionId}），收据 {payment.ReceiptNo}", ct);
            return order;
        }, ct);
    }

    /// <summary>The caller's own order (the sandbox pay page).</summary>
    public async Task<DuesOrder> MyOrderAsync(string orderId, CancellationToken ct = default)
    {
        var personId = await MyPersonIdAsync(ct) ?? throw DomainException.NotFound("支付订单");
        return await db.Set<DuesOrder>().AsNoTracking().FirstOrDefaultAsync(o => o.OrderNo == orderId && o.PersonId == personId, ct)
            ?? throw DomainException.NotFound("支付订单");
    }

    private IPaymentProvider? Provider(string name) => providers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    private async Task<long?> MyPersonIdAsync(CancellationToken ct) =>
        actor.UserId is { } userId ? await db.Users.Where(u => u.Id == userId).Select(u => u.PersonId).FirstOrDefaultAsync(ct) : null;
}
