using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Development;

/// <summary>One person's development (发展党员 / 发展团员) in a branch, with every step kept.</summary>
public class DevelopmentRecord
{
    public const int NoteMaxLength = 500;

    private readonly List<DevelopmentStep> steps = [];
    private readonly List<DevelopmentContact> contacts = [];

    private DevelopmentRecord()
    {
    }

    /// <summary>A new applicant record (入党/入团申请).</summary>
    public DevelopmentRecord(OrgSystem system, long personId, string name, long orgId, string orgPath, DateOnly appliedOn,
        string by, DateTimeOffset at, long? recommendationId = null, string? note = null)
    {
        System = system;
        PersonId = personId;
        Name = name;
        OrgId = orgId;
        OrgPath = orgPath;
        Stage = DevelopmentStage.Applicant;
        AppliedOn = appliedOn;
        LastStepOn = appliedOn;
        RecommendationId = recommendationId;
        CreatedAt = at;
        UpdatedAt = at;
        steps.Add(new DevelopmentStep(DevelopmentStage.Applicant, appliedOn, note ?? (recommendationId is null ? "递交申请书" : "团组织推优"), by, at));
    }

    public long Id { get; init; }
    public OrgSystem System { get; private set; }
    public long PersonId { get; private set; }

    /// <summary>Copy of the person's name for lists.</summary>
    public string Name { get; private set; } = "";
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";
    public DevelopmentStage Stage { get; private set; }

    /// <summary>The stage before <c>closed</c> (for the counters and the history).</summary>
    public DevelopmentStage? ClosedFrom { get; private set; }
    public DateOnly AppliedOn { get; private set; }
    public DateOnly? TalkOn { get; private set; }
    public DateOnly? ActivistOn { get; private set; }
    public DateOnly? CandidateOn { get; private set; }

    /// <summary>The branch vote that admitted the person (the membership's joining day). Set on a candidate when the vote is
    /// recorded before the approval: the record then awaits the higher committee's approval (<see cref="ApprovedOn"/> null).</summary>
    public DateOnly? AdmittedOn { get; private set; }
    public DateOnly? ApprovedOn { get; private set; }
    public DateOnly? FullOn { get; private set; }
    public DateOnly? ClosedOn { get; private set; }
    public string? CloseReason { get; private set; }
    public decimal CourseHours { get; private set; }
    public long? MembershipId { get; private set; }

    /// <summary>The League membership that recommended the applicant (推优入党).</summary>
    public long? RecommendationId { get; private set; }
    public string? DevelopmentNumber { get; private set; }

