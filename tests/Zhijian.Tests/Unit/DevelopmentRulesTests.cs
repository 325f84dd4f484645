using System.Globalization;
using AwesomeAssertions;
using Zhijian.Web.Features.Development;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;

namespace Zhijian.Tests.Unit;

/// <summary><see cref="DevelopmentRules"/>: each interval at, before and after its limit; ages; order; number format.</summary>
public class DevelopmentRulesTests
{
    private static readonly DateOnly Today = new(2030, 1, 1);

    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);

    private static StepVerdict Check(DevelopmentFacts f, StepInput s) => DevelopmentRules.Check(f, s, Today, RuleSet.Defaults);

    private static readonly DevelopmentFacts PartyActivist =
        new(OrgSystem.Party, DevelopmentStage.Activist, D("2024-01-10"), ActivistOn: D("2024-03-15"), LastStepOn: D("2024-03-15"));

    [Theory]
    [InlineData("2025-03-14", false)] // a day short of the year
    [InlineData("2025-03-15", true)] // exactly a year
    [InlineData("2025-09-01", true)]
    public void PartyActivist_ToCandidate_AfterAYear(string on, bool allowed)
    {
        var v = Check(PartyActivist, new StepInput(DevelopmentStage.Candidate, D(on), FullMemberContacts: 2));
        v.Allowed.Should().Be(allowed);
        v.Earliest.Should().Be(D("2025-03-15"));
        if (!allowed)
        {
            v.Breaches.Single().Rule.Should().Be("development.activistMonths");
            v.Breaches.Single().Message.Should().Contain("2024-03-15").And.Contain("2025-03-15");
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void PartyActivist_ToCandidate_NeedsTwoFullMemberContacts(int contacts, bool allowed)
    {
        var v = Check(PartyActivist, new StepInput(DevelopmentStage.Candidate, D("2025-06-01"), FullMemberContacts: contacts));
        v.Allowed.Should().Be(allowed);
        if (!allowed)
        {
            v.Breaches.Single().Should().BeEquivalentTo(new { Field = "contactIds", Rule = "development.contacts" });
        }
    }

    private static readonly DevelopmentFacts Candidate = new(OrgSystem.Party, DevelopmentStage.Candidate, D("2023-01-10"),
        ActivistOn: D("2023-03-01"), CandidateOn: D("2024-04-01"), LastStepOn: D("2024-04-01"));

    [Theory]
    [InlineData(23.5, false)]
    [InlineData(24, true)]
    [InlineData(30, true)]
    public void Candidate_ToProbationary_Needs24CourseHours(decimal hours, bool allowed)
    {
        var v = Check(Candidate, new StepInput(DevelopmentStage.Probationary, D("2024-08-01"), CourseHours: hours, VoteOn: D("2024-07-01"),
            ApprovedOn: D("2024-08-01")));
        v.Allowed.Should().Be(allowed);
        if (!allowed)
        {
            v.Breaches.Single().Rule.Should().Be("development.courseHours");
        }
    }

    [Theory]
    [InlineData("2024-10-01", true, false)] // exactly 3 months: no warning
    [InlineData("2024-10-02", true, true)] // past 3 months: allowed with a warning (an alert)
    [InlineData("2025-01-01", true, true)] // exactly 6 months
    [InlineData("2025-01-02", false, false)] // past 6 months: refused
    public void Approval_Within3MonthsOfTheVote_AtMost6(string approved, bool allowed, bool warned)
    {
        var v = Check(Candidate, new StepInput(DevelopmentStage.Probationary, D(approved), CourseHours: 24, VoteOn: D("2024-07-01"),
            ApprovedOn: D(approved)));
        v.Allowed.Should().Be(allowed);
        v.Warnings.Count.Should().Be(warned ? 1 : 0);
        if (!allowed)
        {
            v.Breaches.Single().Should().BeEquivalentTo(new { Field = "approvedOn", Rule = "development.approvalMaxMonths" });
            v.Breaches.Single().Message.Should().Contain("2024-07-01").And.Contain("2025-01-01");
        }
    }

    [Fact]
    public void Vote_BeforeTheCandidacy_OrApproval_BeforeTheVote_AreRefused()
    {
        Check(Candidate, new StepInput(DevelopmentStage.Probationary, D("2024-05-01"), CourseHours: 24, VoteOn: D("2024-03-01"),
            ApprovedOn: D("2024-05-01"))).Breaches.Should().Contain(b => b.Field == "voteOn");
        Check(Candidate, new StepInput(DevelopmentStage.Probationary, D("2024-06-01"), CourseHours: 24, VoteOn: D("2024-07-01"),
            ApprovedOn: D("2024-06-01"))).Breaches.Should().Contain(b => b.Field == "approvedOn");
    }

    /// <summary>A candidate whose branch voted on 2024-07-01, awaiting the higher committee's approval.</summary>
    private static readonly DevelopmentFacts Voted = Candidate with { AdmittedOn = D("2024-07-01"), LastStepOn = D("2024-07-01") };

    [Theory]
    [InlineData("2024-03-31", false)] // before the candidacy
    [InlineData("2024-04-01", true)] // on the candidacy's day
    [InlineData("2030-01-02", false)] // after today
    public void Vote_OnACandidate_AfterTheCandidacy_NotInTheFuture(string vote, bool allowed)
    {
        var v = DevelopmentRules.CheckVote(Candidate, D(vote), 24, Today, RuleSet.Defaults);
        v.Allowed.Should().Be(allowed);
        v.Breaches.Should().OnlyContain(b => b.Field == "voteOn");
    }

    [Fact]
    public void Vote_Needs24CourseHours_AndOnlyOnceOnACandidate()
    {
        DevelopmentRules.CheckVote(Candidate, D("2024-07-01"), 23, Today, RuleSet.Defaults).Breaches.Single().Rule
            .Should().Be("development.courseHours");
        DevelopmentRules.CheckVote(Voted, D("2024-08-01"), 24, Today, RuleSet.Defaults).Breaches.Single().Message
            .Should().Contain("2024-07-01");
        DevelopmentRules.CheckVote(PartyActivist, D("2025-08-01"), 24, Today, RuleSet.Defaults).Allowed.Should().BeFalse();
        DevelopmentRules.AwaitingApproval(Voted).Should().BeTrue();
        DevelopmentRules.AwaitingApproval(Candidate).Should().BeFalse();
    }

    [Theory]
    [InlineData("2024-10-01", true, false)] // exactly 3 months after the recorded vote
    [InlineData("2024-10-02", true, true)] // past 3 months: a warning
    [InlineData("2025-01-01", true, true)] // exactly 6 months: allowed, warned
    [InlineData("2025-01-02", false, false)] // past the 6-month cap: refused, naming the vote and the cap
    public void Approval_OfARecordedVote_Within6Months(string approved, bool allowed, bool warned)
    {
        var v = Check(Voted, new StepInput(DevelopmentStage.Probationary, D(approved), CourseHours: 24));
        v.Allowed.Should().Be(allowed);
        v.Warnings.Should().HaveCount(warned ? 1 : 0);
        if (!allowed)
        {
            v.Breaches.Single().Should().BeEquivalentTo(new { Field = "approvedOn", Rule = "development.approvalMaxMonths" });
            v.Breaches.Single().Message.Should().Contain("2024-07-01").And.Contain("2025-01-01").And.Contain(approved);
        }
    }

    [Fact]
    public void Approval_OfARecordedVote_CannotChangeTheVoteDay_AndIsDueThreeMonthsAfter()
    {
        Check(Voted, new StepInput(DevelopmentStage.Probationary, D("2024-08-01"), CourseHours: 24, VoteOn: D("2024-06-01")))
            .Breaches.Should().Contain(b => b.Field == "voteOn" && b.Rule == "development.order");
        Check(Voted, new StepInput(DevelopmentStage.Probationary, D("2024-06-30"), CourseHours: 24))
            .Breaches.Should().Contain(b => b.Field == "on" || b.Field == "approvedOn");
        var (step, due) = DevelopmentRules.NextStep(Voted, talkHeld: true, RuleSet.Defaults);
        step.Should().Be("上级党委审批");
        due.Should().Be(D("2024-10-01"));
        DevelopmentRules.NextStep(Candidate, talkHeld: true, RuleSet.Defaults).DueOn.Should().BeNull();
    }

    private static readonly DevelopmentFacts Probationary = new(OrgSystem.Party, DevelopmentStage.Probationary, D("2022-01-10"),
        AdmittedOn: D("2024-07-01"), LastStepOn: D("2024-08-01"));

    [Theory]
    [InlineData("2025-06-30", false, "member.probationMonths")] // before the year
    [InlineData("2025-07-01", true, null)] // exactly a year
    [InlineData("2026-07-01", true, null)] // the longest extension (12 months) included
    [InlineData("2026-07-02", false, "member.probationExtensionMonths")] // past the extension
    public void Probation_AYear_ExtendableBy6To12Months(string on, bool allowed, string? rule)
    {
        var v = Check(Probationary, new StepInput(DevelopmentStage.Full, D(on)));
        v.Allowed.Should().Be(allowed);
        v.Earliest.Should().Be(D("2025-07-01"));
        if (rule is not null)
        {
            v.Breaches.Single().Rule.Should().Be(rule);
        }
    }

    private static readonly DevelopmentFacts LeagueActivist =
        new(OrgSystem.League, DevelopmentStage.Activist, D("2025-01-05"), ActivistOn: D("2025-02-10"), LastStepOn: D("2025-02-10"));

    [Theory]
    [InlineData("2025-05-09", 8, false, "development.activistMonths")]
    [InlineData("2025-05-10", 8, true, null)]
    [InlineData("2025-08-10", 8, true, null)]
    [InlineData("2025-05-10", 7.5, false, "development.courseHours")]
    public void LeagueActivist_ToMember_After3Months_And8ClassHours(string on, decimal hours, bool allowed, string? rule)
    {
        var v = Check(LeagueActivist, new StepInput(DevelopmentStage.Member, D(on), CourseHours: hours));
        v.Allowed.Should().Be(allowed);
        v.Earliest.Should().Be(D("2025-05-10"));
        if (rule is not null)
        {
            v.Breaches.Single().Rule.Should().Be(rule);
        }
    }

    [Theory]
    [InlineData(OrgSystem.Party, "2006-03-02", null)] // 18 on the day
    [InlineData(OrgSystem.Party, "2006-03-03", "development.minAge")] // 18 the next day
    [InlineData(OrgSystem.League, "2010-03-02", null)] // 14 on the day
    [InlineData(OrgSystem.League, "2010-03-03", "development.minAge")]
    [InlineData(OrgSystem.League, "1995-03-03", null)] // 28
    [InlineData(OrgSystem.League, "1995-03-02", "development.maxAge")] // 29 on the day
    public void Ages_OnTheApplicationDate(OrgSystem system, string birth, string? rule) =>
        DevelopmentRules.CheckAge(system, D(birth), D("2024-03-02"), RuleSet.Defaults)?.Rule.Should().Be(rule);

    [Theory]
    [InlineData(OrgSystem.Party, DevelopmentStage.Applicant, DevelopmentStage.Candidate)]
    [InlineData(OrgSystem.Party, DevelopmentStage.Activist, DevelopmentStage.Probationary)]
    [InlineData(OrgSystem.Party, DevelopmentStage.Candidate, DevelopmentStage.Full)]
    [InlineData(OrgSystem.League, DevelopmentStage.Applicant, DevelopmentStage.Member)]
    [InlineData(OrgSystem.League, DevelopmentStage.Activist, DevelopmentStage.Candidate)]
    public void SkippingAStage_IsRefused(OrgSystem system, DevelopmentStage from, DevelopmentStage to)
    {
        var v = Check(new DevelopmentFacts(system, from, D("2020-01-01"), D("2020-02-01"), D("2021-03-01"), LastStepOn: D("2021-03-01")),
            new StepInput(to, D("2025-01-01"), 2, 40));
        v.Allowed.Should().BeFalse();
        v.Breaches.Single().Should().BeEquivalentTo(new { Field = "to", Rule = "development.order" });
    }

    [Fact]
    public void Dates_InTheFuture_OrBeforeTheLastStep_AreRefused()
    {
        var applicant = new DevelopmentFacts(OrgSystem.Party, DevelopmentStage.Applicant, D("2024-05-01"));
        Check(applicant, new StepInput(DevelopmentStage.Activist, D("2024-05-01"))).Allowed.Should().BeTrue();
        Check(applicant, new StepInput(DevelopmentStage.Activist, D("2024-04-30"))).Breaches.Single().Rule.Should().Be("development.order");
        Check(applicant, new StepInput(DevelopmentStage.Activist, Today.AddDays(1))).Breaches.Single().Rule.Should().Be("development.date");
    }

    [Fact]
    public void FinishedOrClosedRecords_HaveNoNextStep()
    {
        DevelopmentRules.Next(OrgSystem.Party, DevelopmentStage.Full).Should().BeNull();
        DevelopmentRules.Next(OrgSystem.League, DevelopmentStage.Member).Should().BeNull();
        DevelopmentRules.Next(OrgSystem.Party, DevelopmentStage.Closed).Should().BeNull();
        DevelopmentRules.OpenStages(OrgSystem.League).Should().Equal(DevelopmentStage.Applicant, DevelopmentStage.Activist);
    }

    [Fact]
    public void NextStep_Dues_TalkWithinAMonth_And转正AfterTheYear()
    {
        var applicant = new DevelopmentFacts(OrgSystem.Party, DevelopmentStage.Applicant, D("2024-05-31"));
        DevelopmentRules.NextStep(applicant, false, RuleSet.Defaults).Should().Be(("谈话", (DateOnly?)D("2024-06-30")));
        DevelopmentRules.NextStep(applicant, true, RuleSet.Defaults).DueOn.Should().BeNull();
        DevelopmentRules.NextStep(Probationary, false, RuleSet.Defaults).Should().Be(("转正", (DateOnly?)D("2025-07-01")));
    }

    [Fact]
    public void EveryIntervalIsADatedRuleRow()
    {
        foreach (var key in new[] { "development.minAge", "development.talkMonths", "development.activistMonths", "development.courseHours", "development.dueSoonDays" })
        {
            RuleSet.Defaults.Knows(OrgSystem.Party, key).Should().BeTrue(key);
            RuleSet.Defaults.Knows(OrgSystem.League, key).Should().BeTrue(key);
        }

        foreach (var key in new[] { "development.contacts", "development.approvalAlertMonths", "development.approvalMaxMonths", "member.probationMonths" })
        {
            RuleSet.Defaults.Knows(OrgSystem.Party, key).Should().BeTrue(key);
        }
    }

    [Fact]
    public void DevelopmentNumber_IsTheYearAndAnEightDigitSequence()
    {
        DevelopmentTallies.Format(2026, 1).Should().Be("202600000001");
        DevelopmentTallies.Format(2026, 12345678).Should().Be("202612345678");
        Enumerable.Range(1, 1000).Select(i => DevelopmentTallies.Format(2026, i)).Distinct().Count().Should().Be(1000);
    }
}
