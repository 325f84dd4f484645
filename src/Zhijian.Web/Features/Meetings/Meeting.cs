using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Meetings;

/// <summary>Where a meeting stands: planned, or recorded (its record then only changes by new versions).</summary>
public enum MeetingState
{
    Planned,
    Recorded,
}

/// <summary>A meeting of organizational life (三会一课): planned, then recorded once, then corrected by versions.</summary>
public class Meeting
{
    public const int TextMaxLength = 200;
    public const int MinutesMaxLength = 20000;

    public long Id { get; private set; }
    public OrgSystem System { get; private set; }

    /// <summary>The organization holding it: a branch, a group (党小组会) or a higher level.</summary>
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";

    /// <summary>The organization whose compliance it counts for: the group's branch for a group meeting, else the holder.</summary>
    public long BranchId { get; private set; }

    /// <summary>Type code of <see cref="MeetingTypes"/>.</summary>
    public string Type { get; private set; } = "";
    public MeetingState State { get; private set; }
    public DateOnly PlannedOn { get; private set; }
    public string? Place { get; private set; }
    public string? Host { get; private set; }
    public string? Topic { get; private set; }

    /// <summary>Day held (from the current version), and its month/quarter/year keys for grouping in SQL (202603, 20261, 2026).</summary>
    public DateOnly? HeldOn { get; private set; }
    public int? HeldMonth { get; private set; }
    public int? HeldQuarter { get; private set; }
    public int? HeldYear { get; private set; }

    /// <summary>Server time of the first submission of the record.</summary>
    public DateTimeOffset? RecordedAt { get; private set; }

    /// <summary>补录: written more than the rule's days after the meeting.</summary>
    public bool Late { get; private set; }

    /// <summary>A quorum meeting without its quorum.</summary>
    public bool Flagged { get; private set; }
    public int Versions { get; private set; }

    /// <summary>Random token printed in the sign-in QR code.</summary>
    public string SignInToken { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";

    private Meeting()
    {
    }

    /// <summary>A planned meeting of <paramref name="org"/> (a group's meetings count for its branch).</summary>
    public static Meeting Plan(Organization org, string type, DateOnly plannedOn, string? place, string? host, string? topic,
        string signInToken, DateTimeOffset at, string by) => new()
        {
            System = org.System,
            OrgId = org.Id,
            OrgPath = org.Path,
            BranchId = org.Kind == OrgKind.Group ? org.ParentId!.Value : org.Id,
            Type = type,
            State = MeetingState.Planned,
            PlannedOn = plannedOn,
            Place = place,
            Host = host,
            Topic = topic,
            SignInToken = signInToken,
            CreatedAt = at,
            CreatedBy = by,
        };

    /// <summary>
    /// Whether a record (version 1, only while planned) or a correction (a later version, only once recorded) may be
    /// written now; otherwise the 409 that says why.
    /// </summary>
    public void EnsureRecordable(bool correction)
    {
        if (!correction && State != MeetingState.Planned)
        {
            throw DomainException.InvalidState("该会议已提交记录；记录提交后不能直接修改，请提交更正（须说明原因）");
        }

        if (correction && State != MeetingState.Recorded)
        {
            throw DomainException.InvalidState("该会议尚未提交记录，不能更正");
        }
    }

    /// <summary>
    /// Takes a submitted version as the current record: the day held, 补录, the quorum flag, the version count and the
    /// place, host and topic of the version. <paramref name="recordedAt"/> stays the first submission's time.
    /// </summary>
    public void Record(MeetingRecordVersion version, DateTimeOffset recordedAt)
    {
        EnsureRecordable(correction: version.Reason is not null);
        State = MeetingState.Recorded;
        SetHeldOn(version.HeldOn);
        RecordedAt = recordedAt;
        Late = version.Late;
        Flagged = version.QuorumMet == false;
        Versions = version.Number;
        Place = version.Place;
        Host = version.Host;
        Topic = version.Topic;
    }

    private void SetHeldOn(DateOnly day)
    {
        HeldOn = day;
        HeldMonth = day.Year * 100 + day.Month;
        HeldQuarter = day.Year * 10 + (day.Month - 1) / 3 + 1;
        HeldYear = day.Year;
    }
}

/// <summary>A member invited to a meeting, and whether they attended (from the record or their own sign-in).</summary>
public class MeetingAttendee
{
    public const int ReasonMaxLength = 100;

    public long Id { get; set; }
    public long MeetingId { get; set; }
    public long MembershipId { get; set; }
    public long PersonId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Has a vote (正式党员 / 团员); probationary party members do not.</summary>
    public bool Voter { get; set; }
    public bool? Present { get; set; }
    public string? AbsenceReason { get; set; }
    public DateTimeOffset? SignedInAt { get; set; }
}

/// <summary>
/// One submitted version of a meeting's record. Versions are only ever added; each carries the hash of its
/// content and of the previous version, so an edit of a stored version breaks the record's chain.
/// </summary>
public class MeetingRecordVersion
{
    public const int ReasonMaxLength = 500;

    public long Id { get; set; }
    public long MeetingId { get; set; }
    public int Number { get; set; }
    public DateOnly HeldOn { get; set; }
    public string? Place { get; set; }
    public string? Host { get; set; }
    public string? Topic { get; set; }
    public string Minutes { get; set; } = "";
    public string? Decisions { get; set; }

    /// <summary>Attendance as JSON: [{membershipId, name, voter, present, absenceReason, signedInAt}].</summary>
    public string Attendance { get; set; } = "[]";

    /// <summary>Attachments as JSON: [{id, fileName, size, sha256}].</summary>
    public string Attachments { get; set; } = "[]";
    public int Voters { get; set; }
    public int VotersPresent { get; set; }
    public bool? QuorumMet { get; set; }
    public bool Late { get; set; }

    /// <summary>Why it was corrected (null for the first version).</summary>
    public string? Reason { get; set; }
    public DateTimeOffset WrittenAt { get; set; }
    public string WrittenBy { get; set; } = "";
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";

    /// <summary>This version with <see cref="Hash"/> computed over its content and <see cref="PreviousHash"/>.</summary>
    public MeetingRecordVersion Sealed()
    {
        Hash = MeetingChain.HashOf(PreviousHash, this);
        return this;
    }
}

/// <summary>A photo or document of a meeting, stored on disk; its SHA-256 goes into the record's versions.</summary>
public class MeetingAttachment
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";

    /// <summary>File name under the attachment directory.</summary>
    public string StorageName { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
    public string UploadedBy { get; set; } = "";
}
