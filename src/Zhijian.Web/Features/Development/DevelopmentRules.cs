using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;

namespace Zhijian.Web.Features.Development;

/// <summary>Stage of a development record. Party: applicant → activist → candidate → probationary → full; League:
/// applicant → activist → member; either may end <c>closed</c>.</summary>
public enum DevelopmentStage
{
    Applicant,
    Activist,
    Candidate,
    Probationary,
    Full,
    Member,
    Closed,
}

/// <summary>Where a record stands, as the rules read it (dates of the steps so far).</summary>
public sealed record DevelopmentFacts(
    OrgSystem System, DevelopmentStage Stage, DateOnly AppliedOn, DateOnly? ActivistOn = null, DateOnly? CandidateOn = null,
    DateOnly? AdmittedOn = null, DateOnly? LastStepOn = null);

/// <summary>A requested step: the stage to reach, its date, and what that stage needs (contacts, hours, vote and approval).</summary>
public sealed record StepInput(
    DevelopmentStage To, DateOnly On, int FullMemberContacts = 0, decimal CourseHours = 0, DateOnly? VoteOn = null,
    DateOnly? ApprovedOn = null);

/// <summary>A rule a step breaks: the field, the rule key of rules.csv, and a Chinese message naming the dates.</summary>
public sealed record RuleBreach(string Field, string Rule, string Message);

/// <summary>The verdict on a step: breaches refuse it, warnings are told (an approval past 3 months), and the earliest
/// date the step may take under the interval rules.</summary>
public sealed record StepVerdict(IReadOnlyList<RuleBreach> Breaches, IReadOnlyList<string> Warnings, DateOnly Earliest)
{
    public bool Allowed => Breaches.Count == 0;
}

/// <summary>
/// The development rules (DOMAIN.md "party development", "league development"), pure: every number is a dated rule row
/// of rules.csv, read in force on the day that starts the interval.
/// </summary>
public static class DevelopmentRules
{
    /// <summary>The stage a record may reach next; null when it is finished or closed.</summary>
    public static DevelopmentStage? Next(OrgSystem system, DevelopmentStage stage) => (system, stage) switch
    {
        (_, DevelopmentStage.Applicant) => DevelopmentStage.Activist,
        (OrgSystem.Party, DevelopmentStage.Activist) => DevelopmentStage.Candidate,
        (OrgSystem.Party, DevelopmentStage.Candidate) => DevelopmentStage.Probationary,
        (OrgSystem.Party, DevelopmentStage.Probationary) => DevelopmentStage.Full,
        (OrgSystem.League, DevelopmentStage.Activist) => DevelopmentStage.Member,
        _ => null,
    };

    /// <summary>The stages of open records of a system.</summary>
    public static DevelopmentStage[] OpenStages(OrgSystem system) =>
        Enum.GetValues<DevelopmentStage>().Where(s => IsOpen(system, s)).ToArray();

    /// <summary>Whether a stage is still open (the record waits for a next step).</summary>
    public static bool IsOpen(OrgSystem system, DevelopmentStage stage) => Next(system, stage) is not null;

    /// <summary>The age limits on the application date: null when allowed, else the breach.</summary>
    public static RuleBreach? CheckAge(OrgSystem system, DateOnly birthDate, DateOnly appliedOn, RuleSet rules, string field = "appliedOn")
    {
        var age = Shared.Age.On(birthDate, appliedOn);
        var min = rules.Int(system, "development.minAge", appliedOn);
        if (age < min)
        {
            return new RuleBreach(field, "development.minAge",
                $"{(system == OrgSystem.Party ? "申请入党" : "申请入团")}须年满 {min} 周岁：出生于 {birthDate:yyyy-MM-dd}，{appliedOn:yyyy-MM-dd} 时 {age} 周岁");
        }

        if (system == OrgSystem.League)
        {
            var max = rules.Int(system, "development.maxAge", appliedOn);
            if (age > max)
            {
                return new RuleBreach(field, "development.maxAge",
                    $"申请入团须在 {max} 周岁以下：出生于 {birthDate:yyyy-MM-dd}，{appliedOn:yyyy-MM-dd} 时 {age} 周岁");
            }
        }

        return null;
    }

