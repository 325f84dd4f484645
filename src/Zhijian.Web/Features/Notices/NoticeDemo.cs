using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Notices;

/// <summary>
/// The demo's notices: two from each system's top organization to all its members, partly read (receipts for a share of
/// the members, drawn from the demo's generator), and one to the administrators. The member account's notice of the
/// second kind stays unread, so /me shows both states.
/// </summary>
public sealed class NoticeDemo(ZhijianDbContext db, TimeProvider clock) : IDemoContributor
{
    public int Order => 150;

    private static readonly (string Title, string Body, double Share)[] Samples =
    [
        ("关于开展主题教育学习的通知", "请各支部组织党（团）员认真学习有关文件精神，于本月底前完成学习并撰写心得体会。", 0.62),
        ("关于按时交纳党（团）费的提醒", "请各位同志按时足额交纳本季度党（团）费，如有困难请与所在支部联系。", 0.35),
    ];

    public async Task SeedAsync(DemoContext demo, CancellationToken ct)
    {
        var roots = await db.Organizations.AsNoTracking().Where(o => o.ParentId == null).OrderBy(o => o.Id).ToListAsync(ct);
        var newest = await db.Memberships.MaxAsync(m => (DateTimeOffset?)m.CreatedAt, ct) ?? clock.GetUtcNow();
        var sentAt = NoticeService.Millis(newest < clock.GetUtcNow() ? clock.GetUtcNow() : newest);
        foreach (var root in roots)
        {
            var members = await db.Memberships.AsNoTracking()
                .Where(m => m.System == root.System && m.State != MemberState.Ended)
                .OrderBy(m => m.Id).Select(m => new { m.PersonId, m.SortName, m.OrgId, m.OrgPath }).ToListAsync(ct);
            var recipients = (await db.OrgCounters.AsNoTracking().FirstOrDefaultAsync(c => c.OrgId == root.Id, ct))?.Members ?? 0;
            for (var i = 0; i < Samples.Length; i++)
            {
                var (title, body, share) = Samples[i];
                var notice = Notice.Send(root, NoticeAudience.Members, title, body, requireReceipt: true, recipients,
                    sentAt.AddSeconds(i), "admin");
                db.Add(notice);
                await db.SaveChangesAsync(ct);
                // The first League member is the demo's member account: leave the second notice unread for them.
                var readers = members.Skip(i == 1 ? 1 : 0).Where(_ => demo.Random.NextDouble() < share).ToList();
                db.AddRange(readers.Select(m => NoticeRead.Of(notice.Id, null, m.PersonId, m.SortName, m.OrgId, m.OrgPath,
                    sentAt.AddMinutes(5 + demo.Random.Next(0, 600)))));
                notice.CountReads(readers.Count);
                await db.SaveChangesAsync(ct);
            }

            db.Add(Notice.Send(root, NoticeAudience.Admins, "关于报送年度工作总结的通知",
                "请各级组织管理员于下月 10 日前报送本组织年度工作总结。", requireReceipt: true,
                await AdminsAsync(root.Path, ct), sentAt.AddSeconds(5), "admin"));
            await db.SaveChangesAsync(ct);
        }
    }

    private Task<int> AdminsAsync(string prefix, CancellationToken ct) =>
        (from r in db.RoleAssignments
         where r.Role == Accounts.Role.OrgAdmin
         join o in db.Organizations.Where(Shared.TreePath.In<Organization>(o => o.Path, prefix)) on r.OrgId equals o.Id
         select r.UserId).Distinct().CountAsync(ct);
}