    /// <summary>The day of the latest step (steps never go back in time).</summary>
    public DateOnly LastStepOn { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<DevelopmentStep> Steps => steps;
    public IReadOnlyList<DevelopmentContact> Contacts => contacts;

    /// <summary>What the rules read of the record.</summary>
    public DevelopmentFacts Facts => new(System, Stage, AppliedOn, ActivistOn, CandidateOn, AdmittedOn, LastStepOn == default ? AppliedOn : LastStepOn);

    /// <summary>409 once closed or finished.</summary>
    public void EnsureOpen()
    {
        if (Stage == DevelopmentStage.Closed)
        {
            throw DomainException.InvalidState("该发展记录已终止，不能再办理");
        }

        if (!DevelopmentRules.IsOpen(System, Stage))
        {
            throw DomainException.InvalidState($"该发展记录已完成（{DevelopmentRules.StageName(System, Stage)}），不能再推进");
        }
    }

    /// <summary>Takes a step the rules allowed (the caller checked <see cref="DevelopmentRules.Check"/>).</summary>
    public void Advance(StepInput s, string? note, string by, DateTimeOffset at, IReadOnlyList<(long PersonId, string Name)>? newContacts = null)
    {
        EnsureOpen();
        switch (s.To)
        {
            case DevelopmentStage.Activist:
                ActivistOn = s.On;
                break;
            case DevelopmentStage.Candidate:
                CandidateOn = s.On;
                contacts.Clear();
                contacts.AddRange((newContacts ?? []).Select(c => new DevelopmentContact(c.PersonId, c.Name)));
                break;
            case DevelopmentStage.Probationary:
            case DevelopmentStage.Member:
                AdmittedOn = s.VoteOn ?? AdmittedOn ?? s.On;
                ApprovedOn = s.ApprovedOn ?? s.On;
                break;
            case DevelopmentStage.Full:
                FullOn = s.On;
                break;
        }

        if (s.CourseHours > CourseHours)
        {
            CourseHours = s.CourseHours;
        }

        Stage = s.To;
        LastStepOn = s.On;
        UpdatedAt = at;
        steps.Add(new DevelopmentStep(s.To, s.On, note, by, at));
    }

    /// <summary>
    /// Records the branch vote (支部大会表决) on a candidate the rules allowed (<see cref="DevelopmentRules.CheckVote"/>): the
    /// record stays a candidate, awaiting the higher committee's approval, with <see cref="AdmittedOn"/> the vote day.
    /// </summary>
    public void RecordVote(DateOnly on, decimal courseHours, string? note, string by, DateTimeOffset at)
    {
        EnsureOpen();
        if (Stage != DevelopmentStage.Candidate || AdmittedOn is not null)
        {
            throw DomainException.InvalidState(AdmittedOn is { } v ? $"支部大会已于 {v:yyyy-MM-dd} 表决，待上级党委审批" : "只有发展对象才能由支部大会表决");
        }

        AdmittedOn = on;
        if (courseHours > CourseHours)
        {
            CourseHours = courseHours;
        }

        LastStepOn = on;
        UpdatedAt = at;
        steps.Add(new DevelopmentStep(DevelopmentStage.Candidate, on, note ?? "支部大会表决通过接收为预备党员，报上级党委审批", by, at));
    }

    /// <summary>Records the talk with the applicant (谈话).</summary>
    public void HoldTalk(DateOnly on) => TalkOn ??= on;

    /// <summary>Links the membership the admission created, with its development number.</summary>
    public void Admit(long membershipId, string developmentNumber)
    {
        MembershipId = membershipId;
        DevelopmentNumber = developmentNumber;
    }

    /// <summary>Closes the record (终止) with a reason; it stays in history.</summary>
    public void Close(DateOnly on, string reason, string by, DateTimeOffset at)
    {
        EnsureOpen();
        ClosedFrom = Stage;
        Stage = DevelopmentStage.Closed;
        ClosedOn = on;
        CloseReason = reason;
        LastStepOn = on;
        UpdatedAt = at;
        steps.Add(new DevelopmentStep(DevelopmentStage.Closed, on, reason, by, at));
    }

    /// <summary>Follows the branch after a merge.</summary>
    public void Rehome(long orgId, string orgPath)
    {
        OrgId = orgId;
        OrgPath = orgPath;
    }
}

/// <summary>One step of a record: the stage reached, its day, a note and who recorded it.</summary>
public class DevelopmentStep
{
    private DevelopmentStep()
    {
    }

    public DevelopmentStep(DevelopmentStage stage, DateOnly on, string? note, string by, DateTimeOffset at)
    {
        Stage = stage;
        On = on;
        Note = note;
        By = by;
        At = at;
    }

    public long Id { get; init; }
    public long RecordId { get; private set; }
    public DevelopmentStage Stage { get; private set; }
    public DateOnly On { get; private set; }
    public string? Note { get; private set; }
    public string By { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
}

/// <summary>A contact (培养联系人): a full party member of the branch.</summary>
public class DevelopmentContact
{
    private DevelopmentContact()
    {
    }

    public DevelopmentContact(long personId, string name)
    {
        PersonId = personId;
        Name = name;
    }

    public long Id { get; init; }
    public long RecordId { get; private set; }
    public long PersonId { get; private set; }
    public string Name { get; private set; } = "";
}

/// <summary>The per-branch tally a transition moves: <c>Year</c> 0 with key <c>stage:…</c> counts open records by stage;
/// a year with <c>admitted</c>, <c>recommended</c>, <c>admittedRecommended</c>, <c>closed</c> counts what happened then.</summary>
public class DevelopmentTally
{
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";
    public OrgSystem System { get; private set; }
    public int Year { get; private set; }
    public string Key { get; private set; } = "";
    public long Count { get; private set; }
}

/// <summary>The last sequence handed out per system and admission year (发展编号), locked for the increment.</summary>
public class DevelopmentNumberCounter
{
    public OrgSystem System { get; private set; }
    public int Year { get; private set; }
    public long Last { get; private set; }
}
