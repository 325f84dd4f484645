using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Elections;

/// <summary>An election (换届选举) of an organization's committee: the day, the term it starts and the elected committee.</summary>
public class Election
{
    public const int NoteMaxLength = 500;

    private Election()
    {
    }

    public Election(long orgId, string orgPath, DateOnly heldOn, int termYears, DateOnly termEndsOn, DateOnly? approvedOn,
        string? note, DateTimeOffset at, string by)
    {
        OrgId = orgId;
        OrgPath = orgPath;
        HeldOn = heldOn;
        TermYears = termYears;
        TermEndsOn = termEndsOn;
        ApprovedOn = approvedOn;
        Note = note;
        CreatedAt = at;
        CreatedBy = by;
    }

    public long Id { get; init; }
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";
    public DateOnly HeldOn { get; private set; }
    public int TermYears { get; private set; }
    public DateOnly TermEndsOn { get; private set; }

    /// <summary>The superior's approval of the result (批复), when recorded.</summary>
    public DateOnly? ApprovedOn { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
}

/// <summary>One elected seat, frozen with the name as elected.</summary>
public class ElectionSeat
{
    private ElectionSeat()
    {
    }

    public ElectionSeat(long electionId, long personId, long membershipId, string name, string post)
    {
        ElectionId = electionId;
        PersonId = personId;
        MembershipId = membershipId;
        Name = name;
        Post = post;
    }

    public long Id { get; init; }
    public long ElectionId { get; private set; }
    public long PersonId { get; private set; }
    public long MembershipId { get; private set; }
    public string Name { get; private set; } = "";
    public string Post { get; private set; } = "";
}

/// <summary>An approved extension (延期换届) of an organization's term.</summary>
public class TermExtension
{
    public const int ReasonMaxLength = 500;

    private TermExtension()
    {
    }

    public TermExtension(long orgId, string orgPath, int months, DateOnly approvedOn, string reason, DateOnly previousEnd,
        DateOnly newEnd, DateTimeOffset at, string by)
    {
        OrgId = orgId;
        OrgPath = orgPath;
        Months = months;
        ApprovedOn = approvedOn;
        Reason = reason;
        PreviousEnd = previousEnd;
        NewEnd = newEnd;
        CreatedAt = at;
        CreatedBy = by;
    }

    public long Id { get; init; }
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";
    public int Months { get; private set; }
    public DateOnly ApprovedOn { get; private set; }
    public string Reason { get; private set; } = "";
    public DateOnly PreviousEnd { get; private set; }
    public DateOnly NewEnd { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
}

internal sealed class ElectionConfiguration : IEntityTypeConfiguration<Election>
{
    public void Configure(EntityTypeBuilder<Election> e)
    {
        e.ToTable("Elections");
        e.Property(x => x.OrgPath).HasMaxLength(256).IsRequired();
        e.Property(x => x.Note).HasMaxLength(Election.NoteMaxLength);
        e.Property(x => x.CreatedBy).HasMaxLength(256).IsRequired();
        e.HasIndex(x => new { x.OrgId, x.HeldOn }).IsUnique();
        e.HasIndex(x => x.OrgPath);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ElectionSeatConfiguration : IEntityTypeConfiguration<ElectionSeat>
{
    public void Configure(EntityTypeBuilder<ElectionSeat> e)
    {
        e.ToTable("ElectionSeats");
        e.Property(x => x.Name).HasMaxLength(50).IsRequired();
        e.Property(x => x.Post).HasMaxLength(32).IsRequired();
        e.HasIndex(x => x.ElectionId);
        e.HasOne<Election>().WithMany().HasForeignKey(x => x.ElectionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TermExtensionConfiguration : IEntityTypeConfiguration<TermExtension>
{
    public void Configure(EntityTypeBuilder<TermExtension> e)
    {
        e.ToTable("TermExtensions");
        e.Property(x => x.OrgPath).HasMaxLength(256).IsRequired();
        e.Property(x => x.Reason).HasMaxLength(TermExtension.ReasonMaxLength).IsRequired();
        e.Property(x => x.CreatedBy).HasMaxLength(256).IsRequired();
        e.HasIndex(x => x.OrgId);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Body of <c>POST /api/v1/orgs/{id}/elections</c>.</summary>
public sealed record RecordElectionRequest(DateOnly? HeldOn = null, int? TermYears = null,
    IReadOnlyList<SeatLine>? Committee = null, string? Note = null, DateOnly? ApprovedOn = null);

public sealed record SeatLine(long MemberId, string? Post);

public sealed record SeatDto(long MemberId, long PersonId, string Name, string Post, string PostName);

public sealed record ElectionDto(long Id, long OrgId, string OrgName, DateOnly HeldOn, int TermYears, DateOnly TermEndsOn,
    DateOnly? ApprovedOn, string? Note, IReadOnlyList<SeatDto> Committee, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>Body of <c>POST /api/v1/orgs/{id}/term-extensions</c>.</summary>
public sealed record ExtendTermRequest(int? Months = null, DateOnly? ApprovedOn = null, string? Reason = null);

/// <summary>An organization's current term: <c>status</c> <c>ok</c>, <c>ending</c> (within term.remindMonths), <c>overdue</c>, <c>unknown</c>.</summary>
public sealed record TermDto(long Id, long OrgId, string Name, string ShortName, OrgSystem System, OrgKind Kind,
    DateOnly? TermStartedOn, int? TermYears, int TermExtendedMonths, DateOnly? TermEndsOn, int MaxShiftMonths, string Status,
    int? DaysLeft);

/// <summary>A member who may be elected to the committee.</summary>
public sealed record CandidateDto(long MemberId, string Name, string OrgName);
