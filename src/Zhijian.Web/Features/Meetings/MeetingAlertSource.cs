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
            var lookback = set.Int(system, "meeting.alertLookbackMonths", today);
            var windowStart = today.AddMonths(-lookback);
            var due = MeetingTypes.Of(system)
                .Select(t => (Type: t, Periods: Period.EndedWithin(t.FrequencyOf(set, today), windowStart, today, today)
                    .Where(p => p.End >= windowStart).ToList()))
                .Where(x => x.Periods.Count > 0)
                .ToList();
            if (due.Count == 0)
            {
                continue;
            }

            var earliest = due.Min(x => x.Periods[0].Start);
            long after = 0;
            while (true)
            {
                var branches = await db.Organizations.AsNoTracking()
                    .Where(o => o.System == system && o.Kind == OrgKind.Branch && o.Status == OrgStatus.Active && o.Id > after)
                    .OrderBy(o => o.Id).Take(Batch)
                    .Select(o => new { o.Id, o.ShortName, o.EstablishedOn, o.CreatedAt }).ToListAsync(ct);
                if (branches.Count == 0)
                {
                    break;
                }

                var (lo, hi) = (branches[0].Id, branches[^1].Id);
                after = hi;
                var held = (await db.Set<Meeting>().AsNoTracking()
                        .Where(m => m.BranchId >= lo && m.BranchId <= hi && m.System == system
                                    && m.State == MeetingState.Recorded && m.HeldOn >= earliest && m.HeldOn < today)
                        .Select(m => new { m.BranchId, m.Type, m.HeldOn }).Distinct().ToListAsync(ct))
                    .Select(m => (m.BranchId, m.Type, m.HeldOn!.Value)).ToList();
                var heldKeys = new HashSet<(long, string, string)>();
                foreach (var (branchId, type, day) in held)
                {
                    foreach (var (t, periods) in due.Where(d => d.Type.Code == type))
                    {
                        heldKeys.Add((branchId, type, Period.Containing(periods[0].Frequency, day).Key));
                    }
                }

                var withGroups = (await db.Organizations.AsNoTracking()
                    .Where(o => o.Kind == OrgKind.Group && o.Status == OrgStatus.Active && o.ParentId >= lo && o.ParentId <= hi)
                    .Select(o => o.ParentId!.Value).Distinct().ToListAsync(ct)).ToHashSet();

                foreach (var b in branches)
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
                            result.Add(new AlertCondition(AlertType.MeetingMissing, b.Id, $"meeting:{b.Id}:{type.Code}:{p.Key}",
                                $"「{b.ShortName}」{p.Key} 未召开{type.Name}", p.End,
                                $"按规定{MeetingTypes.FrequencyName(p.Frequency)}召开{type.Name}，{p.Start:yyyy-MM-dd} 至 {p.End:yyyy-MM-dd} 未见会议记录"));
                        }
                    }
                }
            }
        }

        return result;
    }
}
