using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Transfers;

/// <summary>Why a member moves (API.md "Transfers").</summary>
public enum TransferReason
{
    Study,
    Work,
    Graduation,
    Abroad,
    Military,
    Unemployed,
    Other,
}

/// <summary>
/// <c>pendingOut</c> (sending organization to approve) → <c>pendingIn</c> (receiving organization to accept,
/// or, for a destination outside the system, the letter's receipt to come back) → <c>completed</c>;
/// or <c>rejected</c>, <c>cancelled</c>.
/// </summary>
public enum TransferState
{
    PendingOut,
    PendingIn,
    Completed,
    Rejected,
    Cancelled,
}

/// <summary>Which step of the route a decision belongs to.</summary>
public enum TransferStepKind
{
    /// <summary>The applicant's own step (cancel).</summary>
    Application,

    /// <summary>The sending organization (转出).</summary>
    Sending,

    /// <summary>The receiving organization (转入).</summary>
    Receiving,

    /// <summary>The tear-off receipt (回执) of a letter for an outside destination.</summary>
    Receipt,
}

/// <summary>What was decided at a step.</summary>
public enum TransferDecision
{
    Approved,
    Accepted,
    Rejected,
    Cancelled,
    ReceiptRecorded,
}

/// <summary>Who may act on a transfer now: the side of the route the caller stands on.</summary>
[Flags]
public enum TransferSide
{
    None = 0,
    Sending = 1,
    Receiving = 2,
    Applicant = 4,
}

/// <summary>
/// One organizational relationship transfer (组织关系转接) of one membership. The entity guards its state
/// machine: each decision checks the state and the side, records the step with the hours it took
/// against the 72-hour rule, and sets the next step's due time.
/// </summary>
public class Transfer
{
    public const int NoteMaxLength = 500;
    public const int OutsideNameMaxLength = 100;
    public const int OutsideContactMaxLength = 100;

    private Transfer()
    {
    }

    /// <summary>Assigned by the database; unit tests of the letter serial set it (internal).</summary>
    public long Id { get; internal set; }
    public long MembershipId { get; private set; }
    public long PersonId { get; private set; }
    public OrgSystem System { get; private set; }

    /// <summary>The member's branch when the transfer was applied for (the sending organization).</summary>
    public long FromOrgId { get; private set; }

    /// <summary>The receiving organization inside the system; null for an outside destination.</summary>
    public long? ToOrgId { get; private set; }

    /// <summary>Name of the outside organization (another unit's Party/League organization not kept here).</summary>
    public string? OutsideOrgName { get; private set; }
    public string? OutsideContact { get; private set; }
    public TransferReason Reason { get; private set; }
    public string? Note { get; private set; }
    public TransferState State { get; private set; }

    /// <summary>The organization that must act now (sending org while <c>pendingOut</c>, receiving org or, for a letter, the sending org while <c>pendingIn</c>).</summary>
    public long? AwaitingOrgId { get; private set; }

    /// <summary>When the current step started (the previous step's time).</summary>
    public DateTimeOffset StepStartedAt { get; private set; }

    /// <summary>When the current step is due; null once closed.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    /// <summary>The branch the receiving side placed the member in.</summary>
    public long? PlacedOrgId { get; private set; }
    public long? ApplicantUserId { get; private set; }
    public string ApplicantName { get; private set; } = "";

