using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Notices;

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> e)
    {
        e.ToTable("Notices");
        e.Property(n => n.OrgPath).HasMaxLength(256).IsRequired();
        e.Property(n => n.Title).HasMaxLength(Notice.TitleMaxLength).IsRequired();
        e.Property(n => n.Body).HasMaxLength(Notice.BodyMaxLength).IsRequired();
        e.Property(n => n.SentBy).HasMaxLength(256).IsRequired();
        e.Property(n => n.Audience).HasConversion<string>().HasMaxLength(16);
        // Lists of a subtree (newest first) and the inbox (notices sent to one of the caller's ancestors' paths).
        e.HasIndex(n => new { n.OrgPath, n.SentAt });
        e.HasOne<Organization>().WithMany().HasForeignKey(n => n.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NoticeReadConfiguration : IEntityTypeConfiguration<NoticeRead>
{
    public void Configure(EntityTypeBuilder<NoticeRead> e)
    {
        e.ToTable("NoticeReads");
        e.Property(r => r.Name).HasMaxLength(256).IsRequired();
        e.Property(r => r.OrgPath).HasMaxLength(256).IsRequired();
        // Reading twice writes nothing the second time (INSERT … ON CONFLICT DO NOTHING on this index).
        e.HasIndex(r => new { r.NoticeId, r.UserId }).IsUnique();
        // The unread list's anti-join (by person) and the per-organization read counts (a range of paths).
        e.HasIndex(r => new { r.NoticeId, r.PersonId });
        e.HasIndex(r => new { r.NoticeId, r.OrgPath });
        e.HasOne<Notice>().WithMany().HasForeignKey(r => r.NoticeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NoticeAttachmentConfiguration : IEntityTypeConfiguration<NoticeAttachment>
{
    public void Configure(EntityTypeBuilder<NoticeAttachment> e)
    {
        e.ToTable("NoticeAttachments");
        e.Property(a => a.FileName).HasMaxLength(200).IsRequired();
        e.Property(a => a.ContentType).HasMaxLength(100).IsRequired();
        e.Property(a => a.Sha256).HasMaxLength(64).IsRequired();
        e.Property(a => a.StorageName).HasMaxLength(100).IsRequired();
        e.Property(a => a.UploadedBy).HasMaxLength(256).IsRequired();
        e.HasIndex(a => a.NoticeId);
        e.HasOne<Notice>().WithMany().HasForeignKey(a => a.NoticeId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>What notice attachments may be (section <c>Notices</c>).</summary>
public sealed class NoticeOptions
{
    public const string Section = "Notices";

    [Range(1, 1024L * 1024 * 1024)]
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    [Required]
    [MinLength(1)]
    public string[] AllowedExtensions { get; set; } = [".jpg", ".jpeg", ".png", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".txt"];
}

/// <summary>Body of <c>POST /api/v1/notices</c>.</summary>
public sealed record SendNoticeRequest(long? OrgId = null, string? Title = null, string? Body = null, string? Audience = null,
    bool? RequireReceipt = null);

public sealed record NoticeAttachmentDto(long Id, string FileName, string ContentType, long Size, string Sha256,
    DateTimeOffset UploadedAt);

/// <summary>Notice JSON: <c>recipients</c> counted at sending, <c>read</c> and the exact <c>readRate</c>.</summary>
public sealed record NoticeDto(long Id, long OrgId, string OrgName, NoticeAudience Audience, string Title, string Body,
    bool RequireReceipt, long Recipients, long Read, double ReadRate, DateTimeOffset SentAt, string SentBy,
    DateTimeOffset? RemindedAt, int Reminders, IReadOnlyList<NoticeAttachmentDto>? Attachments = null,
    IReadOnlyList<NoticeOrgFigures>? ByOrg = null);

/// <summary>One organization below the notice's (or itself): its recipients now, its readers, and the unread.</summary>
public sealed record NoticeOrgFigures(long OrgId, string Name, long Recipients, long Read, long Unread, double ReadRate);

/// <summary>One line of <c>GET /api/v1/notices/{id}/receipts</c>; <c>readAt</c> is null in the unread list.</summary>
public sealed record NoticeReceiptDto(long? PersonId, string Name, string OrgName, DateTimeOffset? ReadAt);

/// <summary>A notice in the caller's inbox; <c>reminded</c> when unread and the sender reminded after sending.</summary>
public sealed record MyNoticeDto(long Id, string OrgName, string Title, string Body, bool RequireReceipt, DateTimeOffset SentAt,
    bool Read, DateTimeOffset? ReadAt, bool Reminded, IReadOnlyList<NoticeAttachmentDto> Attachments);

/// <summary>Answer of a reminder: how many were still unread (their inbox shows the notice flagged again).</summary>
public sealed record NoticeReminderDto(long Id, long Unread, int Reminders, DateTimeOffset RemindedAt);
