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

    public long Id { get; set; }
    public long PersonId { get; set; }

    /// <summary>The membership whose branch answers the request; its current organization scopes it.</summary>
    public long MembershipId { get; set; }

    /// <summary>Field code from <see cref="CorrectionFields"/>.</summary>
    public string Field { get; set; } = "";
    public string ProposedValue { get; set; } = "";
    public string? Note { get; set; }
    public CorrectionState State { get; set; }
    public long? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public long? ClosedByUserId { get; set; }
    public string? ClosedByUserName { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ResolutionNote { get; set; }

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
