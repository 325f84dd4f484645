using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Evaluations;

/// <summary>
/// Demo data: last year's evaluations, closed, for about four branches in five (the others show as not done), graded
/// within the 30% rule with a few 基本合格 and a rare 不合格 (party ones with a follow-up); 团籍注册 of last year for most
/// League branches that evaluated, with their tallies.
/// </summary>
public sealed class EvaluationDemo(ZhijianDbContext db) : IDemoContributor
{
    public int Order => 220;

    public async Task SeedAsync(DemoContext demo, CancellationToken ct)
    {
        var year = demo.Today.Year - 1;
        var closedAt = new DateTimeOffset(year, 12, 20, 2, 0, 0, TimeSpan.Zero);
        var branches = await db.Organizations.AsNoTracking()
            .Where(o => o.Kind == OrgKind.Branch && o.Status == OrgStatus.Active).OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.Path, o.System }).ToListAsync(ct);
        var members = (await db.Memberships.AsNoTracking().Where(m => m.State != MemberState.Ended)
                .Select(m => new { m.Id, m.OrgId, m.System, m.PersonId, m.Person!.Name }).ToListAsync(ct))
            .ToLookup(m => (m.OrgId, m.System));
        foreach (var b in branches)
        {
            if (demo.Random.Next(5) == 0)
            {
                continue; // not done last year: the boards show it
            }

            var list = members[(b.Id, b.System)].ToList();
            var e = new Evaluation(b.Id, b.Path, b.System, year, EvaluationRules.KindOf(b.System), list.Count, closedAt.AddDays(-10), "demo");
            db.Add(e);
            await db.SaveChangesAsync(ct);
            var excellent = demo.Random.Next(EvaluationRules.MaxExcellent(list.Count, 0.30m) + 1);
            var entries = list.Select((m, i) => Entry(demo.Random, e, m.Id, m.PersonId, m.Name, i < excellent)).ToList();
            db.AddRange(entries);
            e.Close(closedAt);
            await db.SaveChangesAsync(ct);
            if (b.System == OrgSystem.League && demo.Random.Next(6) != 0)
            {
                Register(b.Id, b.Path, year, e.Id, entries, list.Count, closedAt);
            }
        }

        await db.SaveChangesAsync(ct);
        await db.Database.ExecuteSqlRawAsync(RegistrationRollups.RebuildSql, ct); // the statistics read the rollups
    }

    private static EvaluationEntry Entry(Random random, Evaluation e, long membershipId, long personId, string name, bool excellent)
    {
        var entry = new EvaluationEntry(e.Id, membershipId, personId, name);
        var roll = random.Next(100);
        var grade = excellent ? Grade.Excellent : roll < 85 ? Grade.Qualified : roll < 97 ? Grade.BasicallyQualified : Grade.Unqualified;
        entry.Record(random.Next(10) != 0 || excellent, grade,
            grade == Grade.Unqualified && e.Kind == EvaluationKind.PartyDemocratic ? FollowUp.Rectify : null,
            grade == Grade.Unqualified ? "限期六个月改正" : null);
        return entry;
    }

    private void Register(long orgId, string path, int year, long evaluationId, List<EvaluationEntry> entries, int members,
        DateTimeOffset at)
    {
        var registered = entries.Where(x => EvaluationRules.Registrable(x.Grade)).ToList();
        db.AddRange(registered.Select(x => new Registration(orgId, path, year, x.MembershipId, x.PersonId, evaluationId, at)));
        var tally = new RegistrationTally(orgId, year, path);
        tally.Set(members, registered.Count, at);
        db.Add(tally);
    }
}
