using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Elections;

/// <summary>
/// Demo data: the election that started each organization's current term (its day, length and the committee now in
/// office). The demo's terms started at random days, so a few end within six months and a few are overdue already.
/// </summary>
public sealed class ElectionDemo(ZhijianDbContext db) : IDemoContributor
{
    public int Order => 230;

    public async Task SeedAsync(DemoContext demo, CancellationToken ct)
    {
        var orgs = await db.Organizations.AsNoTracking()
            .Where(o => o.Status == OrgStatus.Active && o.Kind != OrgKind.Group && o.TermStartedOn != null && o.TermYears != null)
            .OrderBy(o => o.Id).ToListAsync(ct);
        var positions = (await db.Positions.AsNoTracking().Where(p => p.EndedOn == null).ToListAsync(ct)).ToLookup(p => p.OrgId);
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.State != MemberState.Ended)
            .Select(m => new { m.Id, m.PersonId, m.System, m.OrgPath, m.Person!.Name }).ToListAsync(ct);
        var byPerson = memberships.ToLookup(m => (m.PersonId, m.System));
        var elections = new List<(Election Election, List<(long PersonId, long MembershipId, string Name, string Post)> Seats)>();
        foreach (var o in orgs)
        {
            var start = o.TermStartedOn!.Value;
            var seats = positions[o.Id]
                .Select(p => (p, m: byPerson[(p.PersonId, o.System)].FirstOrDefault(m => m.OrgPath.StartsWith(o.Path, StringComparison.Ordinal))))
                .Where(x => x.m is not null)
                .Select(x => (x.p.PersonId, x.m!.Id, x.m.Name, x.p.Post)).ToList();
            var election = new Election(o.Id, o.Path, start, o.TermYears!.Value, TermRules.EndOf(start, o.TermYears.Value, 0),
                start.AddDays(demo.Random.Next(7, 30)) is var approved && approved <= demo.Today ? approved : null,
                $"第 {demo.Random.Next(2, 9)} 次换届选举", new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), "demo");
            elections.Add((election, seats));
        }

        db.AddRange(elections.Select(e => e.Election));
        await db.SaveChangesAsync(ct);
        db.AddRange(elections.SelectMany(e => e.Seats.Select(s => new ElectionSeat(e.Election.Id, s.PersonId, s.MembershipId, s.Name, s.Post))));
        await db.SaveChangesAsync(ct);
    }
}
