using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Meetings;

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> e)
    {
        e.ToTable("Meetings");
        e.Property(m => m.OrgPath).HasMaxLength(256).IsRequired();
        e.Property(m => m.Type).HasMaxLength(32).IsRequired();
        e.Property(m => m.Place).HasMaxLength(Meeting.TextMaxLength);
        e.Property(m => m.Host).HasMaxLength(Meeting.TextMaxLength);
        e.Property(m => m.Topic).HasMaxLength(Meeting.TextMaxLength);
        e.Property(m => m.SignInToken).HasMaxLength(64).IsRequired();
        e.Property(m => m.CreatedBy).HasMaxLength(256).IsRequired();
        e.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        e.Property(m => m.System).HasConversion<string>().HasMaxLength(16);
        // The compliance board and the alert scan: a subtree's records in a period, grouped by branch and type.
        e.HasIndex(m => new { m.OrgPath, m.HeldOn });
        e.HasIndex(m => new { m.BranchId, m.Type, m.HeldOn });
        e.HasIndex(m => new { m.OrgId, m.PlannedOn });
        e.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeetingAttendeeConfiguration : IEntityTypeConfiguration<MeetingAttendee>
{
    public void Configure(EntityTypeBuilder<MeetingAttendee> e)
    {
        e.ToTable("MeetingAttendees");
        e.Property(a => a.Name).HasMaxLength(50).IsRequired();
        e.Property(a => a.AbsenceReason).HasMaxLength(MeetingAttendee.ReasonMaxLength);
        e.HasIndex(a => new { a.MeetingId, a.MembershipId }).IsUnique();
        e.HasIndex(a => a.PersonId);
        e.HasOne<Meeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeetingRecordVersionConfiguration : IEntityTypeConfiguration<MeetingRecordVersion>
{
    public void Configure(EntityTypeBuilder<MeetingRecordVersion> e)
    {
        e.ToTable("MeetingRecordVersions");
        e.Property(v => v.Place).HasMaxLength(Meeting.TextMaxLength);
        e.Property(v => v.Host).HasMaxLength(Meeting.TextMaxLength);
        e.Property(v => v.Topic).HasMaxLength(Meeting.TextMaxLength);
        e.Property(v => v.Minutes).HasMaxLength(Meeting.MinutesMaxLength).IsRequired();
        e.Property(v => v.Decisions).HasMaxLength(Meeting.MinutesMaxLength);
        e.Property(v => v.Reason).HasMaxLength(MeetingRecordVersion.ReasonMaxLength);
        e.Property(v => v.WrittenBy).HasMaxLength(256).IsRequired();
        e.Property(v => v.PreviousHash).HasMaxLength(64).IsRequired();
        e.Property(v => v.Hash).HasMaxLength(64).IsRequired();
        e.HasIndex(v => new { v.MeetingId, v.Number }).IsUnique();
        e.HasOne<Meeting>().WithMany().HasForeignKey(v => v.MeetingId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeetingAttachmentConfiguration : IEntityTypeConfiguration<MeetingAttachment>
{
    public void Configure(EntityTypeBuilder<MeetingAttachment> e)
    {
        e.ToTable("MeetingAttachments");
        e.Property(a => a.FileName).HasMaxLength(200).IsRequired();
        e.Property(a => a.ContentType).HasMaxLength(100).IsRequired();
        e.Property(a => a.Sha256).HasMaxLength(64).IsRequired();
        e.Property(a => a.StorageName).HasMaxLength(100).IsRequired();
        e.Property(a => a.UploadedBy).HasMaxLength(256).IsRequired();
        e.HasIndex(a => a.MeetingId);
        e.HasOne<Meeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The hash chain of a meeting record's versions.</summary>
public static class MeetingChain
{
    /// <summary>SHA-256 over the previous version's hash and this version's content, lower-case hex.</summary>
    public static string HashOf(string previousHash, MeetingRecordVersion v)
    {
        var canonical = string.Join('\u001f',
            previousHash,
            v.MeetingId.ToString(CultureInfo.InvariantCulture),
            v.Number.ToString(CultureInfo.InvariantCulture),
            v.HeldOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            v.Place ?? "",
            v.Host ?? "",
            v.Topic ?? "",
            v.Minutes,
            v.Decisions ?? "",
            v.Attendance,
            v.Attachments,
            v.Voters.ToString(CultureInfo.InvariantCulture),
            v.VotersPresent.ToString(CultureInfo.InvariantCulture),
            v.QuorumMet?.ToString() ?? "",
            v.Late.ToString(),
            v.Reason ?? "",
            v.WrittenAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            v.WrittenBy);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>Whether the versions (in number order) link up and each hash matches its content.</summary>
    public static (bool Valid, int? FirstBroken) Verify(IEnumerable<MeetingRecordVersion> versions)
    {
        var previous = "";
        var expected = 1;
        foreach (var v in versions.OrderBy(v => v.Number))
        {
            if (v.Number != expected || v.PreviousHash != previous || v.Hash != HashOf(previous, v))
            {
                return (false, v.Number);
            }

            previous = v.Hash;
            expected++;
        }

        return (true, null);
    }
}

/// <summary>Where attachments are stored and what they may be (section <c>Meetings</c>).</summary>
public sealed class MeetingOptions
{
    public const string Section = "Meetings";

    /// <summary>
    /// Where attachments were stored before the file store (<c>Storage:Path</c>/meetings): still read for rows that name a
    /// file there; nothing new is written to it. Relative paths are under the content root. Default <c>data/attachments</c>.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string AttachmentDirectory { get; set; } = "data/attachments";

    [Range(1, 1024L * 1024 * 1024)]
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    [Required]
    [MinLength(1)]
    public string[] AllowedExtensions { get; set; } = [".jpg", ".jpeg", ".png", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".txt"];
}

/// <summary>A meeting type as the API lists it, with the frequency in force.</summary>
public sealed record MeetingTypeDto(OrgSystem System, string Code, string Name, Frequency Frequency, string FrequencyName,
    bool Quorum, bool GroupMeeting);

/// <summary>An invitee or attendee of a meeting.</summary>
public sealed record AttendeeDto(long MemberId, long PersonId, string Name, bool Voter, bool? Present,
    string? AbsenceReason, DateTimeOffset? SignedInAt);

public sealed record AttachmentDto(long Id, string FileName, string ContentType, long Size, string Sha256,
    DateTimeOffset UploadedAt, string UploadedBy);

/// <summary>A version of a meeting's record; <c>attendance</c> is the attendance as submitted.</summary>
public sealed record MeetingVersionDto(int Number, DateOnly HeldOn, string? Place, string? Host, string? Topic,
    string Minutes, string? Decisions, IReadOnlyList<VersionAttendee> Attendance, IReadOnlyList<VersionAttachment> Attachments,
    int Voters, int VotersPresent, bool? QuorumMet, bool Late, string? Reason, DateTimeOffset WrittenAt, string WrittenBy,
    string PreviousHash, string Hash);

/// <summary>An attendee as frozen into a version.</summary>
public sealed record VersionAttendee(long MemberId, string Name, bool Voter, bool Present, string? AbsenceReason,
    DateTimeOffset? SignedInAt);

/// <summary>An attachment as frozen into a version.</summary>
public sealed record VersionAttachment(long Id, string FileName, long Size, string Sha256);

/// <summary>Meeting JSON: the plan, the current record and (in detail) attendees, attachments, versions and the chain check.</summary>
public sealed record MeetingDto(long Id, OrgSystem System, long OrgId, string OrgName, long BranchId, string Type,
    string TypeName, MeetingState State, DateOnly PlannedOn, string? Place, string? Host, string? Topic,
    DateOnly? HeldOn, DateTimeOffset? RecordedAt, bool Late, bool Flagged, int Versions, DateTimeOffset CreatedAt,
    string CreatedBy, IReadOnlyList<AttendeeDto>? Attendees = null, IReadOnlyList<AttachmentDto>? Attachments = null,
    IReadOnlyList<MeetingVersionDto>? History = null, bool? ChainValid = null, int? ChainBrokenAt = null);

/// <summary>Body of <c>POST /api/v1/meetings</c>: <c>inviteeIds</c> are member ids; absent means every member of the organization.</summary>
public sealed record PlanMeetingRequest(long? OrgId = null, string? Type = null, DateOnly? Date = null, string? Place = null,
    string? Host = null, string? Topic = null, IReadOnlyList<long>? InviteeIds = null);

/// <summary>One line of attendance in a record.</summary>
public sealed record AttendanceLine(long MemberId, bool Present, string? AbsenceReason = null);

/// <summary>
/// Body of <c>POST /api/v1/meetings/{id}/record</c> and <c>/corrections</c> (which also needs <c>reason</c>).
/// Absent <c>attendance</c> takes the sign-ins: signed in = present.
/// </summary>
public sealed record RecordMeetingRequest(DateOnly? HeldOn = null, string? Place = null, string? Host = null,
    string? Topic = null, string? Minutes = null, string? Decisions = null, IReadOnlyList<AttendanceLine>? Attendance = null,
    string? Reason = null);
