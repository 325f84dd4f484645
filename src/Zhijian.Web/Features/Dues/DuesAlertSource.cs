using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Meetings;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues;

/// <summary>
/// <c>duesArrears</c>: a member with a line still due <c>dues.arrearsMonths</c> (rule, 3) months after its month.
/// <c>leagueLapsed</c> (自行脱团 risk): a League member of at least <c>dues.lapsedMonths</c> (6) months whose dues were
/// billed in that window, with no dues paid and no meeting attended in it (reads Meetings' attendance, never writes it).
/// </summary>
public sealed class DuesAlertSource(ZhijianDbContext db, RuleBook rules) : IAlertSource
{
    private const int Limit = 100_000;

    public async Task<IReadOnlyList<AlertCondition>> ScanAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = ChinaTime.DateOf(now);
        var set = await rules.CurrentAsync(ct);
        var result = new List<AlertCondition>();
        foreach (var system in new[] { OrgSystem.Party, OrgSystem.League })
        {
            result.AddRange(await ArrearsAsync(system, set.Int(system, "dues.arrearsMonths", today), today, ct));
        }

        result.AddRange(await LapsedAsync(set.Int(OrgSystem.League, "dues.lapsedMonths", today), today, ct));
        return result;
    }

    private async Task<IEnumerable<AlertCondition>> ArrearsAsync(OrgSystem system, int months, DateOnly today, CancellationToken ct)
    {
        var cutoff = DuesMonth.Of(today).AddMonths(-months).Key;
        var rows = await (from l in db.Set<DuesLine>().AsNoTracking()
                          where l.System == system && l.State == DuesState.Due && l.Month <= cutoff
                          group l by new { l.MembershipId, l.OrgId } into g
                          select new { g.Key.MembershipId, g.Key.OrgId, Oldest = g.Min(l => l.Month), Count = g.Count(), Fen = g.Sum(l => l.AmountFen) })
            .OrderBy(x => x.MembershipId).Take(Limit).ToListAsync(ct);
        var ids = rows.Select(r => r.MembershipId).ToList();
        var names = await db.Memberships.AsNoTracking().Where(m => ids.Contains(m.Id) && m.State != MemberState.Ended)
            .Select(m => new { m.Id, m.Person!.Name }).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        return rows.Where(r => names.ContainsKey(r.MembershipId)).Select(r => new AlertCondition(AlertType.DuesArrears, r.OrgId,
            $"dues:arrears:{r.MembershipId}", $"{names[r.MembershipId]} 欠交{(system == OrgSystem.League ? "团费" : "党费")}",
            DuesMonth.FromKey(r.Oldest).AddMonths(months).FirstDay,
            $"自 {DuesMonth.FromKey(r.Oldest)} 起 {r.Count} 个月未交，合计 {Yuan.Of(r.Fen):0.00} 元（超过 {months} 个月未交纳）"));
    }

    private async Task<IEnumerable<AlertCondition>> LapsedAsync(int months, DateOnly today, CancellationToken ct)
    {
        var since = today.AddMonths(-months);
        var sinceKey = DuesMonth.Of(since).Key;
        var rows = await db.Memberships.AsNoTracking()
            .Where(m => m.System == OrgSystem.League && m.State == MemberState.Active && (m.JoinedOn == null || m.JoinedOn <= since))
            .Where(m => db.Set<DuesLine>().Any(l => l.MembershipId == m.Id && l.Month >= sinceKey))
            .Where(m => !db.Set<DuesLine>().Any(l => l.MembershipId == m.Id && l.State == DuesState.Paid && l.PaidOn >= since))
            .Where(m => !(from a in db.Set<MeetingAttendee>()
                          join mt in db.Set<Meeting>() on a.MeetingId equals mt.Id
                          where a.MembershipId == m.Id && a.Present == true && mt.HeldOn >= since
                          select a.Id).Any())
            .OrderBy(m => m.Id).Take(Limit)
            .Select(m => new { m.Id, m.OrgId, m.Person!.Name }).ToListAsync(ct);
        return rows.Select(r => new AlertCondition(AlertType.LeagueLapsed, r.OrgId, $"league:lapsed:{r.Id}", $"{r.Name} 有自行脱团风险",
            today, $"近 {months} 个月（自 {since:yyyy-MM-dd} 起）未交纳团费、未参加团的组织生活"));
    }
}
