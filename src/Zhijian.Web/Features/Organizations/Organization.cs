using Zhijian.Web.Shared;

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

    private Organization()
    {
    }

    /// <summary>A new active organization at <paramref name="path"/> (a placeholder until its id is known: <see cref="Locate"/>).</summary>
    public Organization(OrgSystem system, OrgKind kind, long? parentId, string path, int depth, OrgProfile profile, string initials,
        int order, DateTimeOffset at)
    {
        System = system;
        Kind = kind;
        ParentId = parentId;
        Path = path;
        Depth = depth;
        Status = OrgStatus.Active;
        Describe(profile, initials);
        Order = order;
        CreatedAt = at;
        UpdatedAt = at;
    }

    public long Id { get; init; }
    public OrgSystem System { get; private set; }
    public OrgKind Kind { get; private set; }
    public long? ParentId { get; private set; }

    /// <summary>Materialized path of ancestor ids and its own, e.g. <c>/1/17/403/</c>.</summary>
    public string Path { get; private set; } = "";
    public int Depth { get; private set; }
    public string Name { get; private set; } = "";
    public string ShortName { get; private set; } = "";

    /// <summary>Pinyin initials of name and short name, for search (e.g. "gqtdyzbwyh dytzb").</summary>
    public string Initials { get; private set; } = "";

    /// <summary>组织类别, e.g. <c>state</c> (国有企业), <c>government</c>, <c>school</c>.</summary>
    public string? Category { get; private set; }

    /// <summary>单位性质, e.g. <c>enterprise</c>, <c>institution</c>, <c>agency</c>.</summary>
    public string? UnitNature { get; private set; }
    public string? UnitName { get; private set; }
    public DateOnly? EstablishedOn { get; private set; }
    public DateOnly? TermStartedOn { get; private set; }
    public int? TermYears { get; private set; }

    /// <summary>Months the current term was extended by (延期换届), reset when a new term starts.</summary>
    public int TermExtendedMonths { get; private set; }

    /// <summary>The current term's end (start + years + extension) when start and years are known; the terms board's key.</summary>
    public DateOnly? TermEndsOn { get; private set; }
    public string? Contact { get; private set; }
    public string? Phone { get; private set; }
    public OrgStatus Status { get; private set; }
    public int Order { get; private set; }
    public DateOnly? DissolvedOn { get; private set; }
    public string? DissolvedReason { get; private set; }
    public long? MergedIntoId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The descriptive fields as they are now (what <see cref="Patch"/> replaces).</summary>
    public OrgProfile CurrentProfile() =>
        new(Name, ShortName, Category, UnitNature, UnitName, EstablishedOn, TermStartedOn, TermYears, Contact, Phone);

    /// <summary>A dissolved organization is history: it cannot change any more (409).</summary>
    public void EnsureActive()
    {
        if (Status != OrgStatus.Active)
        {
            throw DomainException.InvalidState($"「{Name}」已撤销，不能再操作");
        }
    }

    /// <summary>Sets the path once the new organization's id is known.</summary>
    public void Locate(string path) => Path = path;

    /// <summary>Changes the kind (the caller checks the containment rules and moves the counters).</summary>
    public void ChangeKind(OrgKind kind)
    {
        EnsureActive();
        Kind = kind;
    }

    /// <summary>Replaces the descriptive fields and the order among siblings (PATCH).</summary>
    public void Patch(OrgProfile profile, string initials, int order, DateTimeOffset at)
    {
        EnsureActive();
        Describe(profile, initials);
        Order = order;
        UpdatedAt = at;
    }

    /// <summary>Dissolves the organization on a day with a reason (the caller checks that it is empty).</summary>
    public void Dissolve(DateOnly on, string reason, DateTimeOffset at)
    {
        EnsureActive();
        Status = OrgStatus.Dissolved;
        DissolvedOn = on;
        DissolvedReason = reason;
        UpdatedAt = at;
    }

    /// <summary>Starts a new term on <paramref name="start"/> for <paramref name="years"/> years (an election, 换届).</summary>
    public void RestartTerm(DateOnly start, int years, DateTimeOffset at)
    {
        EnsureActive();
        TermStartedOn = start;
        TermYears = years;
        TermExtendedMonths = 0;
        TermEndsOn = Age.TermEnd(start, years);
        UpdatedAt = at;
    }

    /// <summary>Extends the current term by <paramref name="months"/> (the caller checks the cap, term.maxShiftMonths).</summary>
    public void ExtendTerm(int months, DateOnly currentEnd, DateTimeOffset at)
    {
        EnsureActive();
        TermExtendedMonths += months;
        TermEndsOn = currentEnd.AddMonths(months);
        UpdatedAt = at;
    }

    private void Describe(OrgProfile p, string initials)
    {
        Name = p.Name;
        ShortName = p.ShortName;
        Initials = initials;
        Category = p.Category;
        UnitNature = p.UnitNature;
        UnitName = p.UnitName;
        EstablishedOn = p.EstablishedOn;
        if (p.TermStartedOn != TermStartedOn || p.TermYears != TermYears)
        {
            TermExtendedMonths = 0;
        }

        TermStartedOn = p.TermStartedOn;
        TermYears = p.TermYears;
        TermEndsOn = TermStartedOn is { } s && TermYears is { } y ? Age.TermEnd(s, y).AddMonths(TermExtendedMonths) : null;
        Contact = p.Contact;
        Phone = p.Phone;
    }
}

/// <summary>An organization's descriptive fields: names, category, unit, dates of establishment and term, contact.</summary>
public sealed record OrgProfile(string Name, string ShortName, string? Category = null, string? UnitNature = null,
    string? UnitName = null, DateOnly? EstablishedOn = null, DateOnly? TermStartedOn = null, int? TermYears = null,
    string? Contact = null, string? Phone = null);

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
