using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Learning;

/// <summary>
/// The hours a person recorded here, as Development counts them (<see cref="ITrainingHours"/>): course study on the days
/// it was recorded (seconds / 3600) plus the attendance hours of training classes that ended within the period.
/// </summary>
public sealed class LearningHours(ZhijianDbContext db) : ITrainingHours
{
    public async Task<decimal> HoursAsync(long personId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var seconds = await db.Set<CourseStudy>().Where(s => s.PersonId == personId && s.StudiedOn >= from && s.StudiedOn <= to)
            .SumAsync(s => (long?)s.Seconds, ct) ?? 0;
        var attended = await (from a in db.Set<TrainingTrainee>().Where(a => a.PersonId == personId && a.Hours != null)
                              join t in db.Set<Training>() on a.TrainingId equals t.Id
                              where t.EndOn >= @from && t.EndOn <= to
                              select a.Hours!.Value).ToListAsync(ct);
        return Hours(seconds) + attended.Sum();
    }

    /// <summary>Seconds as hours, to two decimals (rounded down: a person is never credited time they did not study).</summary>
    public static decimal Hours(long seconds) => decimal.Floor(seconds / 36m) / 100m;
}

/// <summary>Study statistics of a subtree: members, how many studied (a course or a class) and their hours, per child organization.</summary>
public sealed class LearningStats(ZhijianDbContext db, OrganizationService orgs, TimeProvider clock)
{
    public async Task<StudyStatsDto> ForAsync(long id, DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(id, ct);
        var today = clock.Today();
        var (f, t) = (from ?? new DateOnly(today.Year, 1, 1), to ?? today);
        if (t < f)
        {
            throw DomainException.Validation("to", "统计截止日期不能早于起始日期");
        }

        var whole = await SubtreeAsync(org.Id, org.ShortName, org.Path, f, t, ct);
        var children = await db.Organizations.AsNoTracking().Where(o => o.ParentId == org.Id && o.Status == OrgStatus.Active)
            .OrderBy(o => o.Path).Select(o => new { o.Id, o.ShortName, o.Path }).Take(200).ToListAsync(ct);
        var byOrg = new List<OrgStudyStats>();
        foreach (var c in children)
        {
            byOrg.Add(await SubtreeAsync(c.Id, c.ShortName, c.Path, f, t, ct));
        }

        return new StudyStatsDto(whole.Members, whole.Studied, whole.Hours, byOrg);
    }

    private async Task<OrgStudyStats> SubtreeAsync(long orgId, string name, string path, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var persons = db.Memberships.AsNoTracking().Where(TreePath.In<Membership>(m => m.OrgPath, path))
            .Where(m => m.State != MemberState.Ended).Select(m => m.PersonId);
        var members = await persons.Distinct().LongCountAsync(ct);
        var studies = db.Set<CourseStudy>().Where(s => s.StudiedOn >= from && s.StudiedOn <= to && persons.Contains(s.PersonId));
        var attended = from a in db.Set<TrainingTrainee>().Where(a => a.Hours != null && a.Hours > 0 && persons.Contains(a.PersonId))
                       join tr in db.Set<Training>() on a.TrainingId equals tr.Id
                       where tr.EndOn >= @from && tr.EndOn <= to
                       select a;
        var seconds = await studies.SumAsync(s => (long?)s.Seconds, ct) ?? 0;
        var classHours = (await attended.Select(a => a.Hours!.Value).ToListAsync(ct)).Sum();
        var studied = await studies.Select(s => s.PersonId).Union(attended.Select(a => a.PersonId)).Distinct().LongCountAsync(ct);
        return new OrgStudyStats(orgId, name, members, studied, LearningHours.Hours(seconds) + classHours);
    }
}

/// <summary>Courses and classes follow a moved subtree (their denormalized path); merged or dissolved organizations keep them as history.</summary>
public sealed class LearningPlacement(ZhijianDbContext db) : IOrganizationChangeHandler
{
    public async Task OnMovedAsync(SubtreeMoved change, CancellationToken ct)
    {
        var (oldPrefix, newPrefix) = (change.OldPrefix, change.NewPrefix);
        await db.Set<Course>().RebasePathAsync(c => c.OrgPath, oldPrefix, newPrefix, ct);
        await db.Set<Training>().RebasePathAsync(t => t.OrgPath, oldPrefix, newPrefix, ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) => Task.CompletedTask;

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
