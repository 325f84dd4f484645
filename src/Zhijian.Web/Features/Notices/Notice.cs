using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Notices;

/// <summary>Who a notice goes to: the subtree's members (active memberships) or its administrators (orgAdmin roles).</summary>
public enum NoticeAudience
{
    Members,
    Admins,
}

/// <summary>
/// A notice (通知) to a subtree. Its recipients are counted once, when it is sent (from the subtree counters, or the
/// administrators' role assignments); no row per recipient is written. A read writes one <see cref="NoticeRead"/> row
/// and adds one to <see cref="Read"/>, so the read rate is <c>Read / Recipients</c> without counting anything.
/// </summary>
public class Notice
{
    public const int TitleMaxLength = 100;
    public const int BodyMaxLength = 20000;

    public long Id { get; private set; }
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";
    public NoticeAudience Audience { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public bool RequireReceipt { get; private set; }

    /// <summary>How many received it, counted at sending.</summary>
    public long Recipients { get; private set; }

    /// <summary>How many have read it (one per reader, kept with every first read).</summary>
    public long Read { get; private set; }

    /// <summary>When the unread were last reminded (their inbox flags it again), and how often.</summary>
    public DateTimeOffset? RemindedAt { get; private set; }
    public int Reminders { get; private set; }
    public DateTimeOffset SentAt { get; private set; }
    public string SentBy { get; private set; } = "";

    private Notice()
    {
    }

    /// <summary>A notice of <paramref name="org"/>'s subtree, to <paramref name="recipients"/> people counted now.</summary>
    public static Notice Send(Organization org, NoticeAudience audience, string title, string body, bool requireReceipt,
        long recipients, DateTimeOffset at, string by) => new()
        {
            OrgId = org.Id,
            OrgPath = org.Path,
            Audience = audience,
            Title = title,
            Body = body,
            RequireReceipt = requireReceipt,
            Recipients = recipients,
            SentAt = at,
            SentBy = by,
        };

    /// <summary>Flags the notice again in the unread inboxes.</summary>
    public void Remind(DateTimeOffset at)
    {
        RemindedAt = at;
        Reminders++;
    }

    /// <summary>Adds receipts written in bulk (the demo's): <paramref name="n"/> readers more.</summary>
    public void CountReads(long n) => Read += n;

    /// <summary>The read rate, 0..1, to four decimals (0 for a notice nobody received).</summary>
    public static double RateOf(long read, long recipients) =>
        recipients <= 0 ? 0 : Math.Round(Math.Min(1.0, (double)read / recipients), 4);
}

/// <summary>One reader's receipt of a notice: written on the first read only (unique per notice and account).</summary>
public class NoticeRead
{
    public long Id { get; private set; }
    public long NoticeId { get; private set; }
    /// <summary>The reader's account (null only for receipts seeded by the demo for members without one).</summary>
    public long? UserId { get; private set; }
    public long? PersonId { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>The reader's organization within the notice's subtree (their branch, or the organization of their role).</summary>
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";
    public DateTimeOffset ReadAt { get; private set; }

    private NoticeRead()
    {
    }

    public static NoticeRead Of(long noticeId, long? userId, long? personId, string name, long orgId, string orgPath,
        DateTimeOffset at) => new()
        {
            NoticeId = noticeId,
            UserId = userId,
            PersonId = personId,
            Name = name,
            OrgId = orgId,
            OrgPath = orgPath,
            ReadAt = at,
        };
}

/// <summary>A document attached to a notice, stored in the file store's <c>notices</c> area.</summary>
public class NoticeAttachment
{
    public long Id { get; private set; }
    public long NoticeId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string Sha256 { get; private set; } = "";
    public string StorageName { get; private set; } = "";
    public DateTimeOffset UploadedAt { get; private set; }
    public string UploadedBy { get; private set; } = "";

    private NoticeAttachment()
    {
    }

    public static NoticeAttachment Of(long noticeId, string fileName, string contentType, long size, string sha256,
        string storageName, DateTimeOffset at, string by) => new()
        {
            NoticeId = noticeId,
            FileName = fileName,
            ContentType = contentType,
            Size = size,
            Sha256 = sha256,
            StorageName = storageName,
            UploadedAt = at,
            UploadedBy = by,
        };
}
