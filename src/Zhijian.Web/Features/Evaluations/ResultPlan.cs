using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Evaluations;

/// <summary>
/// The checked content of <c>PUT /evaluations/{id}/results</c>: every member id in the snapshot, no member twice, at most
/// the 30% of 优秀, attendance more than 2/3, follow-ups only on unqualified party members. All errors at once, by field.
/// </summary>
public sealed record ResultPlan(HashSet<long> Attending, Dictionary<long, GradeLine> Lines)
{
    public static async Task<ResultPlan> CheckAsync(Evaluation e, IReadOnlyList<EvaluationEntry> entries,
        EvaluationResultsRequest r, RuleSet rules, DateOnly today, CancellationToken ct, Func<long, Task<bool>> meetingOfBranch)
    {
        var on = new DateOnly(e.Year, 12, 31) < today ? new DateOnly(e.Year, 12, 31) : today;
        var members = entries.Select(x => x.MembershipId).ToHashSet();
        var errors = new Dictionary<string, string[]>();
        var attendance = r.Attendance ?? [];
        var results = r.Results ?? [];
        var strangers = attendance.Concat(results.Select(l => l.MemberId)).Where(id => !members.Contains(id)).Distinct().ToList();
        if (strangers.Count > 0)
        {
            errors["results"] = [$"以下人员不是本次评议的参评成员：{string.Join("、", strangers)}"];
        }
        else if (results.GroupBy(l => l.MemberId).Any(g => g.Count() > 1))
        {
            errors["results"] = ["同一成员只能有一个评议等次"];
        }
        else if (results.Any(l => l.Grade is null))
        {
            errors["results"] = ["请为每一行填写等次：excellent、qualified、basicallyQualified 或 unqualified"];
        }

        var max = EvaluationRules.MaxExcellent(e.Members, EvaluationRules.ExcellentShare(rules, e.System, on));
        var excellent = results.Count(l => l.Grade == Grade.Excellent);
        if (!errors.ContainsKey("results") && excellent > max)
        {
            errors["results"] = [$"优秀 {excellent} 人，超过本支部 {e.Members} 人的 30%（最多 {max} 人，不足 1 人的部分不计）"];
        }

        var attending = attendance.ToHashSet();
        var quorum = EvaluationRules.Quorum(rules, e.System, on);
        if (!EvaluationRules.QuorumMet(attending.Count, e.Members, quorum) && e.Members > 0)
        {
            errors["attendance"] = [$"到会 {attending.Count} 人，须超过 {e.Members} 人的三分之二（至少 {EvaluationRules.MinAttendance(e.Members, quorum)} 人）"];
        }

        CheckFollowUps(e, results, errors);
        if (r.MeetingId is { } meetingId && !await meetingOfBranch(meetingId))
        {
            errors["meetingId"] = ["会议不存在或不是本支部的会议"];
        }

        return errors.Count > 0
            ? throw DomainException.Validation(errors)
            : new ResultPlan(attending, results.ToDictionary(l => l.MemberId));
    }

    private static void CheckFollowUps(Evaluation e, IReadOnlyList<GradeLine> results, Dictionary<string, string[]> errors)
    {
        if (results.Any(l => l.FollowUp is not null && (l.Grade != Grade.Unqualified || e.Kind != EvaluationKind.PartyDemocratic)))
        {
            errors["followUp"] = ["处置结果（限期改正、劝退、除名）只用于民主评议中评为不合格的党员"];
        }
        else if (results.Any(l => (l.FollowUpNote?.Length ?? 0) > EvaluationEntry.NoteMaxLength))
        {
            errors["followUpNote"] = [$"处置说明不能超过 {EvaluationEntry.NoteMaxLength} 字"];
        }
    }
}
