using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Alerts;

/// <summary>Open until handled; resolved when its condition ends (or by hand); dismissed with a reason stays dismissed.</summary>
public enum AlertState
{
    Open,
    Resolved,
    Dismissed,
}

/// <summary>One alert: a condition a source found, kept per <see cref="SubjectKey"/> so that a re-scan updates it.</summary>
public class Alert
{
    public const int SubjectKeyMaxLength = 200;
    public const int SubjectMaxLength = 200;
    public const int MessageMaxLength = 500;
    public const int ReasonMaxLength = 500;

    public long Id { get; set; }
    public AlertType Type { get; set; }
    public long OrgId { get; set; }

    /// <summary>The organization's path, denormalized for subtree scoping in SQL.</summary>
    public string OrgPath { get; set; } = "";
    public string SubjectKey { get; set; } = "";
    public string Subject { get; set; } = "";
    public DateOnly? DueOn { get; set; }
    public string Message { get; set; } = "";
    public AlertState State { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }

    /// <summary>Why it was dismissed, or how it was resolved.</summary>
    public string? Reason { get; set; }
}

/// <summary>One run of the alert scan: when, how long, what changed.</summary>
public class AlertScanRun
{
    public long Id { get; set; }
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The moment the scan judged (now, or the asOf it was given): the last time it saw each alert it left open.</summary>
    public DateTimeOffset AsOf { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public long DurationMs { get; set; }
    public int Conditions { get; set; }
    public int Opened { get; set; }
    public int Resolved { get; set; }
    public string Trigger { get; set; } = "";
}

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> e)
    {
        e.ToTable("Alerts");
        e.Property(a => a.OrgPath).HasMaxLength(256).IsRequired();
        e.Property(a => a.SubjectKey).HasMaxLength(Alert.SubjectKeyMaxLength).IsRequired();
        e.Property(a => a.Subject).HasMaxLength(Alert.SubjectMaxLength).IsRequired();
        e.Property(a => a.Message).HasMaxLength(Alert.MessageMaxLength).IsRequired();
        e.Property(a => a.Reason).HasMaxLength(Alert.ReasonMaxLength);
        e.Property(a => a.ClosedBy).HasMaxLength(256);
        e.HasIndex(a => a.SubjectKey).IsUnique();
        e.HasIndex(a => new { a.State, a.OrgPath });
        e.HasIndex(a => new { a.OrgPath, a.Type });
        e.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AlertScanRunConfiguration : IEntityTypeConfiguration<AlertScanRun>
{
    public void Configure(EntityTypeBuilder<AlertScanRun> e)
    {
        e.ToTable("AlertScanRuns");
        e.Property(r => r.Trigger).HasMaxLength(32).IsRequired();
    }
}
