namespace Zhijian.Web.Shared;

// The alert centre's contract (Features/Alerts scans and stores; the features raise): below every feature, so that
// Organizations, Members, Meetings and Transfers can each feed the centre without depending on it.

/// <summary>Kinds of alert (自动报警提示); numbers are stored, never reused.</summary>
public enum AlertType
{
    /// <summary>A required meeting was not held in a period that has ended.</summary>
    MeetingMissing = 1,

    /// <summary>An organization's term ends within the warning months (换届提醒).</summary>
    TermEnding = 2,

    /// <summary>An organization's term has ended without a new one (换届逾期).</summary>
    TermOverdue = 3,

    /// <summary>A League member without a League post reaches 28 (超龄离团).</summary>
    LeagueAgeLimit = 4,

    /// <summary>Six months without dues, meetings or activity (自行脱团); waits for dues.</summary>
    LeagueLapsed = 5,

    /// <summary>A transfer step unanswered past 72 hours; raised by the transfers module's source.</summary>
    TransferOverdue = 6,

    /// <summary>A development step overdue by rule (talk, activist interval, probation without 转正); development's source.</summary>
    DevelopmentDue = 8,
    /// <summary>A dues line unpaid for the rule's months (党（团）费欠缴, rule dues.arrearsMonths); raised by the dues module's source.</summary>
    DuesArrears = 7,

    // Reserved for the contract-v2 modules (each adds its own with its source in its folder):
    // 7 duesArrears (dues) · 8 developmentDue (development) · 9–10 the yearly cycles (evaluation, registration, terms) ·
    // 11–12 notices, talks and the mailbox · 13–14 learning and libraries.
}

/// <summary>A condition a source found now; <see cref="SubjectKey"/> names the subject stably across scans.</summary>
public sealed record AlertCondition(AlertType Type, long OrgId, string SubjectKey, string Subject, DateOnly? DueOn, string Message);

/// <summary>
/// A source of alerts. Each is registered as <c>services.AddScoped&lt;IAlertSource, ...&gt;()</c>; the scan unions
/// them, opens alerts for new conditions and resolves open ones whose condition is gone.
/// </summary>
public interface IAlertSource
{
    Task<IReadOnlyList<AlertCondition>> ScanAsync(DateTimeOffset now, CancellationToken ct);
}