    /// <summary>The checks of one step (order, dates, intervals, contacts, hours, approval) against the rules.</summary>
    public static StepVerdict Check(DevelopmentFacts f, StepInput s, DateOnly today, RuleSet rules)
    {
        var breaches = new List<RuleBreach>();
        var warnings = new List<string>();
        var last = f.LastStepOn ?? f.AppliedOn;
        var earliest = last;
        if (Next(f.System, f.Stage) is not { } next)
        {
            breaches.Add(new("to", "development.order", $"{StageName(f.System, f.Stage)}的记录不能再推进"));
            return new StepVerdict(breaches, warnings, earliest);
        }

        if (s.To != next)
        {
            breaches.Add(new("to", "development.order",
                $"不能跳过程序：{StageName(f.System, f.Stage)}的下一步是{StageName(f.System, next)}，不能直接成为{StageName(f.System, s.To)}"));
            return new StepVerdict(breaches, warnings, earliest);
        }

        if (s.On > today)
        {
            breaches.Add(new("on", "development.date", $"日期 {s.On:yyyy-MM-dd} 晚于今天 {today:yyyy-MM-dd}"));
        }

        var interval = (f.System, next) switch
        {
            (OrgSystem.Party, DevelopmentStage.Candidate) => CheckCandidate(f, s, rules, breaches),
            (OrgSystem.Party, DevelopmentStage.Probationary) => CheckAdmission(f, s, rules, breaches, warnings),
            (OrgSystem.Party, DevelopmentStage.Full) => CheckFull(f, s, rules, breaches),
            (OrgSystem.League, DevelopmentStage.Member) => CheckLeagueMember(f, s, rules, breaches),
            _ => last,
        };
        earliest = interval > last ? interval : last;
        if (s.On < last)
        {
            breaches.Insert(0, new("on", "development.order", $"日期 {s.On:yyyy-MM-dd} 早于上一步的日期 {last:yyyy-MM-dd}"));
        }

        return new StepVerdict(breaches, warnings, earliest);
    }

    /// <summary>Activist → candidate: a year (rule) as activist, two full members (rule) as contacts.</summary>
    private static DateOnly CheckCandidate(DevelopmentFacts f, StepInput s, RuleSet rules, List<RuleBreach> breaches)
    {
        var from = f.ActivistOn ?? f.AppliedOn;
        var months = rules.Int(OrgSystem.Party, "development.activistMonths", from);
        var earliest = from.AddMonths(months);
        if (s.On < earliest)
        {
            breaches.Add(new("on", "development.activistMonths",
                $"入党积极分子须培养教育{MonthsText(months)}以上：{from:yyyy-MM-dd} 确定为积极分子，最早 {earliest:yyyy-MM-dd} 列为发展对象"));
        }

        var contacts = rules.Int(OrgSystem.Party, "development.contacts", from);
        if (s.FullMemberContacts < contacts)
        {
            breaches.Add(new("contactIds", "development.contacts",
                $"列为发展对象须有 {contacts} 名本支部正式党员作培养联系人，现有 {s.FullMemberContacts} 名"));
        }

        return earliest;
    }

