using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Learning;

/// <summary>What a course is made of.</summary>
public enum CourseKind
{
    Video,
    Document,
    Text,
}

/// <summary>
/// A course (课程) published by an organization to its subtree: members of the organization and of every organization
/// below it see it on /me and record study time, capped by <see cref="Hours"/>.
/// </summary>
public sealed class Course
{
    public const int TitleMaxLength = 200;
    public const int BodyMaxLength = 20000;

    /// <summary>The longest course: 200 hours (a whole 网上团校 term).</summary>
    public const decimal MaxHours = 200m;

    private Course()
    {
    }

    public long Id { get; private set; }
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";
    public string Title { get; private set; } = "";
    public CourseKind Kind { get; private set; }
    public decimal Hours { get; private set; }
    public string? Body { get; private set; }
    public string? MaterialName { get; private set; }
    public string? MaterialStorageName { get; private set; }
    public long? MaterialSize { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";

    /// <summary>The course length in seconds: the most study time a person can record for it.</summary>
    public long LengthSeconds => (long)(Hours * 3600m);

    public static Course Publish(Organization org, string title, CourseKind kind, decimal hours, string? body, DateTimeOffset at, string by) =>
        new()
        {
            OrgId = org.Id,
            OrgPath = org.Path,
            Title = title,
            Kind = kind,
            Hours = hours,
            Body = body,
            CreatedAt = at,
            CreatedBy = by,
        };

    /// <summary>Attaches (or replaces) the course's material file.</summary>
    public void AttachMaterial(string fileName, string storageName, long size)
    {
        MaterialName = fileName;
        MaterialStorageName = storageName;
        MaterialSize = size;
    }
}

/// <summary>Study time a person recorded for a course on one day (the rows are summed; their total never exceeds the course length).</summary>
public sealed class CourseStudy
{
    private CourseStudy()
    {
    }

    public long Id { get; private set; }
    public long CourseId { get; private set; }
    public long PersonId { get; private set; }
    public DateOnly StudiedOn { get; private set; }
    public long Seconds { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static CourseStudy Start(long courseId, long personId, DateOnly on, DateTimeOffset at) =>
        new() { CourseId = courseId, PersonId = personId, StudiedOn = on, UpdatedAt = at };

    public void Add(long seconds, DateTimeOffset at)
    {
        Seconds += seconds;
        UpdatedAt = at;
    }
}

/// <summary>A training class (培训班) of an organization, with its trainees and the hours each attended.</summary>
public sealed class Training
{
    public const int TitleMaxLength = 200;

    private Training()
    {
    }

    public long Id { get; private set; }
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";
    public string Title { get; private set; } = "";
    public DateOnly StartOn { get; private set; }
    public DateOnly EndOn { get; private set; }
    public decimal Hours { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";

    public static Training Open(Organization org, string title, DateOnly startOn, DateOnly endOn, decimal hours, DateTimeOffset at, string by) =>
        new()
        {
            OrgId = org.Id,
            OrgPath = org.Path,
            Title = title,
            StartOn = startOn,
            EndOn = endOn,
            Hours = hours,
            CreatedAt = at,
            CreatedBy = by,
        };
}

/// <summary>A person enrolled in a training class, and the hours they attended (null until attendance is recorded).</summary>
public sealed class TrainingTrainee
{
    private TrainingTrainee()
    {
    }

    public long Id { get; private set; }
    public long TrainingId { get; private set; }
    public long PersonId { get; private set; }
    public string Name { get; private set; } = "";
    public decimal? Hours { get; private set; }
    public DateTimeOffset? RecordedAt { get; private set; }

    public static TrainingTrainee Enrol(long trainingId, long personId, string name) =>
        new() { TrainingId = trainingId, PersonId = personId, Name = name };

    /// <summary>Records (or corrects) the hours attended: recording twice keeps the last figure, never adds.</summary>
    public void Attend(decimal hours, DateTimeOffset at)
    {
        Hours = hours;
        RecordedAt = at;
    }
}
