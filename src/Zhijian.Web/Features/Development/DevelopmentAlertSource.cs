using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Development;

/// <summary>
/// <c>developmentDue</c>: a next step overdue by rule — a talk not held within a month of applying, an activist past the
/// interval without becoming a candidate (party) or member (League), a branch vote awaiting the higher committee's approval
/// past <c>development.approvalAlertMonths</c>, a probationary member past the probation year without 转正. Candidates are selected in SQL with the rules in force today, then checked exactly.
/// </summary>
public sealed class DevelopmentAlertSource(ZhijianDbContext db, RuleBook rules) : IAlertSource
{
    private const int Limit = 50_000;

    public async Task<IReadOnlyList<AlertCondition>> ScanAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = ChinaTime.DateOf(now);
        var set = await rules.CurrentAsync(ct);
        var (p, l) = (OrgSystem.Party, OrgSystem.League);
        var talk = today.AddMonths(-Math.Min(set.Int(p, "development.talkMonths", today), set.Int(l, "development.talkMonths", today)));
        var activist = today.AddMonths(-Math.Min(set.Int(p, "development.activistMonths", today), set.Int(l, "development.activistMonths", today)));
        var probation = today.AddMonths(-set.Int(p, "member.probationMonths", today));
        var approval = today.AddMonths(-set.Int(p, "development.approvalAlertMonths", today));
        var rows = await db.Set<DevelopmentRecord>().AsNoTracking()
            .Where(r => (r.Stage == DevelopmentStage.Applicant && r.TalkOn == null && r.AppliedOn < talk)
                        || (r.Stage == DevelopmentStage.Activist && r.ActivistOn < activist)
                        || (r.Stage == DevelopmentStage.Probationary && r.AdmittedOn < probation)
                        || (r.Stage == DevelopmentStage.Candidate && r.AdmittedOn != null && r.AdmittedOn < approval))
            .OrderBy(r => r.Id).Take(Limit).ToListAsync(ct);
        var result = new List<AlertCondition>();
        foreach (var r in rows)
        {
            var (step, due) = DevelopmentRules.NextStep(r.Facts, r.TalkOn is not null, set);
            if (due is { } d && d < today)
            {
                result.Add(new AlertCondition(AlertType.DevelopmentDue, r.OrgId, $"development:{r.Id}:{r.Stage}", r.Name, d,
                    $"{r.Name}（{DevelopmentRules.StageName(r.System, r.Stage)}）应于 {d:yyyy-MM-dd} 前{step}，已逾期 {today.DayNumber - d.DayNumber} 天"));
            }
        }

        return result;
    }
}
