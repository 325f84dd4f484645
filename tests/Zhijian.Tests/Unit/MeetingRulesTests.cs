using AwesomeAssertions;
using Zhijian.Web.Features.Meetings;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;

namespace Zhijian.Tests.Unit;

/// <summary>Frequency windows, quorum, 补录, term ends and the 28th birthday.</summary>
public sealed class MeetingRulesTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(Frequency.Month, "2026-01-01", "2026-01-01", "2026-01-31", "2026-01")]
    [InlineData(Frequency.Month, "2026-02-28", "2026-02-01", "2026-02-28", "2026-02")]
    [InlineData(Frequency.Month, "2028-02-29", "2028-02-01", "2028-02-29", "2028-02")]
    [InlineData(Frequency.Month, "2026-12-31", "2026-12-01", "2026-12-31", "2026-12")]
    [InlineData(Frequency.Quarter, "2026-03-31", "2026-01-01", "2026-03-31", "2026-Q1")]
    [InlineData(Frequency.Quarter, "2026-04-01", "2026-04-01", "2026-06-30", "2026-Q2")]
    [InlineData(Frequency.Quarter, "2026-09-30", "2026-07-01", "2026-09-30", "2026-Q3")]
    [InlineData(Frequency.Quarter, "2026-12-31", "2026-10-01", "2026-12-31", "2026-Q4")]
    [InlineData(Frequency.Year, "2026-01-01", "2026-01-01", "2026-12-31", "2026")]
    [InlineData(Frequency.Year, "2026-12-31", "2026-01-01", "2026-12-31", "2026")]
    public void Period_Containing_CoversCalendarBoundaries(Frequency f, string day, string start, string end, string key)
    {
        var p = Period.Containing(f, D(day));
        p.Start.Should().Be(D(start));
        p.End.Should().Be(D(end));
        p.Key.Should().Be(key);
        p.Next().Start.Should().Be(p.End.AddDays(1));
        p.Previous().End.Should().Be(p.Start.AddDays(-1));
    }

    [Theory]
    [InlineData(Frequency.Month, "2026-01-01", "2026-12-31", "2026-04-10", 3)]
    [InlineData(Frequency.Month, "2026-01-01", "2026-12-31", "2026-04-01", 3)]
    [InlineData(Frequency.Month, "2026-01-01", "2026-12-31", "2026-03-31", 2)]
    [InlineData(Frequency.Month, "2026-01-15", "2026-02-10", "2027-01-01", 2)]
    [InlineData(Frequency.Quarter, "2026-01-01", "2026-12-31", "2026-04-01", 1)]
    [InlineData(Frequency.Quarter, "2026-01-01", "2026-12-31", "2026-03-31", 0)]
    [InlineData(Frequency.Quarter, "2026-01-01", "2026-12-31", "2027-01-01", 4)]
    [InlineData(Frequency.Year, "2026-01-01", "2026-12-31", "2026-12-31", 0)]
    [InlineData(Frequency.Year, "2026-01-01", "2026-12-31", "2027-01-01", 1)]
    [InlineData(Frequency.None, "2026-01-01", "2026-12-31", "2027-01-01", 0)]
    public void EndedWithin_CountsOnlyPeriodsThatHaveEnded(Frequency f, string from, string to, string today, int expected) =>
        Period.EndedWithin(f, D(from), D(to), D(today)).Should().HaveCount(expected);

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(1, 1, true)]
    [InlineData(2, 1, false)]
    [InlineData(3, 2, true)]
    [InlineData(4, 2, false)]
    [InlineData(4, 3, true)]
    [InlineData(101, 51, true)]
    [InlineData(101, 50, false)]
    public void Quorum_NeedsMoreThanHalfOfTheVoters(int voters, int present, bool met) =>
        MeetingRules.QuorumMet(voters, present).Should().Be(met);

    [Theory]
    [InlineData("2026-03-01", "2026-03-01", false)]
    [InlineData("2026-03-01", "2026-03-08", false)]
    [InlineData("2026-03-01", "2026-03-09", true)]
    [InlineData("2026-02-25", "2026-03-04", false)]
    [InlineData("2026-12-28", "2027-01-05", true)]
    public void LateEntry_IsMoreThanSevenDaysAfter(string held, string written, bool late) =>
        MeetingRules.IsLateEntry(D(held), D(written), 7).Should().Be(late);

    [Theory]
    [InlineData("2023-05-04", 3, "2026-05-04")]
    [InlineData("2021-06-30", 5, "2026-06-30")]
    [InlineData("2024-02-29", 3, "2027-02-28")]
    [InlineData("2024-02-29", 4, "2028-02-29")]
    public void TermEnd_IsStartPlusYears(string start, int years, string end) =>
        Zhijian.Web.Shared.Age.TermEnd(D(start), years).Should().Be(D(end));

    [Theory]
    [InlineData("1998-03-02", "2026-03-02")]
    [InlineData("2000-02-29", "2028-02-29")]
    [InlineData("2072-02-29", "2100-03-01")]
    [InlineData("1999-12-31", "2027-12-31")]
    public void TwentyEighthBirthday_OfA29FebruaryBirth_Is1MarchInCommonYears(string birth, string day) =>
        Zhijian.Web.Shared.Age.BirthdayAt(D(birth), 28).Should().Be(D(day));

    [Fact]
    public void Birthday_AgreesWithAgeOn()
    {
        var birth = D("2001-02-28");
        var day = Zhijian.Web.Shared.Age.BirthdayAt(D("2004-02-29"), 27);
        day.Should().Be(D("2031-03-01"));
        Zhijian.Web.Shared.Age.On(D("2004-02-29"), day).Should().Be(27);
        Zhijian.Web.Shared.Age.On(D("2004-02-29"), day.AddDays(-1)).Should().Be(26);
        Zhijian.Web.Shared.Age.On(birth, Zhijian.Web.Shared.Age.BirthdayAt(birth, 28)).Should().Be(28);
    }

    [Fact]
    public void EveryMeetingType_HasAFrequencyRule()
    {
        var on = D("2026-06-01");
        foreach (var t in MeetingTypes.All)
        {
            RuleSet.Defaults.Knows(t.System, t.RuleKey).Should().BeTrue(t.RuleKey);
        }

        MeetingTypes.Find(OrgSystem.Party, "partyCongress")!.FrequencyOf(RuleSet.Defaults, on).Should().Be(Frequency.Quarter);
        MeetingTypes.Find(OrgSystem.Party, "committee")!.FrequencyOf(RuleSet.Defaults, on).Should().Be(Frequency.Month);
        MeetingTypes.Find(OrgSystem.Party, "lifeMeeting")!.FrequencyOf(RuleSet.Defaults, on).Should().Be(Frequency.Year);
        MeetingTypes.Find(OrgSystem.League, "groupMeeting")!.FrequencyOf(RuleSet.Defaults, on).Should().Be(Frequency.None);
        MeetingTypes.Of(OrgSystem.League).Should().HaveCount(7);
        RuleSet.Defaults.Int(OrgSystem.Party, "meeting.lateEntryDays", on).Should().Be(7);
        RuleSet.Defaults.Int(OrgSystem.Party, "term.branch.years", on).Should().Be(3);
    }

    [Fact]
    public void Chain_DetectsAnEditedVersion()
    {
        var v1 = new MeetingRecordVersion { MeetingId = 1, Number = 1, HeldOn = D("2026-03-01"), Minutes = "原文", WrittenAt = DateTimeOffset.UnixEpoch, WrittenBy = "a" };
        v1.Hash = MeetingChain.HashOf("", v1);
        var v2 = new MeetingRecordVersion { MeetingId = 1, Number = 2, HeldOn = D("2026-03-01"), Minutes = "更正", Reason = "笔误", PreviousHash = v1.Hash, WrittenAt = DateTimeOffset.UnixEpoch, WrittenBy = "a" };
        v2.Hash = MeetingChain.HashOf(v1.Hash, v2);
        MeetingChain.Verify([v1, v2]).Should().Be((true, (int?)null));
        v1.Minutes = "改写";
        MeetingChain.Verify([v1, v2]).Should().Be((false, (int?)1));
        MeetingChain.Verify([v2]).Should().Be((false, (int?)2));
    }
}
