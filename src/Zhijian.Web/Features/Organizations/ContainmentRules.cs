namespace Zhijian.Web.Features.Organizations;

/// <summary>Which kind may sit under which (DOMAIN.md "Organizations"), the same in both systems.</summary>
public static class ContainmentRules
{
    private static readonly Dictionary<OrgKind, OrgKind[]> AllowedParents = new()
    {
        [OrgKind.Committee] = [OrgKind.Committee, OrgKind.WorkingCommittee],
        [OrgKind.WorkingCommittee] = [OrgKind.Committee, OrgKind.WorkingCommittee],
        [OrgKind.GeneralBranch] = [OrgKind.Committee, OrgKind.WorkingCommittee],
        [OrgKind.Branch] = [OrgKind.Committee, OrgKind.WorkingCommittee, OrgKind.GeneralBranch],
        [OrgKind.Group] = [OrgKind.Branch],
    };

    /// <summary>Kinds that may be a root of a tree.</summary>
    public static bool MayBeRoot(OrgKind kind) => kind == OrgKind.Committee;

    /// <summary>Whether an organization of <paramref name="child"/> kind may sit under one of <paramref name="parent"/> kind.</summary>
    public static bool MaySitUnder(OrgKind child, OrgKind parent) => AllowedParents[child].Contains(parent);

    /// <summary>The kinds a new child of <paramref name="parent"/> may have (for the UI's choices).</summary>
    public static IReadOnlyList<OrgKind> ChildKindsOf(OrgKind parent) =>
        AllowedParents.Where(p => p.Value.Contains(parent)).Select(p => p.Key).ToList();

    /// <summary>Chinese name of a kind in a system, e.g. (Party, Branch) → 党支部.</summary>
    public static string KindName(OrgSystem system, OrgKind kind) => (system, kind) switch
    {
        (OrgSystem.Party, OrgKind.Committee) => "党委",
        (OrgSystem.Party, OrgKind.WorkingCommittee) => "党工委",
        (OrgSystem.Party, OrgKind.GeneralBranch) => "党总支",
        (OrgSystem.Party, OrgKind.Branch) => "党支部",
        (OrgSystem.Party, OrgKind.Group) => "党小组",
        (OrgSystem.League, OrgKind.Committee) => "团委",
        (OrgSystem.League, OrgKind.WorkingCommittee) => "团工委",
        (OrgSystem.League, OrgKind.GeneralBranch) => "团总支",
        (OrgSystem.League, OrgKind.Branch) => "团支部",
        (OrgSystem.League, OrgKind.Group) => "团小组",
        _ => kind.ToString(),
    };

    /// <summary>The refusal message when a kind may not sit under another.</summary>
    public static string Violation(OrgSystem system, OrgKind child, OrgKind parent) =>
        $"{KindName(system, child)}不能设在{KindName(system, parent)}之下";
}
