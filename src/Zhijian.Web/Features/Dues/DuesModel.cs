using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues;

/// <summary>Where a ledger line stands.</summary>
public enum DuesState
{
    Due,
    Paid,
    Waived,
}

/// <summary>How a line was paid.</summary>
public enum DuesMethod
{
    Cash,
    BankTransfer,
    Payroll,
    Online,
}

/// <summary>
/// A member's dues profile from <see cref="EffectiveFrom"/> (yyyyMM) until the next profile of the membership
/// (<see cref="EffectiveTo"/>, exclusive, null while current). A change applies from its month; lines already generated
/// keep their amounts.
/// </summary>
public class DuesProfile
{
    public const int NoteMaxLength = 200;

    private DuesProfile()
    {
    }

    public DuesProfile(long membershipId, OrgSystem system, DuesCategory category, long? baseFen, long? fixedFen,
        DuesMonth from, string? note, DateTimeOffset at, string by)
    {
        MembershipId = membershipId;
        System = system;
        Change(category, baseFen, fixedFen, note, at, by);
        EffectiveFrom = from.Key;
    }

    public long Id { get; private set; }
    public long MembershipId { get; private set; }
    public OrgSystem System { get; private set; }
    public DuesCategory Category { get; private set; }
    public long? BaseFen { get; private set; }
    public long? FixedFen { get; private set; }
    public int EffectiveFrom { get; private set; }
    public int? EffectiveTo { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";

    /// <summary>Replaces the values of this month's profile (a second change in the same month).</summary>
    public void Change(DuesCategory category, long? baseFen, long? fixedFen, string? note, DateTimeOffset at, string by)
    {
        Category = category;
        BaseFen = baseFen;
        FixedFen = fixedFen;
        Note = note;
        UpdatedAt = at;
        UpdatedBy = by;
    }

    /// <summary>Ends this profile where a later one begins (or reopens it when that one is removed).</summary>
    public void EndAt(int? month) => EffectiveTo = month;
}

/// <summary>One member's dues of one month (a ledger line).</summary>
public class DuesLine
{
    private DuesLine()
    {
    }

    public long Id { get; private set; }
    public long MembershipId { get; private set; }
    public long PersonId { get; private set; }
    public OrgSystem System { get; private set; }
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";

    /// <summary>yyyyMM.</summary>
    public int Month { get; private set; }
    public long AmountFen { get; private set; }
    public long PaidFen { get; private set; }
    public DuesState State { get; private set; }
    public DuesMethod? Method { get; private set; }
    public DateOnly? PaidOn { get; private set; }
    public DateTimeOffset? PaidAt { get; private set; }
    public long? PaymentId { get; private set; }
    public string? WaiveReason { get; private set; }

    /// <summary>A line as the month's generation writes it (the demo builds its year of lines with this, then pays or waives them).</summary>
    internal static DuesLine Billed(long membershipId, long personId, OrgSystem system, long orgId, string orgPath, DuesMonth month,
        long amountFen) => new()
        {
            MembershipId = membershipId,
            PersonId = personId,
            System = system,
            OrgId = orgId,
            OrgPath = orgPath,
            Month = month.Key,
            AmountFen = amountFen,
            State = DuesState.Due,
        };

    /// <summary>Pays the line in full (the caller checked <see cref="EnsureDue"/> under the row lock).</summary>
    public void Pay(long paymentId, DuesMethod method, DateOnly on, DateTimeOffset at)
    {
        EnsureDue();
        State = DuesState.Paid;
        PaidFen = AmountFen;
        Method = method;
        PaidOn = on;
        PaidAt = at;
        PaymentId = paymentId;
    }

    /// <summary>免交: the line owes nothing any more.</summary>
    public void Waive(string reason, DateTimeOffset at)
    {
        EnsureDue();
        State = DuesState.Waived;
        WaiveReason = reason;
        PaidAt = at;
    }

    public void EnsureDue()
    {
        if (State != DuesState.Due)
        {
            throw DomainException.InvalidState(State == DuesState.Paid
                ? $"{DuesMonth.FromKey(Month)} 的党（团）费已交纳，不能重复交纳"
                : $"{DuesMonth.FromKey(Month)} 的党（团）费已免交，不能交纳或再次免交");
        }
    }
}

/// <summary>A payment of one or more lines, with its receipt number (收据).</summary>
public class DuesPayment
{
    public const int ReferenceMaxLength = 100;

    private DuesPayment()
    {
    }

    public DuesPayment(string orgPath, long orgId, DuesMethod method, DateOnly paidOn, string? reference, long totalFen,
        string payerName, int lines, DateTimeOffset at, string by)
    {
        OrgPath = orgPath;
        OrgId = orgId;
        Method = method;
        PaidOn = paidOn;
        Reference = reference;
        TotalFen = totalFen;
        PayerName = payerName;
        Lines = lines;
        CreatedAt = at;
        CreatedBy = by;
    }

    public long Id { get; private set; }

