using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Mailbox;

/// <summary>
/// A letter to the secretary's mailbox (书记信箱) of an organization: the writer's branch or a superior. A named letter
/// keeps its writer's person and account; an anonymous one keeps neither — only the SHA-256 of a random reply code the
/// writer was shown once, by which (and only by which) they read the reply. Its time is kept to the day.
/// </summary>
public class Letter
{
    public const int SubjectMaxLength = 100;
    public const int BodyMaxLength = 5000;

    public long Id { get; private set; }
    public long ToOrgId { get; private set; }
    public string ToOrgPath { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string Body { get; private set; } = "";
    public bool Anonymous { get; private set; }

    /// <summary>The writer of a named letter; null for an anonymous one (no link to the person is stored).</summary>
    public long? SenderPersonId { get; private set; }
    public long? SenderUserId { get; private set; }
    public string? SenderName { get; private set; }

    /// <summary>SHA-256 (hex) of an anonymous letter's reply code; null for a named letter.</summary>
    public string? ReplyCodeHash { get; private set; }
    public DateTimeOffset WrittenAt { get; private set; }
    public string? Reply { get; private set; }
    public DateTimeOffset? RepliedAt { get; private set; }
    public string? RepliedBy { get; private set; }

    private Letter()
    {
    }

    public static Letter Named(Organization to, string subject, string body, long personId, long? userId, string name,
        DateTimeOffset at) => new()
        {
            ToOrgId = to.Id,
            ToOrgPath = to.Path,
            Subject = subject,
            Body = body,
            SenderPersonId = personId,
            SenderUserId = userId,
            SenderName = name,
            WrittenAt = at,
        };

    /// <summary>An anonymous letter: no writer, the reply code's hash, and the day only (no instant to match with logs).</summary>
    public static Letter Unsigned(Organization to, string subject, string body, string replyCode, DateTimeOffset day) => new()
    {
        ToOrgId = to.Id,
        ToOrgPath = to.Path,
        Subject = subject,
        Body = body,
        Anonymous = true,
        ReplyCodeHash = HashOf(replyCode),
        WrittenAt = day,
    };

    /// <summary>Replies (a second reply replaces the first: the writer sees the latest).</summary>
    public void Answer(string reply, DateTimeOffset at, string by)
    {
        Reply = reply;
        RepliedAt = at;
        RepliedBy = by;
    }

    /// <summary>A new reply code: 128 random bits, as 32 hex digits in groups of four for copying.</summary>
    public static string NewReplyCode()
    {
        var hex = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return string.Join('-', Enumerable.Range(0, 8).Select(i => hex.Substring(i * 4, 4)));
    }

    /// <summary>The stored form of a reply code (dashes, spaces and case do not matter).</summary>
    public static string HashOf(string code)
    {
        var normal = new string(code.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normal)));
    }
}

internal sealed class LetterConfiguration : IEntityTypeConfiguration<Letter>
{
    public void Configure(EntityTypeBuilder<Letter> e)
    {
        e.ToTable("Letters");
        e.Property(l => l.ToOrgPath).HasMaxLength(256).IsRequired();
        e.Property(l => l.Subject).HasMaxLength(Letter.SubjectMaxLength).IsRequired();
        e.Property(l => l.Body).HasMaxLength(Letter.BodyMaxLength).IsRequired();
        e.Property(l => l.SenderName).HasMaxLength(256);
        e.Property(l => l.ReplyCodeHash).HasMaxLength(64);
        e.Property(l => l.Reply).HasMaxLength(Letter.BodyMaxLength);
        e.Property(l => l.RepliedBy).HasMaxLength(256);
        e.HasIndex(l => new { l.ToOrgPath, l.WrittenAt });
        e.HasIndex(l => l.SenderPersonId);
        e.HasIndex(l => l.ReplyCodeHash).IsUnique();
        e.HasOne<Organization>().WithMany().HasForeignKey(l => l.ToOrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Body of <c>POST /api/v1/me/mailbox</c>.</summary>
public sealed record WriteLetterRequest(long? ToOrgId = null, string? Subject = null, string? Body = null, bool? Anonymous = null);

/// <summary>Body of <c>POST /api/v1/mailbox/{id}/reply</c>.</summary>
public sealed record ReplyLetterRequest(string? Body = null);

/// <summary>Body of <c>POST /api/v1/me/mailbox/lookup</c>: an anonymous letter's reply code.</summary>
public sealed record LetterLookupRequest(string? Code = null);

/// <summary>
/// Letter JSON. <c>senderName</c>/<c>senderPersonId</c> are null for an anonymous letter (nothing else could fill them);
/// <c>replyCode</c> only in the answer to the anonymous writer, once.
/// </summary>
public sealed record LetterDto(long Id, long ToOrgId, string ToOrgName, string Subject, string Body, bool Anonymous,
    long? SenderPersonId, string? SenderName, DateTimeOffset WrittenAt, string? Reply, DateTimeOffset? RepliedAt,
    string? RepliedBy, string? ReplyCode = null);

/// <summary>An organization the caller may write to: their branch and its superiors.</summary>
public sealed record MailboxTarget(long OrgId, string Name);
