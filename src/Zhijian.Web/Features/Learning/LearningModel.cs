using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Learning;

internal sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> e)
    {
        e.ToTable("Courses");
        e.Property(c => c.OrgPath).HasMaxLength(256).IsRequired();
        e.Property(c => c.Title).HasMaxLength(Course.TitleMaxLength).IsRequired();
        e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(c => c.Hours).HasPrecision(8, 2);
        e.Property(c => c.Body).HasMaxLength(Course.BodyMaxLength);
        e.Property(c => c.MaterialName).HasMaxLength(200);
        e.Property(c => c.MaterialStorageName).HasMaxLength(100);
        e.Property(c => c.CreatedBy).HasMaxLength(256).IsRequired();
        e.Ignore(c => c.LengthSeconds);
        e.HasIndex(c => c.OrgPath);
        e.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CourseStudyConfiguration : IEntityTypeConfiguration<CourseStudy>
{
    public void Configure(EntityTypeBuilder<CourseStudy> e)
    {
        e.ToTable("CourseStudies");
        e.HasIndex(s => new { s.CourseId, s.PersonId, s.StudiedOn }).IsUnique();
        e.HasIndex(s => new { s.PersonId, s.StudiedOn });
        e.HasOne<Course>().WithMany().HasForeignKey(s => s.CourseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TrainingConfiguration : IEntityTypeConfiguration<Training>
{
    public void Configure(EntityTypeBuilder<Training> e)
    {
        e.ToTable("Trainings");
        e.Property(t => t.OrgPath).HasMaxLength(256).IsRequired();
        e.Property(t => t.Title).HasMaxLength(Training.TitleMaxLength).IsRequired();
        e.Property(t => t.Hours).HasPrecision(8, 2);
        e.Property(t => t.CreatedBy).HasMaxLength(256).IsRequired();
        e.HasIndex(t => new { t.OrgPath, t.StartOn });
        e.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrgId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TrainingTraineeConfiguration : IEntityTypeConfiguration<TrainingTrainee>
{
    public void Configure(EntityTypeBuilder<TrainingTrainee> e)
    {
        e.ToTable("TrainingTrainees");
        e.Property(t => t.Name).HasMaxLength(50).IsRequired();
        e.Property(t => t.Hours).HasPrecision(8, 2);
        e.HasIndex(t => new { t.TrainingId, t.PersonId }).IsUnique();
        e.HasIndex(t => t.PersonId);
        e.HasOne<Training>().WithMany().HasForeignKey(t => t.TrainingId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Course materials (section <c>Learning</c>).</summary>
public sealed class LearningOptions
{
    public const string Section = "Learning";

    /// <summary>The largest material file (a video); the server refuses bodies over 50 MB before this. Default 50 MB.</summary>
    [Range(1, 1024L * 1024 * 1024)]
    public long MaxMaterialBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>The material types a course may carry.</summary>
    [Required]
    [MinLength(1)]
    public string[] AllowedExtensions { get; set; } = [".mp4", ".mp3", ".pdf", ".docx", ".doc", ".pptx", ".ppt", ".txt"];
}

public sealed record CreateCourseRequest(long? OrgId, string? Title, string? Kind, decimal? Hours, string? Body);

public sealed record CourseDto(long Id, long OrgId, string OrgName, string Title, CourseKind Kind, decimal Hours, string? Body,
    string? MaterialName, long? MaterialSize, string? MaterialUrl, DateTimeOffset CreatedAt);

public sealed record MyCourseDto(long Id, string OrgName, string Title, CourseKind Kind, decimal Hours, string? Body,
    string? MaterialUrl, long StudiedSeconds, long LengthSeconds, bool Completed);

public sealed record StudyProgressRequest(long? Seconds);

public sealed record CreateTrainingRequest(long? OrgId, string? Title, DateOnly? StartOn, DateOnly? EndOn, decimal? Hours,
    IReadOnlyList<long>? PersonIds);

public sealed record TraineeDto(long PersonId, string Name, decimal? Hours);

/// <summary>A person the console's picker offers for a training class: a member of the subtree or a person in development.</summary>
public sealed record TraineeCandidate(long PersonId, string Name, string Role);

public sealed record TrainingDto(long Id, long OrgId, string OrgName, string Title, DateOnly StartOn, DateOnly EndOn, decimal Hours,
    IReadOnlyList<TraineeDto> Trainees);

public sealed record AttendanceRecord(long? PersonId, decimal? Hours);

public sealed record AttendanceRequest(IReadOnlyList<AttendanceRecord>? Records);

public sealed record OrgStudyStats(long OrgId, string Name, long Members, long Studied, decimal Hours);

public sealed record StudyStatsDto(long Members, long Studied, decimal Hours, IReadOnlyList<OrgStudyStats> ByOrg);
