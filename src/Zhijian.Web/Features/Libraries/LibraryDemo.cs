using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Libraries;

/// <summary>The demo's honors, reserve cadres and archive documents (real .docx, .pdf and .txt files with Chinese text in the file store).</summary>
public sealed class LibraryDemo(ZhijianDbContext db, FileStore files, ArchiveIndex index, TimeProvider clock) : IDemoContributor
{
    private static readonly (int Year, string Title, string Tags, string Ext, string[] Text)[] Documents =
    [
        (2015, "2015年党建工作总结", "总结,党建", ".docx", ["全年共发展党员十二名，召开党员大会四次。", "开展“三严三实”专题教育，查摆问题二十三条并全部整改。"]),
        (2016, "“两学一做”学习教育实施方案", "两学一做,方案", ".pdf", ["学党章党规、学系列讲话，做合格党员。", "各支部以“三会一课”为基本制度，每月开展一次主题党日活动。"]),
        (2018, "基层党组织换届选举工作记录", "换届,选举", ".docx", ["按照《中国共产党基层组织选举工作条例》组织差额选举。", "应到党员八十六名，实到八十二名，选举有效。"]),
        (2019, "“不忘初心、牢记使命”主题教育档案", "主题教育,初心使命", ".pdf", ["主题教育坚持学思用贯通、知信行统一。", "检视问题清单共四十项，整改落实率百分之百。"]),
        (2020, "抗击新冠肺炎疫情先进事迹汇编", "抗疫,先进事迹", ".txt", ["疫情发生后，全体党员冲锋在前，组建志愿服务队六支。", "共产党员突击队坚守社区防控一线四十余天。"]),
        (2021, "党史学习教育专题组织生活会记录", "党史学习教育,组织生活会", ".docx", ["围绕“学史明理、学史增信、学史崇德、学史力行”开展对照检查。", "开展批评与自我批评，提出批评意见五十六条。"]),
        (2023, "学习贯彻习近平新时代中国特色社会主义思想主题教育总结", "主题教育,总结", ".pdf", ["以学铸魂、以学增智、以学正风、以学促干。", "调查研究形成报告十二篇，推动解决群众急难愁盼问题三十件。"]),
        (2025, "铁路青年突击队建设情况报告", "青年突击队,共青团", ".txt", ["全段组建青年突击队十四支，参与春运、暑运保障。", "团员青年在安全生产中发挥生力军和突击队作用。"]),
    ];

    private static readonly (string Title, string Level, string Issuer)[] OrgHonors =
    [
        ("先进基层党组织", "provincial", "中共省委"),
        ("五四红旗团委", "national", "共青团中央"),
        ("党建工作示范点", "municipal", "中共市委组织部"),
    ];

    private static readonly (string Title, string Level, string Issuer)[] PersonHonors =
    [
        ("优秀共产党员", "municipal", "中共市委"),
        ("优秀党务工作者", "county", "中共区委"),
        ("优秀共青团员", "provincial", "共青团省委"),
        ("岗位能手", "unit", "本单位"),
    ];

    public int Order => 180;

    public async Task SeedAsync(DemoContext demo, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tops = await db.Organizations.Where(o => o.Status == OrgStatus.Active && o.ParentId != null)
            .OrderBy(o => o.Depth).ThenBy(o => o.Id).Take(6).ToListAsync(ct);
        var root = await db.Organizations.Where(o => o.ParentId == null && o.Status == OrgStatus.Active).OrderBy(o => o.Id).FirstOrDefaultAsync(ct);
        if (root is null)
        {
            return;
        }

        await HonorsAndCadresAsync(demo, tops.Prepend(root).ToList(), now, ct);
        await ArchivesAsync(root, now, ct);
    }

    private async Task HonorsAndCadresAsync(DemoContext demo, List<Organization> orgs, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var (org, i) in orgs.Select((o, i) => (o, i)))
        {
            var h = OrgHonors[i % OrgHonors.Length];
            db.Add(Honor.Record(org, null, null, h.Title, h.Level, demo.Today.AddDays(-demo.Random.Next(30, 2000)), h.Issuer, now));
            var people = await (from m in db.Memberships.Where(m => m.OrgPath.StartsWith(org.Path) && m.State == MemberState.Active)
                                join p in db.Persons on m.PersonId equals p.Id
                                orderby m.Id
                                select new { MemberId = m.Id, m.PersonId, p.Name }).Take(3).ToListAsync(ct);
            foreach (var (p, j) in people.Select((p, j) => (p, j)))
            {
                var ph = PersonHonors[(i + j) % PersonHonors.Length];
                db.Add(Honor.Record(org, p.PersonId, p.Name, ph.Title, ph.Level, demo.Today.AddDays(-demo.Random.Next(30, 1500)), ph.Issuer, now));
            }

            foreach (var (p, j) in people.Take(2).Select((p, j) => (p, j)))
            {
                db.Add(ReserveCadre.Record(org, p.MemberId, p.PersonId, p.Name, j == 0 ? "书记" : "组织委员",
                    demo.Today.AddDays(-demo.Random.Next(30, 700)), j == 0 ? "政治素质好，群众基础扎实" : null, now));
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task ArchivesAsync(Organization root, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var d in Documents)
        {
            var bytes = d.Ext switch
            {
                ".docx" => ArchiveSamples.Docx(d.Title, d.Text),
                ".pdf" => ArchiveSamples.Pdf(d.Title, d.Text),
                _ => Encoding.UTF8.GetBytes(d.Title + "\n" + string.Join("\n", d.Text)),
            };
            var text = ArchiveText.Extract(d.Ext, bytes);
            using var content = new MemoryStream(bytes);
            var stored = await files.SaveAsync(ArchiveService.Area, d.Ext, content, long.MaxValue, ct);
            var doc = ArchiveDocument.Add(root, d.Title, d.Year, d.Tags, d.Title + d.Ext, stored.Name, stored.Size,
                Convert.ToHexStringLower(SHA256.HashData(bytes)), text, now, "admin");
            db.Add(doc);
            await db.SaveChangesAsync(ct);
            await index.AddAsync(doc.Id, doc.SearchText, ct);
        }
    }
}
