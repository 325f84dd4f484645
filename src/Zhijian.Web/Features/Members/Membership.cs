using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Members;

/// <summary>Stage of a membership: party <c>probationary</c>/<c>full</c>, league <c>member</c>.</summary>
public enum MemberStage
{
    Probationary,
    Full,
    Member,
}

/// <summary>State of a membership; only <c>ended</c> ones are out of the counts.</summary>
public enum MemberState
{
    Active,
    Flowing,
    Lost,
    Ended,
}

/// <summary>Why a membership ended.</summary>
public enum EndReason
{
    TransferredOut,
    Left,
    AgedOut,
    Expelled,
    Deceased,
}

/// <summary>A person's membership of one branch of one system.</summary>
public class Membership
{
    private long personId;

    private Membership()
    {
    }

    /// <summary>A new active membership in a branch (set <see cref="Person"/> or <see cref="PersonId"/> in the initializer).</summary>
    public Membership(OrgSystem system, long orgId, string orgPath, MemberStage stage, DateOnly? joinedOn, string sortName,
        DateTimeOffset at, long? groupId = null, DateOnly? fullOn = null, string? developmentNumber = null)
    {
        System = system;
        OrgId = orgId;
        OrgPath = orgPath;
        GroupId = groupId;
        Stage = stage;
        State = MemberState.Active;
        JoinedOn = joinedOn;
        FullOn = fullOn;
        DevelopmentNumber = developmentNumber;
        SortName = sortName;
        CreatedAt = at;
        UpdatedAt = at;
    }

    public long Id { get; init; }
    public long PersonId { get => personId; init => personId = value; }
    public OrgSystem System { get; private set; }
    public long OrgId { get; private set; }

    /// <summary>The branch's path, denormalized so that subtree queries need no join.</summary>
    public string OrgPath { get; private set; } = "";
    public long? GroupId { get; private set; }
    public MemberStage Stage { get; private set; }
    public MemberState State { get; private set; }
    public DateOnly? JoinedOn { get; private set; }
    public DateOnly? FullOn { get; private set; }
    public string? DevelopmentNumber { get; private set; }
    public DateOnly? EndedOn { get; private set; }
    public EndReason? EndReason { get; private set; }

    /// <summary>Copy of the person's name for sorted subtree lists without a join.</summary>
    public string SortName { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public Person? Person { get; init; }

    /// <summary>An ended record is history: it cannot change any more (409).</summary>
    public void EnsureNotEnded()
    {
        if (State == MemberState.Ended)
        {
            throw DomainException.InvalidState("该党（团）员的记录已结束，只能查看历史");
        }
    }

    /// <summary>Ends the membership (出党、离团、超龄离团…); it stays in history.</summary>
    public void End(DateOnly on, EndReason reason, DateTimeOffset at)
    {
        EnsureNotEnded();
        State = MemberState.Ended;
        EndedOn = on;
        EndReason = reason;
        UpdatedAt = at;
    }

    /// <summary>Changes the stage (转正: probationary → full, or a correction of the stage); the caller moves the counters.</summary>
    public void ChangeStage(MemberStage stage)
    {
        EnsureNotEnded();
        Stage = stage;
    }

    /// <summary>Corrects the day of joining and the day of becoming a full member.</summary>
    public void CorrectDates(DateOnly? joinedOn, DateOnly? fullOn)
    {
        EnsureNotEnded();
        JoinedOn = joinedOn;
        FullOn = fullOn;
    }

    /// <summary>Sets the development number (团员编号); blank clears it.</summary>
    public void Renumber(string? developmentNumber)
    {
        EnsureNotEnded();
        DevelopmentNumber = string.IsNullOrWhiteSpace(developmentNumber) ? null : developmentNumber.Trim();
    }

    /// <summary>Places the member in a group of the branch (党小组/团小组).</summary>
    public void PlaceInGroup(long? groupId)
    {
        EnsureNotEnded();
        GroupId = groupId;
    }

    /// <summary>Marks the member active, flowing (流动) or lost (失联); ending goes through <see cref="End"/>.</summary>
    public void ChangeState(MemberState state)
    {
        EnsureNotEnded();
        if (state == MemberState.Ended)
        {
            throw DomainException.InvalidState("结束党（团）籍请使用“出党/离团”操作");
        }

        State = state;
    }

    /// <summary>Follows the person's name (kept here for sorted lists).</summary>
    public void Rename(string sortName) => SortName = sortName;

    /// <summary>Links the membership to its person once the person's id is known (bulk inserts write persons first).</summary>
    public void LinkPerson(long id) => personId = id;

    /// <summary>Records the time of a change.</summary>
    public void Touch(DateTimeOffset at) => UpdatedAt = at;
}
