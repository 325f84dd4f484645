using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Meetings;

/// <summary>
/// Missing required meetings: for every active branch, each required type and each period that ended within the
/// look-back window (rule <c>meeting.alertLookbackMonths</c>), an alert unless a record of that period exists.
/// Branches are read in id batches, each with one grouped query of its records: memory stays bounded.
/// </summary>
public sealed class MeetingAlertSource(ZhijianDbContext db, RuleBook rules) : IAlertSource
{
    private const int Batch = 5000;

    public async Task<IReadOnlyList<AlertCondition>> ScanAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = ChinaTime.DateOf(now);
        var set = await rules.CurrentAsync(ct);
        var result = new List<AlertCondition>();
        foreach (var system in new[] { OrgSystem.Party, OrgSystem.League })
        {
            var due = DuePeriods(set, system, today);
            if (due.Count == 0)
            {
                continue;
            }

            var earliest = due.Min(x => x.Periods[0].Start);
            long after = 0;
            while (await NextBranchesAsync(system, after, ct) is { Count: > 0 } branches)
            {
                var (lo, hi) = (branches[0].Id, branches[^1].Id);
                after = hi;
                var heldKeys = await HeldKeysAsync(system, lo, hi, earliest, today, due, ct);
                var withGroups = (await db.Organizations.AsNoTracking()
                    .Where(o => o.Kind == OrgKind.Group && o.Status == OrgStatus.Active && o.ParentId >= lo && o.ParentId <= hi)
                    .Select(o => o.ParentId!.Value).Distinct().ToListAsync(ct)).ToHashSet();
                foreach (var b in branches)
                {
                    result.AddRange(Missing(b, due, heldKeys, withGroups));
                }
            }
        }

        return result;
    }

    private sealed record BranchRow(long Id, string ShortName, DateOnly? EstablishedOn, DateTimeOffset CreatedAt);

    private sealed record Due(MeetingType Type, List<Period> Periods);

    /// <summary>Each required type of the system with its periods that ended within the look-back window.</summary>
    private static List<Due> DuePeriods(RuleSet set, OrgSystem system, DateOnly today)
    {
        var lookback = set.Int(system, "meeting.alertLookbackMonths", today);
        var windowStart = today.AddMonths(-lookback);
        return MeetingTypes.Of(system)
            .Select(t => new Due(t, Period.EndedWithin(t.FrequencyOf(set, today), windowStart, today, today)
                .Where(p => p.End >= windowStart).ToList()))
            .Where(x => x.Periods.Count > 0)
            .ToList();
    }

    private Task<List<BranchRow>> NextBranchesAsync(OrgSystem system, long after, CancellationToken ct) =>
        db.Organizations.AsNoTracking()
            .Where(o => o.System == system && o.Kind == OrgKind.Branch && o.Status == OrgStatus.Active && o.Id > after)
            .OrderBy(o => o.Id).Take(Batch)
            .Select(o => new BranchRow(o.Id, o.ShortName, o.EstablishedOn, o.CreatedAt)).ToListAsync(ct);

    /// <summary>(branch, type, period key) of every recorded meeting of the branches lo..hi since the earliest due period.</summary>
    private async Task<HashSet<(long, string, string)>> HeldKeysAsync(OrgSystem system, long lo, long hi, DateOnly earliest,
        DateOnly today, List<Due> due, CancellationToken ct)
    {
        var held = await db.Set<Meeting>().AsNoTracking()
            .Where(m => m.BranchId >= lo && m.BranchId <= hi && m.System == system
                        && m.State == MeetingState.Recorded && m.HeldOn >= earliest && m.HeldOn < today)
            .Select(m => new { m.BranchId, m.Type, m.HeldOn }).Distinct().ToListAsync(ct);
        var heldKeys = new HashSet<(long, string, string)>();
        foreach (var m in held)
        {
            foreach (var d in due.Where(d => d.Type.Code == m.Type))
            {
                heldKeys.Add((m.BranchId, m.Type, Period.Containing(d.Periods[0].Frequency, m.HeldOn!.Value).Key));
            }
        }

        return heldKeys;
    }

    /// <summary>The periods of a branch (since it was established) without a record of a required type.</summary>
    private static IEnumerable<AlertCondition> Missing(BranchRow b, List<Due> due, HashSet<(long, string, string)> heldKeys,
        HashSet<long> withGroups)
    {
        var since = b.EstablishedOn ?? ChinaTime.DateOf(b.CreatedAt);
        foreach (var (type, periods) in due)
        {
            if (type.GroupMeeting && !withGroups.Contains(b.Id))
            {
                continue;
            }

            foreach (var p in periods.Where(p => p.Start >= since && !heldKeys.Contains((b.Id, type.Code, p.Key))))
            {
                yield return new AlertCondition(AlertType.MeetingMissing, b.Id, $"meeting:{b.Id}:{type.Code}:{p.Key}",
                    $"「{b.ShortName}」{p.Key} 未召开{type.Name}", p.End,
                    $"按规定{MeetingTypes.FrequencyName(p.Frequency)}召开{type.Name}，{p.Start:yyyy-MM-dd} 至 {p.End:yyyy-MM-dd} 未见会议记录");
            }
        }
    }
}
