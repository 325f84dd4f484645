using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Members;

namespace Zhijian.Web.Features.Mailbox;

/// <summary>The demo's mailbox: a few named letters to branches and the top organizations, some replied, and an anonymous one.</summary>
public sealed class MailboxDemo(ZhijianDbContext db, TimeProvider clock) : IDemoContributor
{
    public int Order => 160;

    private static readonly (string Subject, string Body, string? Reply)[] Samples =
    [
        ("建议增加线上学习资料", "希望支部能把每月学习材料提前发到群里，方便倒班的同志学习。", "感谢建议，下月起学习材料提前一周发布。"),
        ("关于主题党日活动时间", "能否把主题党日安排在周末，便于在外地工作的同志参加？", null),
        ("团费交纳方式", "请问可以通过线上方式交纳团费吗？", "可以，在“我的”页面即可在线交纳。"),
    ];

    public async Task SeedAsync(DemoContext demo, CancellationToken ct)
    {
        var writers = await db.Memberships.AsNoTracking().Where(m => m.State != MemberState.Ended)
            .OrderBy(m => m.Id).Take(40).Select(m => new { m.PersonId, m.SortName, m.OrgId, m.OrgPath }).ToListAsync(ct);
        var userOf = await db.Users.AsNoTracking().Where(u => u.PersonId != null)
            .ToDictionaryAsync(u => u.PersonId!.Value, u => u.Id, ct);
        var now = clock.GetUtcNow();
        for (var i = 0; i < Samples.Length && writers.Count > 0; i++)
        {
            var w = writers[demo.Random.Next(writers.Count)];
            var to = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == (i % 2 == 0 ? w.OrgId : Shared.TreePath.Ids(w.OrgPath)[0]), ct);
            var at = now.AddDays(-demo.Random.Next(2, 20));
            var letter = Letter.Named(to, Samples[i].Subject, Samples[i].Body, w.PersonId, userOf.TryGetValue(w.PersonId, out var u) ? u : null, w.SortName, at);
            if (Samples[i].Reply is { } reply)
            {
                letter.Answer(reply, at.AddDays(1), "admin");
            }

            db.Add(letter);
        }

        if (writers.Count > 0)
        {
            var to = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == writers[0].OrgId, ct);
            var anonymous = Letter.Unsigned(to, "反映一个问题", "支部活动签到存在代签现象，建议核实。", Letter.NewReplyCode(), new DateTimeOffset(now.AddDays(-3).UtcDateTime.Date, TimeSpan.Zero));
            anonymous.Answer("已收到，支部将核实并在下次组织生活会上说明。", now.AddDays(-2), "admin");
            db.Add(anonymous);
        }

        await db.SaveChangesAsync(ct);
    }
}
