using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Learning;

/// <summary>The demo's course catalogue (published by each root to its whole tree), study time of about half the members, and a training class with attendance.</summary>
public sealed class LearningDemo(ZhijianDbContext db, TimeProvider clock) : IDemoContributor
{
    private static readonly (string Title, CourseKind Kind, decimal Hours, string Body)[] Catalogue =
    [
        ("学习贯彻党的二十大精神专题课", CourseKind.Text, 4, "一、深刻领会党的二十大的主题。二、全面把握新时代十年伟大变革。三、深入学习中国式现代化的中国特色和本质要求。"),
        ("党章党规党纪学习", CourseKind.Document, 6, "学习《中国共产党章程》《中国共产党纪律处分条例》，做到知敬畏、存戒惧、守底线。"),
        ("入党积极分子培训（网上党校）", CourseKind.Text, 24, "党的基本知识：党的性质、宗旨、指导思想，党员的权利和义务，入党的条件和程序。"),
        ("团的基本知识（网上团校）", CourseKind.Text, 8, "团的性质、团的历史、团员的权利和义务、团的组织原则。"),
        ("党史学习教育：百年党史", CourseKind.Text, 10, "从石库门到天安门，从兴业路到复兴路，回顾党领导人民进行革命、建设、改革的伟大历程。"),
    ];

    public int Order => 170;

    public async Task SeedAsync(DemoContext demo, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var roots = await db.Organizations.Where(o => o.ParentId == null && o.Status == OrgStatus.Active).OrderBy(o => o.Id).ToListAsync(ct);
        var courses = new List<Course>();
        foreach (var root in roots)
        {
            foreach (var c in Catalogue.Where(c => (root.System == OrgSystem.League) == c.Title.Contains("团", StringComparison.Ordinal)))
            {
                courses.Add(Course.Publish(root, c.Title, c.Kind, c.Hours, c.Body, now.AddDays(-demo.Random.Next(10, 120)), "admin"));
            }
        }

        db.AddRange(courses);
        await db.SaveChangesAsync(ct);
        await StudyAsync(demo, courses, ct);
        await TrainingAsync(demo, ct);
    }

    private async Task StudyAsync(DemoContext demo, List<Course> courses, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var course in courses)
        {
            var persons = await db.Memberships.Where(m => m.OrgPath.StartsWith(course.OrgPath) && m.State != MemberState.Ended)
                .OrderBy(m => m.Id).Select(m => m.PersonId).Distinct().Take(400).ToListAsync(ct);
            foreach (var personId in persons.Where(_ => demo.Random.NextDouble() < 0.5))
            {
                var row = CourseStudy.Start(course.Id, personId, demo.Today.AddDays(-demo.Random.Next(0, 60)), now);
                row.Add(Math.Min(course.LengthSeconds, demo.Random.Next(10, 100) * course.LengthSeconds / 100), now);
                db.Add(row);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task TrainingAsync(DemoContext demo, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var branch = await db.Organizations.Where(o => o.Kind == OrgKind.Branch && o.System == OrgSystem.Party && o.Status == OrgStatus.Active)
            .OrderBy(o => o.Id).FirstOrDefaultAsync(ct);
        if (branch is null)
        {
            return;
        }

        var training = Training.Open(branch, "2026年度党员集中轮训班", demo.Today.AddDays(-20), demo.Today.AddDays(-18), 16, now, "admin");
        db.Add(training);
        await db.SaveChangesAsync(ct);
        var people = await (from m in db.Memberships.Where(m => m.OrgPath.StartsWith(branch.Path) && m.State != MemberState.Ended)
                            join p in db.Persons on m.PersonId equals p.Id
                            orderby m.Id
                            select new { p.Id, p.Name }).Take(30).ToListAsync(ct);
        foreach (var p in people.DistinctBy(p => p.Id))
        {
            var trainee = TrainingTrainee.Enrol(training.Id, p.Id, p.Name);
            trainee.Attend(demo.Random.NextDouble() < 0.8 ? 16 : 8, now);
            db.Add(trainee);
        }

        await db.SaveChangesAsync(ct);
    }
}
