using AwesomeAssertions;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Tests.Unit;

public class ContainmentRulesTests
{
    public static TheoryData<OrgKind, OrgKind, bool> Pairs()
    {
        // The whole table of DOMAIN.md: every (child, parent) pair, allowed or not.
        var allowed = new HashSet<(OrgKind, OrgKind)>
        {
            (OrgKind.Committee, OrgKind.Committee), (OrgKind.Committee, OrgKind.WorkingCommittee),
            (OrgKind.WorkingCommittee, OrgKind.Committee), (OrgKind.WorkingCommittee, OrgKind.WorkingCommittee),
            (OrgKind.GeneralBranch, OrgKind.Committee), (OrgKind.GeneralBranch, OrgKind.WorkingCommittee),
            (OrgKind.Branch, OrgKind.Committee), (OrgKind.Branch, OrgKind.WorkingCommittee),
            (OrgKind.Branch, OrgKind.GeneralBranch), (OrgKind.Group, OrgKind.Branch),
        };
        var data = new TheoryData<OrgKind, OrgKind, bool>();
        foreach (var child in Enum.GetValues<OrgKind>())
        {
            foreach (var parent in Enum.GetValues<OrgKind>())
            {
                data.Add(child, parent, allowed.Contains((child, parent)));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void MaySitUnder_FollowsTheDomainTable(OrgKind child, OrgKind parent, bool expected) =>
        ContainmentRules.MaySitUnder(child, parent).Should().Be(expected);

    [Theory]
    [InlineData(OrgKind.Committee, true)]
    [InlineData(OrgKind.WorkingCommittee, false)]
    [InlineData(OrgKind.GeneralBranch, false)]
    [InlineData(OrgKind.Branch, false)]
    [InlineData(OrgKind.Group, false)]
    public void OnlyCommitteesAreRoots(OrgKind kind, bool root) => ContainmentRules.MayBeRoot(kind).Should().Be(root);

    [Fact]
    public void ChildKinds_OfABranch_IsGroupOnly() =>
        ContainmentRules.ChildKindsOf(OrgKind.Branch).Should().Equal(OrgKind.Group);

    [Fact]
    public void ChildKinds_OfAGroup_IsNothing() => ContainmentRules.ChildKindsOf(OrgKind.Group).Should().BeEmpty();

    [Theory]
    [InlineData(OrgSystem.Party, OrgKind.Branch, "党支部")]
    [InlineData(OrgSystem.League, OrgKind.Branch, "团支部")]
    [InlineData(OrgSystem.Party, OrgKind.WorkingCommittee, "党工委")]
    [InlineData(OrgSystem.League, OrgKind.GeneralBranch, "团总支")]
    public void KindName_IsChinese(OrgSystem system, OrgKind kind, string name) =>
        ContainmentRules.KindName(system, kind).Should().Be(name);

    [Fact]
    public void Violation_NamesBothKinds() =>
        ContainmentRules.Violation(OrgSystem.League, OrgKind.Group, OrgKind.Committee).Should().Be("团小组不能设在团委之下");
}