    /// <summary>Candidate → probationary: the course hours, the vote after the candidacy, the approval within 6 months
    /// of the vote (past 3 months a warning).</summary>
    private static DateOnly CheckAdmission(DevelopmentFacts f, StepInput s, RuleSet rules, List<RuleBreach> breaches,
        List<string> warnings)
    {
        var candidateOn = f.CandidateOn ?? f.AppliedOn;
        var hours = rules.Int(OrgSystem.Party, "development.courseHours", candidateOn);
        if (s.CourseHours < hours)
        {
            breaches.Add(new("courseHours", "development.courseHours",
                $"发展对象须经集中培训不少于 {hours} 个学时（三天），现有 {s.CourseHours:0.#} 个学时"));
        }

        var vote = s.VoteOn ?? f.AdmittedOn ?? s.On;
        var approved = s.ApprovedOn ?? s.On;
        if (f.AdmittedOn is { } voted && vote != voted)
        {
            breaches.Add(new("voteOn", "development.order", $"支部大会已于 {voted:yyyy-MM-dd} 表决，表决日期不能改为 {vote:yyyy-MM-dd}"));
        }

        if (vote < candidateOn)
        {
            breaches.Add(new("voteOn", "development.order", $"支部大会表决日期 {vote:yyyy-MM-dd} 早于列为发展对象的日期 {candidateOn:yyyy-MM-dd}"));
        }

        if (approved < vote)
        {
            breaches.Add(new("approvedOn", "development.order", $"上级党委审批日期 {approved:yyyy-MM-dd} 早于支部大会表决日期 {vote:yyyy-MM-dd}"));
        }

        var max = rules.Int(OrgSystem.Party, "development.approvalMaxMonths", vote);
        var alert = rules.Int(OrgSystem.Party, "development.approvalAlertMonths", vote);
        if (approved > vote.AddMonths(max))
        {
            breaches.Add(new("approvedOn", "development.approvalMaxMonths",
                $"上级党委审批最迟不得超过支部大会表决后 {max} 个月：{vote:yyyy-MM-dd} 表决，最迟 {vote.AddMonths(max):yyyy-MM-dd} 审批，实际 {approved:yyyy-MM-dd}"));
        }
        else if (approved > vote.AddMonths(alert))
        {
            warnings.Add($"上级党委应在支部大会表决后 {alert} 个月内审批（{vote:yyyy-MM-dd} 表决，应于 {vote.AddMonths(alert):yyyy-MM-dd} 前）");
        }

        return vote > candidateOn ? vote : candidateOn;
    }

    /// <summary>
    /// The branch vote (支部大会表决) on a candidate, recorded before the higher committee approves: the admission's checks
    /// (course hours, the vote after the candidacy, the date order) with the approval taken as the vote day. Approval then
    /// comes as the step to probationary, within <c>development.approvalMaxMonths</c> of this vote.
    /// </summary>
    public static StepVerdict CheckVote(DevelopmentFacts f, DateOnly voteOn, decimal courseHours, DateOnly today, RuleSet rules)
    {
        if (f.System != OrgSystem.Party || f.Stage != DevelopmentStage.Candidate || f.AdmittedOn is not null)
        {
            var message = f.AdmittedOn is { } voted
                ? $"支部大会已于 {voted:yyyy-MM-dd} 表决，待上级党委审批"
                : $"只有发展对象才能由支部大会表决，现为{StageName(f.System, f.Stage)}";
            return new StepVerdict([new("voteOn", "development.order", message)], [], f.LastStepOn ?? f.AppliedOn);
        }

        var verdict = Check(f, new StepInput(DevelopmentStage.Probationary, voteOn, 0, courseHours, voteOn, voteOn), today, rules);
        var breaches = verdict.Breaches.Select(b => b.Field is "on" or "approvedOn" ? b with { Field = "voteOn" } : b).ToList();
        return verdict with { Breaches = breaches };
    }

    /// <summary>Whether the branch voted and the record waits for the higher committee's approval.</summary>
    public static bool AwaitingApproval(DevelopmentFacts f) => f.Stage == DevelopmentStage.Candidate && f.AdmittedOn is not null;

    /// <summary>Probationary → full: the probation (a year, extendable by 6–12 months), the same rule as the members' 转正.</summary>
    private static DateOnly CheckFull(DevelopmentFacts f, StepInput s, RuleSet rules, List<RuleBreach> breaches)
    {
        var joined = f.AdmittedOn ?? f.AppliedOn;
        var probation = MemberValidation.ProbationOf(joined, rules);
        if (s.On < probation.Earliest)
        {
            breaches.Add(new("on", "member.probationMonths",
                $"预备期为{MonthsText(probation.Months)}：{joined:yyyy-MM-dd} 入党，最早 {probation.Earliest:yyyy-MM-dd} 转正"));
        }
        else if (s.On > probation.Latest)
        {
            breaches.Add(new("on", "member.probationExtensionMonths",
                $"预备期最多延长{MonthsText(probation.ExtensionMonths)}：{joined:yyyy-MM-dd} 入党，最迟 {probation.Latest:yyyy-MM-dd} 转正；逾期应取消预备党员资格"));
        }

        return probation.Earliest;
    }

