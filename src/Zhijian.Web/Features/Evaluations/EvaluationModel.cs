using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Evaluations;

internal sealed class EvaluationConfiguration : IEntityTypeConfiguration<Evaluation>
{
    public void Configure(EntityTypeBuilder<Evaluation> e)
    {
        e.ToTable("Evaluations");
        e.Property(x => x.OrgPath).HasMaxLength(256).IsRequired();
        e.Property(x => x.System).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.CreatedBy).HasMaxLength(256).IsRequired();
        e.HasIndex(x => new { x.OrgId, x.Year, x.Kind }).IsUnique(); // one campaign per branch, year and kind
        e.HasIndex(x => new { x.Year, x.OrgPath });
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EvaluationEntryConfiguration : IEntityTypeConfiguration<EvaluationEntry>
{
    public void Configure(EntityTypeBuilder<EvaluationEntry> e)
    {
        e.ToTable("EvaluationEntries");
        e.Property(x => x.Name).HasMaxLength(50).IsRequired();
        e.Property(x => x.Grade).HasConversion<string>().HasMaxLength(24);
        e.Property(x => x.FollowUp).HasConversion<string>().HasMaxLength(24);
        e.Property(x => x.FollowUpNote).HasMaxLength(EvaluationEntry.NoteMaxLength);
        e.HasIndex(x => new { x.EvaluationId, x.MembershipId }).IsUnique();
        e.HasIndex(x => x.PersonId);
        e.HasOne<Evaluation>().WithMany().HasForeignKey(x => x.EvaluationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> e)
    {
        e.ToTable("Registrations");
        e.Property(x => x.OrgPath).HasMaxLength(256).IsRequired();
        e.HasIndex(x => new { x.MembershipId, x.Year }).IsUnique();
        e.HasIndex(x => new { x.OrgId, x.Year });
        e.HasIndex(x => x.PersonId);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RegistrationTallyConfiguration : IEntityTypeConfiguration<RegistrationTally>
{
    public void Configure(EntityTypeBuilder<RegistrationTally> e)
    {
        e.ToTable("RegistrationTallies");
        e.HasKey(x => new { x.OrgId, x.Year });
        e.Property(x => x.OrgPath).HasMaxLength(256).IsRequired();
        e.HasIndex(x => new { x.Year, x.OrgPath }); // a subtree's sum is one range scan
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A member of an evaluation's snapshot as the API shows it.</summary>
public sealed record EvaluationMemberDto(long MemberId, string Name, bool Attended, Grade? Grade, FollowUp? FollowUp,
    string? FollowUpNote);

/// <summary>An evaluation with its members (detail) and its counts per grade.</summary>
public sealed record EvaluationDto(long Id, long OrgId, string OrgName, int Year, EvaluationKind Kind, string KindName,
    EvaluationState State, int MemberCount, int Attended, int Excellent, int Qualified, int BasicallyQualified,
    int Unqualified, int Ungraded, int MaxExcellent, int MinAttendance, long? MeetingId, DateTimeOffset? ClosedAt,
    IReadOnlyList<EvaluationMemberDto>? Members = null);

/// <summary>Body of <c>POST /api/v1/orgs/{id}/evaluations</c>.</summary>
public sealed record OpenEvaluationRequest(int? Year = null, EvaluationKind? Kind = null);

/// <summary>One grade of <c>PUT /api/v1/evaluations/{id}/results</c>; <c>followUp</c> for an unqualified party member.</summary>
public sealed record GradeLine(long MemberId, Grade? Grade, FollowUp? FollowUp = null, string? FollowUpNote = null);

/// <summary>Body of <c>PUT /api/v1/evaluations/{id}/results</c>: the whole attendance and grades (members left out: absent, ungraded).</summary>
public sealed record EvaluationResultsRequest(IReadOnlyList<long>? Attendance = null, IReadOnlyList<GradeLine>? Results = null,
    long? MeetingId = null);

/// <summary>Body of <c>POST /api/v1/orgs/{id}/registrations</c>.</summary>
public sealed record RegisterRequest(int? Year = null);

public sealed record NotRegisteredDto(long MemberId, string Name, string Reason);

public sealed record RegistrationResultDto(int Registered, IReadOnlyList<NotRegisteredDto> NotRegistered);

public sealed record BranchRegistrationDto(long OrgId, string Name, long Members, long Registered, decimal Rate);

/// <summary>Registration statistics of a subtree; <c>byBranch</c> lists at most 500 branches (by path).</summary>
public sealed record RegistrationStatsDto(int Year, long Members, long Registered, decimal Rate,
    IReadOnlyList<BranchRegistrationDto> ByBranch, bool ByBranchComplete);

/// <summary>A current League member with no registration for the year (the library's flag).</summary>
public sealed record UnregisteredMemberDto(long MemberId, long OrgId, string OrgName, string Name);

/// <summary>One year of the caller's own evaluations and registration (/me).</summary>
public sealed record MyCycleYearDto(int Year, EvaluationKind Kind, string OrgName, Grade? Grade, bool Registered);