    /// <summary>True when the member applied from <c>/me</c>.</summary>
    public bool AppliedByMember { get; private set; }
    public long? BatchId { get; private set; }
    public string? LetterSerial { get; private set; }
    public DateOnly? LetterValidUntil { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsOutside => ToOrgId is null;

    public bool IsOpen => State is TransferState.PendingOut or TransferState.PendingIn;

    /// <summary>The states in which a transfer is open (one per membership).</summary>
    public static readonly TransferState[] OpenStates = [TransferState.PendingOut, TransferState.PendingIn];

    /// <summary>A new application: the sending organization must approve within <paramref name="responseHours"/>.</summary>
    public static Transfer Apply(long membershipId, long personId, OrgSystem system, long fromOrgId, long? toOrgId,
        string? outsideName, string? outsideContact, TransferReason reason, string? note, DateTimeOffset at,
        int responseHours, long? applicantUserId, string applicantName, bool byMember) => new()
        {
            MembershipId = membershipId,
            PersonId = personId,
            System = system,
            FromOrgId = fromOrgId,
            ToOrgId = toOrgId,
            OutsideOrgName = outsideName,
            OutsideContact = outsideContact,
            Reason = reason,
            Note = note,
            State = TransferState.PendingOut,
            AwaitingOrgId = fromOrgId,
            StepStartedAt = at,
            DueAt = TransferClock.Due(at, responseHours),
            ApplicantUserId = applicantUserId,
            ApplicantName = applicantName,
            AppliedByMember = byMember,
            CreatedAt = at,
            UpdatedAt = at,
        };

    /// <summary>The sending organization approves. Inside the system the receiving organization has the next step;
    /// for an outside destination a letter is issued, valid for <paramref name="letterValidDays"/>.</summary>
    public TransferStep Approve(TransferSide side, DateTimeOffset at, string? note, int responseHours, int letterValidDays)
    {
        Require(TransferState.PendingOut, "只有待转出审批的转接可以审批");
        RequireSide(side, TransferSide.Sending, "应由转出组织审批");
        var step = Step(TransferStepKind.Sending, FromOrgId, TransferDecision.Approved, at, note);
        State = TransferState.PendingIn;
        StepStartedAt = at;
        if (IsOutside)
        {
            LetterSerial = $"ZJ{ChinaTime.DateOf(at).Year}-{Id:D7}";
            LetterValidUntil = ChinaTime.DateOf(at).AddDays(letterValidDays);
            AwaitingOrgId = FromOrgId;
            DueAt = TransferClock.EndOfShanghaiDay(LetterValidUntil.Value);
        }
        else
        {
            AwaitingOrgId = ToOrgId;
            DueAt = TransferClock.Due(at, responseHours);
        }

        UpdatedAt = at;
        return step;
    }

    /// <summary>
    /// The branch an accepted transfer placed the member in, once the receiving side's choice is checked (the service
    /// checks it after <see cref="Accept"/> so that a wrong state answers 409 before a wrong branch answers 400).
    /// </summary>
    public void PlaceIn(long branchId)
    {
        if (State != TransferState.Completed || IsOutside)
        {
            throw DomainException.InvalidState("只有已接收的系统内转接可以编入支部");
        }

        PlacedOrgId = branchId;
    }

    /// <summary>The receiving organization accepts and places the member in <paramref name="branchId"/>.</summary>
    public TransferStep Accept(TransferSide side, DateTimeOffset at, string? note, long branchId)
    {
        Require(TransferState.PendingIn, State == TransferState.PendingOut ? "转出组织尚未审批，不能接收" : "只有待接收的转接可以接收");
        if (IsOutside)
        {
            throw DomainException.InvalidState("转往系统外组织的转接以回执办结，不能接收");
        }

        RequireSide(side, TransferSide.Receiving, "应由转入组织接收");
        var step = Step(TransferStepKind.Receiving, ToOrgId!.Value, TransferDecision.Accepted, at, note);
        PlacedOrgId = branchId;
        Close(TransferState.Completed, at);
        return step;
    }

    /// <summary>The sending organization records the tear-off receipt of the letter.</summary>
    public TransferStep RecordReceipt(TransferSide side, DateTimeOffset at, string? note)
    {
        Require(TransferState.PendingIn, "只有已开具介绍信、等待回执的转接可以登记回执");
        if (!IsOutside)
        {
            throw DomainException.InvalidState("系统内的转接由转入组织接收，无需回执");
        }

        RequireSide(side, TransferSide.Sending, "回执应由转出组织登记");
        var step = Step(TransferStepKind.Receipt, FromOrgId, TransferDecision.ReceiptRecorded, at, note);
        Close(TransferState.Completed, at);
        return step;
    }

    /// <summary>The side whose turn it is refuses, with a required note.</summary>
    public TransferStep Reject(TransferSide side, DateTimeOffset at, string? note)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            throw DomainException.Validation("note", "退回须填写理由");
        }

