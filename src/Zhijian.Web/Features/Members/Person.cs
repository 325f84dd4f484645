namespace Zhijian.Web.Features.Members;

/// <summary>A person's identity; memberships in either system hang off it.</summary>
public class Person
{
    public const int NameMaxLength = 50;
    public const int ProfessionalFieldMaxLength = 100;
    public const int SpecialtiesMaxLength = 200;
    public const int HealthMaxLength = 100;
    public const int FamilyMaxLength = 500;
    public const int ChildrenMaxLength = 200;
    public const int OtherAffiliationsMaxLength = 200;
    public const int OverseasTiesMaxLength = 200;

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

    // Personal features (个人特征) that help a secretary serve people: free text, all optional.

    /// <summary>专业领域.</summary>
    public string? ProfessionalField { get; set; }

    /// <summary>特长.</summary>
    public string? Specialties { get; set; }

    /// <summary>健康状况.</summary>
    public string? Health { get; set; }

    /// <summary>家庭情况.</summary>
    public string? Family { get; set; }

    /// <summary>子女情况.</summary>
    public string? Children { get; set; }

    /// <summary>其他党派、群团组织 (群团统战).</summary>
    public string? OtherAffiliations { get; set; }

    /// <summary>海外关系.</summary>
    public string? OverseasTies { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
