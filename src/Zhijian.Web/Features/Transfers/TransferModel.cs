using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Transfers;

internal sealed class TransferConfiguration : IEntityTypeConfiguration<Transfer>
{
    /// <summary>The filter of the "one open transfer per membership" index; the batch's ON CONFLICT repeats it.</summary>
    public const string OpenFilter = "\"State\" IN ('PendingOut', 'PendingIn')";

    public void Configure(EntityTypeBuilder<Transfer> e)
    {
        e.ToTable("Transfers");
        e.Property(t => t.System).HasConversion<string>().HasMaxLength(16);
        e.Property(t => t.Reason).HasConversion<string>().HasMaxLength(16);

        // The state is the concurrency token: of two decisions racing on one transfer, the second finds it changed.
        e.Property(t => t.State).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        e.Property(t => t.OutsideOrgName).HasMaxLength(Transfer.OutsideNameMaxLength);
        e.Property(t => t.OutsideContact).HasMaxLength(Transfer.OutsideContactMaxLength);
        e.Property(t => t.Note).HasMaxLength(Transfer.NoteMaxLength);
        e.Property(t => t.ApplicantName).HasMaxLength(256);
        e.Property(t => t.LetterSerial).HasMaxLength(32);
        e.HasIndex(t => t.MembershipId).IsUnique().HasFilter(OpenFilter).HasDatabaseName("IX_Transfers_OpenMembership");
        e.HasIndex(t => t.MembershipId);
        e.HasIndex(t => new { t.FromOrgId, t.CreatedAt });
        e.HasIndex(t => new { t.ToOrgId, t.CreatedAt });
        e.HasIndex(t => new { t.AwaitingOrgId, t.DueAt });
        e.HasIndex(t => t.DueAt);
        e.HasIndex(t => t.PersonId);
        e.HasIndex(t => t.BatchId);
        e.HasOne<Membership>().WithMany().HasForeignKey(t => t.MembershipId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(t => t.FromOrgId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Organization>().WithMany().HasForeignKey(t => t.ToOrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TransferStepConfiguration : IEntityTypeConfiguration<TransferStep>
{
    public void Configure(EntityTypeBuilder<TransferStep> e)
    {
        e.ToTable("TransferSteps");
        e.Property(s => s.Step).HasConversion<string>().HasMaxLength(16);
        e.Property(s => s.Decision).HasConversion<string>().HasMaxLength(16);
        e.Property(s => s.Note).HasMaxLength(Transfer.NoteMaxLength);
        e.Property(s => s.UserName).HasMaxLength(256);
        e.HasIndex(s => s.TransferId);

        // Statistics: an organization's decisions in a period.
        e.HasIndex(s => new { s.OrgId, s.DecidedAt });
        e.HasIndex(s => s.DecidedAt);
        e.HasOne<Transfer>().WithMany().HasForeignKey(s => s.TransferId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>One batch of transfers (graduates): who asked, how many were asked for and created.</summary>
public class TransferBatch
{
    public long Id { get; set; }
    public long ToOrgId { get; set; }
    public TransferReason Reason { get; set; }
    public int Requested { get; set; }
    public int Created { get; set; }
    public string UserName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class TransferBatchConfiguration : IEntityTypeConfiguration<TransferBatch>
{
    public void Configure(EntityTypeBuilder<TransferBatch> e)
    {
        e.ToTable("TransferBatches");
        e.Property(b => b.Reason).HasConversion<string>().HasMaxLength(16);
        e.Property(b => b.UserName).HasMaxLength(256);
    }
}

/// <summary>A stored weekly figure of one organization's transfer responses (past weeks never change).</summary>
public class TransferWeeklyFigure
{
    public long Id { get; set; }

    /// <summary>Monday (Asia/Shanghai) of the week.</summary>
    public DateOnly WeekStart { get; set; }
    public long OrgId { get; set; }
    public int Handled { get; set; }
    public int OnTime { get; set; }
    public double TotalHours { get; set; }

    /// <summary>Open transfers awaiting this organization that were past due at the week's end.</summary>
    public int Overdue { get; set; }
}

/// <summary>A week the report job has stored (idempotence: a stored week is never recomputed).</summary>
public class TransferReportWeek
{
    public DateOnly WeekStart { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
    public int Organizations { get; set; }
}

internal sealed class TransferWeeklyFigureConfiguration : IEntityTypeConfiguration<TransferWeeklyFigure>
{
    public void Configure(EntityTypeBuilder<TransferWeeklyFigure> e)
    {
        e.ToTable("TransferWeeklyFigures");
        e.HasIndex(f => new { f.WeekStart, f.OrgId }).IsUnique();
        e.HasIndex(f => f.OrgId);
    }
}

internal sealed class TransferReportWeekConfiguration : IEntityTypeConfiguration<TransferReportWeek>
{
    public void Configure(EntityTypeBuilder<TransferReportWeek> e) => e.ToTable("TransferReportWeeks").HasKey(w => w.WeekStart);
}