        TransferStep step;
        if (State == TransferState.PendingOut)
        {
            RequireSide(side, TransferSide.Sending, "待转出审批的转接应由转出组织退回");
            step = Step(TransferStepKind.Sending, FromOrgId, TransferDecision.Rejected, at, note);
        }
        else if (State == TransferState.PendingIn && !IsOutside)
        {
            RequireSide(side, TransferSide.Receiving, "待接收的转接应由转入组织退回");
            step = Step(TransferStepKind.Receiving, ToOrgId!.Value, TransferDecision.Rejected, at, note);
        }
        else
        {
            throw DomainException.InvalidState(IsOpen ? "已开具介绍信的转接不能退回，可由申请人撤销" : "该转接已办结，不能退回");
        }

        Close(TransferState.Rejected, at);
        return step;
    }

    /// <summary>The applicant (or the sending organization on the applicant's behalf) withdraws before completion.</summary>
    public TransferStep Cancel(TransferSide side, DateTimeOffset at, string? note)
    {
        if (!IsOpen)
        {
            throw DomainException.InvalidState("该转接已办结，不能撤销");
        }

        RequireSide(side, TransferSide.Applicant | TransferSide.Sending, "只有申请人或转出组织可以撤销");
        var step = Step(TransferStepKind.Application, FromOrgId, TransferDecision.Cancelled, at, note);
        Close(TransferState.Cancelled, at);
        return step;
    }

    private TransferStep Step(TransferStepKind kind, long orgId, TransferDecision decision, DateTimeOffset at, string? note)
    {
        var hours = Math.Round((at - StepStartedAt).TotalHours, 2);
        var counted = kind is TransferStepKind.Sending or TransferStepKind.Receiving;
        return new TransferStep
        {
            TransferId = Id,
            Step = kind,
            OrgId = orgId,
            Decision = decision,
            DecidedAt = at,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            HoursTaken = counted ? Math.Max(0, hours) : null,
            DueAt = counted ? DueAt : null,
            OnTime = counted ? DueAt is null || at <= DueAt : null,
        };
    }

    private void Close(TransferState state, DateTimeOffset at)
    {
        State = state;
        AwaitingOrgId = null;
        DueAt = null;
        ClosedAt = at;
        UpdatedAt = at;
    }

    private void Require(TransferState expected, string message)
    {
        if (State != expected)
        {
            throw DomainException.InvalidState(IsOpen ? message : "该转接已办结（" + TransferNames.State(State) + "），不能再处理");
        }
    }

    private static void RequireSide(TransferSide caller, TransferSide allowed, string message)
    {
        if ((caller & allowed) == 0)
        {
            throw DomainException.Forbidden(message);
        }
    }
}

/// <summary>One decision on a transfer, with the hours it took and whether it met its due time.</summary>
public class TransferStep
{
    public long Id { get; set; }
    public long TransferId { get; set; }
    public TransferStepKind Step { get; set; }
    public long OrgId { get; set; }
    public TransferDecision Decision { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public string? Note { get; set; }

    /// <summary>Hours from the previous step; only for the organizations' steps (sending, receiving), which the 72-hour rule measures.</summary>
    public double? HoursTaken { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public bool? OnTime { get; set; }
    public string UserName { get; set; } = "";
}

/// <summary>Due times and the Asia/Shanghai calendar the rules and weeks are counted in.</summary>
public static class TransferClock
{
    /// <summary>A step started at <paramref name="from"/> is due <paramref name="hours"/> later (elapsed hours, not working days).</summary>
    public static DateTimeOffset Due(DateTimeOffset from, int hours) => from.ToUniversalTime().AddHours(hours);

    /// <summary>The first instant of a Shanghai day.</summary>
    public static DateTimeOffset StartOfShanghaiDay(DateOnly day) => ChinaTime.StartOfDay(day);

    /// <summary>The last instant of a Shanghai day (a letter is valid through its last day).</summary>
    public static DateTimeOffset EndOfShanghaiDay(DateOnly day) => StartOfShanghaiDay(day.AddDays(1)).AddTicks(-TimeSpan.TicksPerMillisecond);

    /// <summary>Monday of the Shanghai week that contains <paramref name="day"/>.</summary>
    public static DateOnly WeekStart(DateOnly day) => ChinaTime.WeekStart(day);
}
