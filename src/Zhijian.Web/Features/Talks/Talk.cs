using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Talks;

/// <summary>What a talk was: 谈心谈话 (counts for the yearly rule), or a follow-up talk with a violator (跟踪谈话, the railway's).</summary>
public enum TalkKind
{
    Heart,
    FollowUp,
}

/// <summary>A record of a talk (谈心谈话) held by an organization's officer with one or more of its members.</summary>
public class Talk
{
    public const int SummaryMaxLength = 5000;

    public long Id { get; private set; }
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";
    public DateOnly On { get; private set; }
    public int Year { get; private set; }
    public TalkKind Kind { get; private set; }
    public string Summary { get; private set; } = "";

    /// <summary>Who talked (the account that recorded it).</summary>
    public string By { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    private Talk()
    {
    }

    public static Talk Record(Organization org, DateOnly on, TalkKind kind, string summary, string by, DateTimeOffset at) => new()
    {
        OrgId = org.Id,
        OrgPath = org.Path,
        On = on,
        Year = on.Year,
        Kind = kind,
        Summary = summary,
        By = by,
        CreatedAt = at,
    };
}

/// <summary>A person talked with.</summary>
public class TalkParticipant
{
    public long Id { get; private set; }
    public long TalkId { get; private set; }
    public long PersonId { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>Copied from the talk for the yearly rule's grouped count.</summary>
    public int Year { get; private set; }
    public TalkKind Kind { get; private set; }

    private TalkParticipant()
    {
    }

    public static TalkParticipant Of(Talk talk, long personId, string name) => new()
    {
        TalkId = talk.Id,
        PersonId = personId,
        Name = name,
        Year = talk.Year,
        Kind = talk.Kind,
    };
}

internal sealed class TalkConfiguration : IEntityTypeConfiguration<Talk>
{
    public void Configure(EntityTypeBuilder<Talk> e)
    {
        e.ToTable("Talks");
        e.Property(t => t.OrgPath).HasMaxLength(256).IsRequired();
        e.Property(t => t.Summary).HasMaxLength(Talk.SummaryMaxLength).IsRequired();
        e.Property(t => t.By).HasMaxLength(256).IsRequired();
        e.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(t => new { t.OrgPath, t.On });
        e.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TalkParticipantConfiguration : IEntityTypeConfiguration<TalkParticipant>
{
    public void Configure(EntityTypeBuilder<TalkParticipant> e)
    {
        e.ToTable("TalkParticipants");
        e.Property(p => p.Name).HasMaxLength(50).IsRequired();
        e.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(p => new { p.TalkId, p.PersonId }).IsUnique();
        e.HasIndex(p => new { p.PersonId, p.Year, p.Kind });
        e.HasOne<Talk>().WithMany().HasForeignKey(p => p.TalkId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Body of <c>POST /api/v1/talks</c>: <c>personIds</c> are persons with a membership in the organization's subtree.</summary>
public sealed record RecordTalkRequest(long? OrgId = null, IReadOnlyList<long>? PersonIds = null, DateOnly? On = null,
    string? Kind = null, string? Summary = null);

public sealed record TalkPersonDto(long PersonId, string Name);

public sealed record TalkDto(long Id, long OrgId, string OrgName, DateOnly On, TalkKind Kind, string KindName, string Summary,
    string By, DateTimeOffset CreatedAt, IReadOnlyList<TalkPersonDto> Persons);

/// <summary>One branch's yearly 谈心谈话 figures: active members, members talked with enough, whether all were.</summary>
public sealed record BranchTalkCompliance(long OrgId, string Name, long Members, long TalkedWith, bool Compliant);

/// <summary>
/// Answer of <c>GET /api/v1/orgs/{id}/talk-compliance?year=</c>: the rule <c>talk.perMember.yearly</c> (talks per member
/// per year) over the subtree's branches.
/// </summary>
public sealed record TalkComplianceReport(long OrgId, int Year, int Required, long Members, long TalkedWith, double Rate,
    long Branches, long BranchesCompliant, IReadOnlyList<BranchTalkCompliance> Items);
