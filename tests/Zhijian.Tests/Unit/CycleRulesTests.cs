using AwesomeAssertions;
using Zhijian.Web.Features.Evaluations;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;

namespace Zhijian.Tests.Unit;

/// <summary>The yearly cycles' rules as the national defaults give them (rules.csv): 30% 优秀, 2/3 attendance, terms.</summary>
public sealed class CycleRulesTests
{
    private static readonly DateOnly On = new(2026, 6, 1);
    private static readonly RuleSet Rules = RuleSet.Defaults;

    [Theory]
    [InlineData(3, 0)] // 0.9 rounds down: a branch of three has no 优秀
    [InlineData(7, 2)] // 2.1 → 2
    [InlineData(10, 3)] // exactly 3
    [InlineData(11, 3)] // 3.3 → 3
    [InlineData(20, 6)]
    [InlineData(0, 0)]
    public void ExcellentIsAtMostThirtyPercent_RoundingDown(int members, int max)
    {
        foreach (var system in new[] { OrgSystem.League, OrgSystem.Party })
        {
            EvaluationRules.MaxExcellent(members, EvaluationRules.ExcellentShare(Rules, system, On)).Should().Be(max);
        }
    }

    [Theory]
    [InlineData(3, 2, false)] // exactly 2/3 is not more than 2/3
    [InlineData(3, 3, true)]
    [InlineData(6, 4, false)]
    [InlineData(6, 5, true)]
    [InlineData(7, 4, false)]
    [InlineData(7, 5, true)] // 5/7 = 0.714
    [InlineData(10, 6, false)]
    [InlineData(10, 7, true)]
    [InlineData(0, 0, false)]
    public void AttendanceMustBeStrictlyMoreThanTwoThirds(int members, int attended, bool met)
    {
        var quorum = EvaluationRules.Quorum(Rules, OrgSystem.League, On);
        quorum.Should().Be((2, 3));
        EvaluationRules.QuorumMet(attended, members, quorum).Should().Be(met);
        if (members > 0)
        {
            EvaluationRules.QuorumMet(EvaluationRules.MinAttendance(members, quorum), members, quorum).Should().BeTrue();
            EvaluationRules.QuorumMet(EvaluationRules.MinAttendance(members, quorum) - 1, members, quorum).Should().BeFalse();
        }
    }

    [Fact]
    public void FractionsParseExactly()
    {
        EvaluationRules.Fraction("2/3").Should().Be((2, 3));
        EvaluationRules.Fraction("0.5").Should().Be((500, 1000));
    }

    [Theory]
    [InlineData(OrgSystem.Party, OrgKind.Committee, null, 5, 5, 12)]
    [InlineData(OrgSystem.Party, OrgKind.GeneralBranch, null, 3, 3, 12)]
    [InlineData(OrgSystem.Party, OrgKind.Branch, "school", 3, 3, 12)]
    [InlineData(OrgSystem.League, OrgKind.Committee, null, 3, 5, 12)]
    [InlineData(OrgSystem.League, OrgKind.WorkingCommittee, null, 3, 5, 12)]
    [InlineData(OrgSystem.League, OrgKind.GeneralBranch, null, 3, 3, 6)]
    [InlineData(OrgSystem.League, OrgKind.Branch, null, 3, 3, 6)]
    [InlineData(OrgSystem.League, OrgKind.Branch, "school", 1, 1, 6)]
    public void TermLengthsAndCapsPerKind(OrgSystem system, OrgKind kind, string? category, int min, int max, int shift)
    {
        var limits = TermRules.For(Rules, system, kind, category, On);
        limits.Should().BeEquivalentTo(new { MinYears = min, MaxYears = max, MaxShiftMonths = shift });
        limits.DefaultYears.Should().BeInRange(min, max);
    }

    [Theory]
    [InlineData(0, 6, 6, true)]
    [InlineData(0, 7, 6, false)]
    [InlineData(4, 2, 6, true)]
    [InlineData(4, 3, 6, false)] // extensions add up over the term
    [InlineData(0, 12, 12, true)]
    [InlineData(6, 7, 12, false)]
    [InlineData(0, 0, 12, false)]
    public void ExtensionsAreCappedOverTheWholeTerm(int already, int months, int cap, bool allowed) =>
        TermRules.ExtensionAllowed(already, months, cap).Should().Be(allowed);

    [Fact]
    public void TheTermEndMovesByTheExtension()
    {
        TermRules.EndOf(new DateOnly(2023, 5, 10), 3, 0).Should().Be(new DateOnly(2026, 5, 10));
        TermRules.EndOf(new DateOnly(2023, 5, 10), 3, 6).Should().Be(new DateOnly(2026, 11, 10));
    }

    [Theory]
    [InlineData(Grade.Excellent, true)]
    [InlineData(Grade.Qualified, true)]
    [InlineData(Grade.BasicallyQualified, true)]
    [InlineData(Grade.Unqualified, false)]
    [InlineData(null, false)]
    public void OnlyBasicallyQualifiedOrBetterRegister(Grade? grade, bool registrable) =>
        EvaluationRules.Registrable(grade).Should().Be(registrable);
}
