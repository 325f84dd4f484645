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

    public long Id { get; init; }
    public AlertType Type { get; init; }
    public long OrgId { get; init; }

    /// <summary>The organization's path, denormalized for subtree scoping in SQL.</summary>
    public string OrgPath { get; init; } = "";
    public string SubjectKey { get; init; } = "";
    public string Subject { get; init; } = "";
    public DateOnly? DueOn { get; init; }
    public string Message { get; init; } = "";
    public AlertState State { get; private set; }
    public DateTimeOffset RaisedAt { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public string? ClosedBy { get; private set; }

    /// <summary>Why it was dismissed, or how it was resolved.</summary>
    public string? Reason { get; private set; }

    /// <summary>Marks the alert handled (处理), with an optional note.</summary>
    public void Resolve(string by, DateTimeOffset at, string? reason) => Close(AlertState.Resolved, by, at, reason);

    /// <summary>Dismisses the alert (忽略), with an optional note.</summary>
    public void Dismiss(string by, DateTimeOffset at, string? reason) => Close(AlertState.Dismissed, by, at, reason);

    private void Close(AlertState to, string by, DateTimeOffset at, string? reason)
    {
        if (State != AlertState.Open)
        {
            throw DomainException.InvalidState("该预警已处理或已忽略");
        }

        State = to;
        ClosedAt = at;
        ClosedBy = by;
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
    }
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
