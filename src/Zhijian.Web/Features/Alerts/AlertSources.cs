using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Meetings;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Alerts;

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
                           .Select(o => new { o.Id, o.System, o.Kind, o.ShortName, o.TermStartedOn, o.TermYears })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            var start = o.TermStartedOn!.Value;
            var key = o.Kind is OrgKind.Committee or OrgKind.WorkingCommittee ? "term.committee.years" : "term.branch.years";
            var years = o.TermYears ?? set.Int(o.System, key, start);
            var end = MeetingRules.TermEnd(start, years);
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

/// <summary>
/// League members reaching the leaving age (rule <c>member.leaveAge</c>, 28) within <c>member.ageAlertDays</c> or past it
/// and still on the rolls, unless they hold a League post. 自行脱团 (six months without dues, meetings or activity)
/// is not raised yet: it needs the dues module; it will be a source of its own.
/// </summary>
public sealed class LeagueAgeAlertSource(ZhijianDbContext db, RuleBook rules) : IAlertSource
{
    public async Task<IReadOnlyList<AlertCondition>> ScanAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = ChinaTime.DateOf(now);
        var set = await rules.CurrentAsync(ct);
        var age = set.Int(OrgSystem.League, "member.leaveAge", today);
        var days = set.Int(OrgSystem.League, "member.ageAlertDays", today);
        var horizon = today.AddDays(days);
        var bornBy = horizon.AddYears(-age).AddDays(1);
        var result = new List<AlertCondition>();
        var posts = from p in db.Positions
                    join o in db.Organizations on p.OrgId equals o.Id
                    where p.EndedOn == null && o.System == OrgSystem.League
                    select p.PersonId;
        await foreach (var m in (from m in db.Memberships.AsNoTracking()
                                 where m.System == OrgSystem.League && m.State != MemberState.Ended
                                 join person in db.Persons on m.PersonId equals person.Id
                                 where person.BirthDate != null && person.BirthDate <= bornBy
                                       && !posts.Contains(m.PersonId)
                                 select new { m.Id, m.OrgId, person.Name, person.BirthDate })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            var birthday = MeetingRules.BirthdayAt(m.BirthDate!.Value, age);
            if (birthday > horizon)
            {
                continue;
            }

            result.Add(new AlertCondition(AlertType.LeagueAgeLimit, m.OrgId, $"age:{m.Id}",
                birthday <= today ? $"{m.Name}已于 {birthday:yyyy-MM-dd} 年满{age}周岁" : $"{m.Name}将于 {birthday:yyyy-MM-dd} 年满{age}周岁",
                birthday, $"团员年满{age}周岁且未担任团内职务的，不再保留团籍，请办理超龄离团"));
        }

        return result;
    }
}
