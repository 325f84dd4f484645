using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Members;

namespace Zhijian.Web.Features.Talks;

/// <summary>The demo's talks: heart-to-heart talks this year in part of the branches, and two follow-up talks.</summary>
public sealed class TalkDemo(ZhijianDbContext db, TimeProvider clock) : IDemoContributor
{
    public int Order => 155;

    private static readonly string[] Summaries =
    [
        "了解近期思想和工作情况，对学习教育提出要求。",
        "交流家庭困难情况，支部将协调帮扶。",
        "听取对支部工作的意见建议，鼓励发挥先锋模范作用。",
    ];

    public async Task SeedAsync(DemoContext demo, CancellationToken ct)
    {
        var members = await db.Memberships.AsNoTracking().Where(m => m.State != MemberState.Ended)
            .OrderBy(m => m.Id).Select(m => new { m.PersonId, m.SortName, m.OrgId }).ToListAsync(ct);
        var branches = members.GroupBy(m => m.OrgId).ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => branches.Select(b => b.Key).Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var now = clock.GetUtcNow();
        var followUps = 0;
        foreach (var branch in branches.Where(_ => demo.Random.NextDouble() < 0.5))
        {
            var org = orgs[branch.Key];
            foreach (var m in branch.Where(_ => demo.Random.NextDouble() < 0.8))
            {
                var day = demo.Today.AddDays(-demo.Random.Next(0, Math.Max(1, demo.Today.DayOfYear - 1)));
                var kind = followUps < 2 && demo.Random.NextDouble() < 0.05 ? TalkKind.FollowUp : TalkKind.Heart;
                followUps += kind == TalkKind.FollowUp ? 1 : 0;
                var summary = kind == TalkKind.FollowUp ? "违章问题整改后的跟踪谈话：本人已认识问题，整改到位。" : Summaries[demo.Random.Next(Summaries.Length)];
                var talk = Talk.Record(org, day, kind, summary, "admin", now);
                db.Add(talk);
                await db.SaveChangesAsync(ct);
                db.Add(TalkParticipant.Of(talk, m.PersonId, m.SortName));
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
