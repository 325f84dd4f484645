using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Evaluations;

/// <summary>Which yearly evaluation: 团员教育评议 (League) or 民主评议党员 (party).</summary>
public enum EvaluationKind
{
    LeagueEducation,
    PartyDemocratic,
}

/// <summary>An evaluation is open while results are recorded; closing locks it.</summary>
public enum EvaluationState
{
    Open,
    Closed,
}

/// <summary>The four grades (优秀, 合格, 基本合格, 不合格).</summary>
public enum Grade
{
    Excellent,
    Qualified,
    BasicallyQualified,
    Unqualified,
}

/// <summary>The follow-up decision for an unqualified party member (限期改正, 劝退, 除名): recorded, never applied to the membership.</summary>
public enum FollowUp
{
    Rectify,
    PersuadeToLeave,
    Remove,
}

/// <summary>A branch's evaluation campaign of one year: the members at the time, attendance and grades.</summary>
public class Evaluation
{
    private Evaluation()
    {
    }

    public Evaluation(long orgId, string orgPath, OrgSystem system, int year, EvaluationKind kind, int members,
        DateTimeOffset at, string by)
    {
        OrgId = orgId;
        OrgPath = orgPath;
        System = system;
        Year = year;
        Kind = kind;
        Members = members;
        State = EvaluationState.Open;
        CreatedAt = at;
        CreatedBy = by;
    }

    public long Id { get; init; }
    public long OrgId { get; private set; }

    /// <summary>The branch's path, denormalized for subtree lists (follows moves).</summary>
    public string OrgPath { get; private set; } = "";
    public OrgSystem System { get; private set; }
    public int Year { get; private set; }
    public EvaluationKind Kind { get; private set; }
    public EvaluationState State { get; private set; }

    /// <summary>Members in the snapshot: the base of the 30% and 2/3 rules.</summary>
    public int Members { get; private set; }

    /// <summary>The 三会一课 meeting that held it, when recorded there.</summary>
    public long? MeetingId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Results change only while open (409 after closing).</summary>
    public void EnsureOpen()
    {
        if (State != EvaluationState.Open)
        {
            throw DomainException.InvalidState("评议已结束，结果不能再修改");
        }
    }

    /// <summary>Links the meeting that held the evaluation.</summary>
    public void LinkMeeting(long? meetingId)
    {
        EnsureOpen();
        MeetingId = meetingId;
    }

    /// <summary>Closes it: the grades are final.</summary>
    public void Close(DateTimeOffset at)
    {
        EnsureOpen();
        State = EvaluationState.Closed;
        ClosedAt = at;
    }

    /// <summary>Follows a moved subtree.</summary>
    public void Relocate(string path) => OrgPath = path;
}

/// <summary>One member of an evaluation's snapshot with attendance, grade and (unqualified party members) the follow-up.</summary>
public class EvaluationEntry
{
    public const int NoteMaxLength = 200;

    private EvaluationEntry()
    {
    }

    public EvaluationEntry(long evaluationId, long membershipId, long personId, string name)
    {
        EvaluationId = evaluationId;
        MembershipId = membershipId;
        PersonId = personId;
        Name = name;
    }

    public long Id { get; init; }
    public long EvaluationId { get; private set; }
    public long MembershipId { get; private set; }
    public long PersonId { get; private set; }
    public string Name { get; private set; } = "";
    public bool Attended { get; private set; }
    public Grade? Grade { get; private set; }
    public FollowUp? FollowUp { get; private set; }
    public string? FollowUpNote { get; private set; }

    /// <summary>Sets attendance and grade; a follow-up is kept only for an unqualified grade.</summary>
    public void Record(bool attended, Grade? grade, FollowUp? followUp, string? note)
    {
        Attended = attended;
        Grade = grade;
        FollowUp = grade == Evaluations.Grade.Unqualified ? followUp : null;
        FollowUpNote = FollowUp is null ? null : note;
    }
}

/// <summary>A member registered (团籍注册) for a year.</summary>
public class Registration
{
    private Registration()
    {
    }

    public Registration(long orgId, string orgPath, int year, long membershipId, long personId, long? evaluationId, DateTimeOffset at)
    {
        OrgId = orgId;
        OrgPath = orgPath;
        Year = year;
        MembershipId = membershipId;
        PersonId = personId;
        EvaluationId = evaluationId;
        RegisteredAt = at;
    }

    public long Id { get; init; }
    public long OrgId { get; private set; }
    public string OrgPath { get; private set; } = "";
    public int Year { get; private set; }
    public long MembershipId { get; private set; }
    public long PersonId { get; private set; }
    public long? EvaluationId { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
}

/// <summary>
/// A branch's registration figures of a year (members, registered), rewritten by each registration run: the statistics of
/// any subtree sum these rows by path range instead of counting millions of registrations.
/// </summary>
public class RegistrationTally
{
    private RegistrationTally()
    {
    }

    public RegistrationTally(long orgId, int year, string orgPath)
    {
        OrgId = orgId;
        Year = year;
        OrgPath = orgPath;
    }

    public long OrgId { get; private set; }
    public int Year { get; private set; }
    public string OrgPath { get; private set; } = "";
    public int Members { get; private set; }
    public int Registered { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Set(int members, int registered, DateTimeOffset at)
    {
        Members = members;
        Registered = registered;
        UpdatedAt = at;
    }
}
