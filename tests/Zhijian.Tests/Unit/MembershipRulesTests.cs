using AwesomeAssertions;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;

namespace Zhijian.Tests.Unit;

/// <summary><see cref="MemberValidation.CheckMembership"/>: stages, joining dates, League ages and the Party's probation.</summary>
public class MembershipRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly DateOnly Birth = new(2000, 3, 1);

    private static Dictionary<string, List<string>> Check(OrgSystem system, MemberStage stage, string? joined, string? full = null,
        DateOnly? birth = null)
    {
        var errors = new Dictionary<string, List<string>>();
        MemberValidation.CheckMembership(system, stage, joined is null ? null : DateOnly.Parse(joined, System.Globalization.CultureInfo.InvariantCulture),
            full is null ? null : DateOnly.Parse(full, System.Globalization.CultureInfo.InvariantCulture), birth ?? Birth, Today, errors,
            RuleSet.Defaults);
        return errors;
    }

    [Theory]
    [InlineData(OrgSystem.League, MemberStage.Member, true)]
    [InlineData(OrgSystem.League, MemberStage.Full, false)]
    [InlineData(OrgSystem.Party, MemberStage.Probationary, true)]
    [InlineData(OrgSystem.Party, MemberStage.Full, true)]
    [InlineData(OrgSystem.Party, MemberStage.Member, false)]
    public void Stage_MustBelongToTheSystem(OrgSystem system, MemberStage stage, bool fits) =>
        Check(system, stage, "2020-05-04").ContainsKey("stage").Should().Be(!fits);

    [Theory]
    [InlineData(null, "请填写入团时间")]
    [InlineData("2026-11-24", "入团时间不能晚于今天")]
    [InlineData("2000-03-01", "入团时间不能早于出生日期")]
    [InlineData("2014-02-28", "入团时年龄应在 14 至 28 周岁之间（入团时 13 周岁）")]
    [InlineData("2028-03-01", "入团时间不能晚于今天")]
    public void LeagueJoiningDate_Refused_WithTheReason(string? joined, string message) =>
        Check(OrgSystem.League, MemberStage.Member, joined)["joinedOn"].Should().Contain(message);

    [Theory]
    [InlineData("2014-03-01")] // 14 on the day
    [InlineData("2026-11-23")] // 26, today
    public void LeagueJoiningDate_WithinTheAges_Passes(string joined) =>
        Check(OrgSystem.League, MemberStage.Member, joined).Should().BeEmpty();

    [Fact]
    public void LeagueAge_UpperBound_Is28OnTheJoiningDay()
    {
        var older = new DateOnly(1997, 11, 23);
        Check(OrgSystem.League, MemberStage.Member, "2025-11-23", birth: older).Should().BeEmpty(); // 28
        Check(OrgSystem.League, MemberStage.Member, "2026-11-23", birth: older)["joinedOn"]
            .Should().Contain("入团时年龄应在 14 至 28 周岁之间（入团时 29 周岁）");
    }

    [Theory]
    [InlineData("2024-05-04", "2025-05-04", null)] // a year to the day
    [InlineData("2024-02-29", "2025-03-01", null)] // leap-day joining: a year later is 2025-02-28, and after it is fine
    [InlineData("2024-05-04", "2026-05-04", null)] // the longest extension, to the day
    [InlineData("2024-05-04", "2025-05-03", "预备期为一年，2024-05-04 入党的最早 2025-05-04 转正")]
    [InlineData("2024-05-04", "2024-05-03", "预备期为一年，2024-05-04 入党的最早 2025-05-04 转正")]
    [InlineData("2024-05-04", "2026-05-05", "预备期最多延长一年，2024-05-04 入党的最迟 2026-05-04 转正；逾期未转正的应取消预备党员资格")]
    [InlineData("2025-01-01", "2026-11-24", "转正时间不能晚于今天")]
    public void FullOn_FollowsTheProbation(string joined, string full, string? message)
    {
        var errors = Check(OrgSystem.Party, MemberStage.Full, joined, full);
        if (message is null)
        {
            errors.Should().BeEmpty();
        }
        else
        {
            errors["fullOn"].Should().Equal(message);
        }
    }

    [Theory]
    [InlineData(OrgSystem.Party, MemberStage.Probationary)]
    [InlineData(OrgSystem.League, MemberStage.Member)]
    public void FullOn_OnlyForFullPartyMembers(OrgSystem system, MemberStage stage) =>
        Check(system, stage, "2020-05-04", "2021-05-04")["fullOn"].Should().Equal("只有正式党员有转正时间");

    [Fact]
    public void Probation_ComesFromTheRuleTable()
    {
        var rules = new RuleSet(RuleDefaults.Rows.Append(
            new RuleRow(OrgSystem.Party, "member.probationMonths", new DateOnly(2030, 1, 1), "6", "假设的新规定", Local: true)));
        var errors = new Dictionary<string, List<string>>();
        MemberValidation.CheckProbation(new DateOnly(2030, 1, 1), new DateOnly(2030, 7, 1), errors, rules);
        errors.Should().BeEmpty("a probation of six months applies to members who joined when it was in force");
        MemberValidation.CheckProbation(new DateOnly(2029, 12, 31), new DateOnly(2030, 7, 1), errors, rules);
        errors["fullOn"].Should().Equal("预备期为一年，2029-12-31 入党的最早 2030-12-31 转正");
    }
}
