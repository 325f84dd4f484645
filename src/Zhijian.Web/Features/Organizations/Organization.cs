namespace Zhijian.Web.Features.Organizations;

/// <summary>Which of the two systems an organization, membership or rule belongs to.</summary>
public enum OrgSystem
{
    Party,
    League,
}

/// <summary>Kinds of organization (DOMAIN.md "Organizations").</summary>
public enum OrgKind
{
    Committee,
    WorkingCommittee,
    GeneralBranch,
    Branch,
    Group,
}

/// <summary>Lifecycle of an organization; dissolved ones stay in the tree as history.</summary>
public enum OrgStatus
{
    Active,
    Dissolved,
}

/// <summary>A node of a Party or League organization tree.</summary>
public class Organization
{
    public const int MaxDepth = 10;
    public const int NameMaxLength = 100;
    public const int ShortNameMaxLength = 50;

    public long Id { get; set; }
    public OrgSystem System { get; set; }
    public OrgKind Kind { get; set; }
    public long? ParentId { get; set; }

    /// <summary>Materialized path of ancestor ids and its own, e.g. <c>/1/17/403/</c>.</summary>
    public string Path { get; set; } = "";
    public int Depth { get; set; }
    public string Name { get; set; } = "";
    public string ShortName { get; set; } = "";

    /// <summary>Pinyin initials of name and short name, for search (e.g. "gqtdyzbwyh dytzb").</summary>
    public string Initials { get; set; } = "";

    /// <summary>组织类别, e.g. <c>state</c> (国有企业), <c>government</c>, <c>school</c>.</summary>
    public string? Category { get; set; }

    /// <summary>单位性质, e.g. <c>enterprise</c>, <c>institution</c>, <c>agency</c>.</summary>
    public string? UnitNature { get; set; }
    public string? UnitName { get; set; }
    public DateOnly? EstablishedOn { get; set; }
    public DateOnly? TermStartedOn { get; set; }
    public int? TermYears { get; set; }
    public string? Contact { get; set; }
    public string? Phone { get; set; }
    public OrgStatus Status { get; set; }
    public int Order { get; set; }
    public DateOnly? DissolvedOn { get; set; }
    public string? DissolvedReason { get; set; }
    public long? MergedIntoId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// Headline figures of an organization's whole subtree (itself included), kept in the same
/// transaction as every change so that any node's counts are one indexed read.
/// </summary>
public class OrgCounter
{
    public long OrgId { get; set; }

    /// <summary>Active direct children (not the subtree).</summary>
    public int Children { get; set; }
    public long Probationary { get; set; }
    public long Full { get; set; }
    public long LeagueMembers { get; set; }
    public int Committees { get; set; }
    public int WorkingCommittees { get; set; }
    public int GeneralBranches { get; set; }
    public int Branches { get; set; }
    public int Groups { get; set; }
    public long Cadres { get; set; }

    public long Members => Probationary + Full + LeagueMembers;
    public int Organizations => Committees + WorkingCommittees + GeneralBranches + Branches + Groups;
}
