using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Corrections;

/// <summary>Where a correction request stands.</summary>
public enum CorrectionState
{
    Open,
    Resolved,
    Rejected,
}

/// <summary>
/// A member's report that a field of their record is wrong (报告错误/申请更正), addressed to the branch
/// of the membership it names. Resolving it changes nothing by itself: the branch edits the record through
/// the member form, then marks the request resolved.
/// </summary>
public class CorrectionRequest
{
    public const int ValueMaxLength = 200;
    public const int NoteMaxLength = 1000;

    public long Id { get; init; }
    public long PersonId { get; init; }

    /// <summary>The membership whose branch answers the request; its current organization scopes it.</summary>
    public long MembershipId { get; init; }

    /// <summary>Field code from <see cref="CorrectionFields"/>.</summary>
    public string Field { get; init; } = "";
    public string ProposedValue { get; init; } = "";
    public string? Note { get; init; }
    public CorrectionState State { get; private set; }
    public long? CreatedByUserId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public long? ClosedByUserId { get; private set; }
    public string? ClosedByUserName { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public string? ResolutionNote { get; private set; }

    /// <summary>Marks the request as dealt with (the record was edited, or needed no change).</summary>
    public void Resolve(IActor by, DateTimeOffset at, string note) => Close(CorrectionState.Resolved, by, at, note);

    /// <summary>Declines the request with the reason the member will read.</summary>
    public void Reject(IActor by, DateTimeOffset at, string note) => Close(CorrectionState.Rejected, by, at, note);

    private void Close(CorrectionState to, IActor by, DateTimeOffset at, string note)
    {
        if (State != CorrectionState.Open)
        {
            throw DomainException.InvalidState(State == CorrectionState.Resolved ? "该更正申请已处理" : "该更正申请已驳回");
        }

        State = to;
        ClosedByUserId = by.UserId;
        ClosedByUserName = by.UserName;
        ClosedAt = at;
        ResolutionNote = note;
    }
}
