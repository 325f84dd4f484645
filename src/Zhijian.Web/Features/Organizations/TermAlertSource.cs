using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Organizations;

/// <summary>
/// Terms (换届): ending within the warning months (rule <c>term.warnMonths</c>) and overdue, from each organization's
/// term start and length (its own <c>termYears</c>, else the rule for its kind).
/// </summary>
public sealed class TermAlertSource(ZhijianDbContext db, RuleBook rules) : IAlertSource
{
    public async Task<IReadOnlyList<AlertCondition>> ScanAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = ChinaTime.DateOf(now);
        var set = await rules.CurrentAsync(ct);
        var maxWarn = Math.Max(set.Int(OrgSystem.Party, "term.warnMonths", today), set.Int(OrgSystem.League, "term.warnMonths", today));
        // Terms last at least a year: starts after this day cannot be within any warning window yet.
        var latestStart = today.AddMonths(maxWarn).AddYears(-1);
        var result = new List<AlertCondition>();
        await foreach (var o in db.Organizations.AsNoTracking()
                           .Where(o => o.Status == OrgStatus.Active && o.Kind != OrgKind.Group && o.TermStartedOn != null
                                       && o.TermStartedOn <= latestStart)
                           .Select(o => new { o.Id, o.System, o.Kind, o.ShortName, o.TermStartedOn, o.TermYears, o.TermExtendedMonths })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            var start = o.TermStartedOn!.Value;
            var key = o.Kind is OrgKind.Committee or OrgKind.WorkingCommittee ? "term.committee.years" : "term.branch.years";
            var years = o.TermYears ?? set.Int(o.System, key, start);
            var end = Age.TermEnd(start, years).AddMonths(o.TermExtendedMonths); // an approved extension (延期换届) moves the end
            var warn = set.Int(o.System, "term.warnMonths", today);
            if (today >= end)
            {
                result.Add(new AlertCondition(AlertType.TermOverdue, o.Id, $"term:{o.Id}:{end:yyyy-MM-dd}:overdue",
                    $"「{o.ShortName}」任期已于 {end:yyyy-MM-dd} 届满", end,
                    $"本届自 {start:yyyy-MM-dd} 起，任期 {years} 年，已届满，请及时换届"));
            }
            else if (today >= end.AddMonths(-warn))
            {
                result.Add(new AlertCondition(AlertType.TermEnding, o.Id, $"term:{o.Id}:{end:yyyy-MM-dd}:ending",
                    $"「{o.ShortName}」任期将于 {end:yyyy-MM-dd} 届满", end,
                    $"本届自 {start:yyyy-MM-dd} 起，任期 {years} 年，{warn} 个月内届满，请做好换届准备"));
            }
        }

        return result;
    }
}
