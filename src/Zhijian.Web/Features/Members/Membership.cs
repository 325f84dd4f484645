using Zhijian.Web.Features.Organizations;

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
    public long Id { get; set; }
    public long PersonId { get; set; }
    public OrgSystem System { get; set; }
    public long OrgId { get; set; }

    /// <summary>The branch's path, denormalized so that subtree queries need no join.</summary>
    public string OrgPath { get; set; } = "";
    public long? GroupId { get; set; }
    public MemberStage Stage { get; set; }
    public MemberState State { get; set; }
    public DateOnly? JoinedOn { get; set; }
    public DateOnly? FullOn { get; set; }
    public string? DevelopmentNumber { get; set; }
    public DateOnly? EndedOn { get; set; }
    public EndReason? EndReason { get; set; }

    /// <summary>Copy of the person's name for sorted subtree lists without a join.</summary>
    public string SortName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public Person? Person { get; set; }
}