    /// <summary>The deepest organization holding every line (so that the receipt is seen where its lines are).</summary>
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";
    public string ReceiptNo { get; private set; } = "";
    public DuesMethod Method { get; private set; }
    public DateOnly PaidOn { get; private set; }
    public string? Reference { get; private set; }
    public long TotalFen { get; private set; }
    public string PayerName { get; private set; } = "";
    public int Lines { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";

    /// <summary>收据号: DF, year, id (unique because the id is).</summary>
    public void Number() => ReceiptNo = $"DF{PaidOn.Year:0000}{Id:00000000}";
}

/// <summary>An online payment order: the lines a member checks out, paid when the provider's signed callback arrives.</summary>
public class DuesOrder
{
    private DuesOrder()
    {
    }

    public DuesOrder(string orderNo, string provider, long personId, string lineIds, long amountFen, DateTimeOffset at)
    {
        OrderNo = orderNo;
        Provider = provider;
        PersonId = personId;
        LineIds = lineIds;
        AmountFen = amountFen;
        CreatedAt = at;
    }

    public long Id { get; private set; }
    public string OrderNo { get; private set; } = "";
    public string Provider { get; private set; } = "";
    public long PersonId { get; private set; }

    /// <summary>Comma-separated line ids.</summary>
    public string LineIds { get; private set; } = "";
    public long AmountFen { get; private set; }
    public long? PaymentId { get; private set; }
    public string? ProviderTransactionId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? PaidAt { get; private set; }

    public IReadOnlyList<long> Lines => LineIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();

    public void MarkPaid(long paymentId, string transactionId, DateTimeOffset at)
    {
        PaymentId = paymentId;
        ProviderTransactionId = transactionId;
        PaidAt = at;
    }
}

/// <summary>
/// Rollup of one organization's lines of one month (maintained on generate, pay and waive): a report sums these rows over a
/// subtree's path range instead of scanning every line.
/// </summary>
public class DuesMonthTotal
{
    private DuesMonthTotal()
    {
    }

    public long Id { get; private set; }
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";
    public int Month { get; private set; }
    public long Lines { get; private set; }
    public long DueFen { get; private set; }
    public long PaidFen { get; private set; }
    public long WaivedFen { get; private set; }
    public long PaidLines { get; private set; }
}

internal sealed class DuesProfileConfiguration : IEntityTypeConfiguration<DuesProfile>
{
    public void Configure(EntityTypeBuilder<DuesProfile> b)
    {
        b.ToTable("DuesProfiles");
        b.Property(p => p.System).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.Category).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.Note).HasMaxLength(DuesProfile.NoteMaxLength);
        b.Property(p => p.UpdatedBy).HasMaxLength(100);
        b.HasIndex(p => new { p.MembershipId, p.EffectiveFrom }).IsUnique();
    }
}

internal sealed class DuesLineConfiguration : IEntityTypeConfiguration<DuesLine>
{
    public void Configure(EntityTypeBuilder<DuesLine> b)
    {
        b.ToTable("DuesLines");
        b.Property(l => l.System).HasConversion<string>().HasMaxLength(16);
        b.Property(l => l.State).HasConversion<string>().HasMaxLength(16);
        b.Property(l => l.Method).HasConversion<string>().HasMaxLength(16);
        b.Property(l => l.OrgPath).HasMaxLength(256);
        b.Property(l => l.WaiveReason).HasMaxLength(200);
        b.HasIndex(l => new { l.MembershipId, l.Month }).IsUnique();
        b.HasIndex(l => new { l.OrgPath, l.Month });
        b.HasIndex(l => new { l.PersonId, l.Month });
        b.HasIndex(l => l.PaymentId);
    }
}

internal sealed class DuesPaymentConfiguration : IEntityTypeConfiguration<DuesPayment>
{
    public void Configure(EntityTypeBuilder<DuesPayment> b)
    {
        b.ToTable("DuesPayments");
        b.Property(p => p.Method).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.OrgPath).HasMaxLength(256);
        b.Property(p => p.ReceiptNo).HasMaxLength(32);
        b.Property(p => p.Reference).HasMaxLength(DuesPayment.ReferenceMaxLength);
        b.Property(p => p.PayerName).HasMaxLength(100);
        b.Property(p => p.CreatedBy).HasMaxLength(100);
    }
}

internal sealed class DuesOrderConfiguration : IEntityTypeConfiguration<DuesOrder>
{
    public void Configure(EntityTypeBuilder<DuesOrder> b)
    {
        b.ToTable("DuesOrders");
        b.Property(o => o.OrderNo).HasMaxLength(40);
        b.Property(o => o.Provider).HasMaxLength(32);
        b.Property(o => o.LineIds).HasMaxLength(4000);
        b.Property(o => o.ProviderTransactionId).HasMaxLength(100);
        b.Ignore(o => o.Lines);
        b.HasIndex(o => o.OrderNo).IsUnique();
    }
}

internal sealed class DuesMonthTotalConfiguration : IEntityTypeConfiguration<DuesMonthTotal>
{
    public void Configure(EntityTypeBuilder<DuesMonthTotal> b)
    {
        b.ToTable("DuesMonthTotals");
        b.Property(t => t.OrgPath).HasMaxLength(256);
        b.HasIndex(t => new { t.OrgId, t.Month }).IsUnique();
        b.HasIndex(t => new { t.OrgPath, t.Month });
    }
}
