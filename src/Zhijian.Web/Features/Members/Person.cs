namespace Zhijian.Web.Features.Members;

/// <summary>A person's identity; memberships in either system hang off it.</summary>
public class Person
{
    public const int NameMaxLength = 50;

    public long Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Pinyin initials of the name, for search.</summary>
    public string NameInitials { get; set; } = "";

    /// <summary>GB/T 2261.1 code.</summary>
    public string Gender { get; set; } = "";

    /// <summary>GB/T 3304 code.</summary>
    public string? Ethnicity { get; set; }
    public DateOnly? BirthDate { get; set; }

    /// <summary>GB 11643 citizen ID number, 18 characters, upper-case X.</summary>
    public string? IdNumber { get; set; }
    public string? Phone { get; set; }

    /// <summary>GB/T 4658 code.</summary>
    public string? Education { get; set; }
    public string? Degree { get; set; }

    /// <summary>GB/T 4762 code.</summary>
    public string? PoliticalStatus { get; set; }
    public string? WorkUnit { get; set; }
    public string? Post { get; set; }
    public string? Address { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