    /// <summary>League activist → member: three months (rule) and eight class hours (rule).</summary>
    private static DateOnly CheckLeagueMember(DevelopmentFacts f, StepInput s, RuleSet rules, List<RuleBreach> breaches)
    {
        var from = f.ActivistOn ?? f.AppliedOn;
        var months = rules.Int(OrgSystem.League, "development.activistMonths", from);
        var earliest = from.AddMonths(months);
        if (s.On < earliest)
        {
            breaches.Add(new("on", "development.activistMonths",
                $"入团积极分子须培养{MonthsText(months)}以上：{from:yyyy-MM-dd} 确定为积极分子，最早 {earliest:yyyy-MM-dd} 发展为团员"));
        }

        var hours = rules.Int(OrgSystem.League, "development.courseHours", from);
        if (s.CourseHours < hours)
        {
            breaches.Add(new("courseHours", "development.courseHours", $"入团积极分子须参加团课学习不少于 {hours} 个学时，现有 {s.CourseHours:0.#} 个学时"));
        }

        var vote = s.VoteOn ?? s.On;
        if (vote > s.On || vote < from)
        {
            breaches.Add(new("voteOn", "development.order", $"支部大会表决日期 {vote:yyyy-MM-dd} 应在 {from:yyyy-MM-dd} 至 {s.On:yyyy-MM-dd} 之间"));
        }

        return earliest;
    }

    /// <summary>The next step's due day (for lists and alerts): talk within a month of applying, approval within 3 months of
    /// a recorded vote,
    /// 转正 after the probation; null when nothing is due by rule.</summary>
    public static (string Step, DateOnly? DueOn) NextStep(DevelopmentFacts f, bool talkHeld, RuleSet rules) => (f.System, f.Stage) switch
    {
        (_, DevelopmentStage.Applicant) when !talkHeld =>
            ("谈话", f.AppliedOn.AddMonths(rules.Int(f.System, "development.talkMonths", f.AppliedOn))),
        (_, DevelopmentStage.Applicant) => ("确定为积极分子", null),
        (OrgSystem.Party, DevelopmentStage.Activist) =>
            ("列为发展对象", (f.ActivistOn ?? f.AppliedOn).AddMonths(rules.Int(OrgSystem.Party, "development.activistMonths", f.ActivistOn ?? f.AppliedOn))),
        (OrgSystem.Party, DevelopmentStage.Candidate) when f.AdmittedOn is { } vote =>
            ("上级党委审批", vote.AddMonths(rules.Int(OrgSystem.Party, "development.approvalAlertMonths", vote))),
        (OrgSystem.Party, DevelopmentStage.Candidate) => ("支部大会讨论接收预备党员", null),
        (OrgSystem.Party, DevelopmentStage.Probationary) => ("转正", MemberValidation.ProbationOf(f.AdmittedOn ?? f.AppliedOn, rules).Earliest),
        (OrgSystem.League, DevelopmentStage.Activist) =>
            ("发展为团员", (f.ActivistOn ?? f.AppliedOn).AddMonths(rules.Int(OrgSystem.League, "development.activistMonths", f.ActivistOn ?? f.AppliedOn))),
        _ => ("", null),
    };

    public static string StageName(OrgSystem system, DevelopmentStage stage) => stage switch
    {
        DevelopmentStage.Applicant => system == OrgSystem.Party ? "入党申请人" : "入团申请人",
        DevelopmentStage.Activist => system == OrgSystem.Party ? "入党积极分子" : "入团积极分子",
        DevelopmentStage.Candidate => "发展对象",
        DevelopmentStage.Probationary => "预备党员",
        DevelopmentStage.Full => "正式党员",
        DevelopmentStage.Member => "团员",
        _ => "已终止",
    };

    private static string MonthsText(int months) => months switch
    {
        12 => "一年",
        6 => "半年",
        3 => "三个月",
        _ => $" {months} 个月",
    };
}
