using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Learning;

/// <summary>
/// Training classes (培训班): trainees are persons of the organization's subtree — its members, and the applicants, activists
/// and candidates of open development records (<see cref="IDevelopmentPersons"/>, docs/learning.md); attendance hours count
/// as the person's development class hours through <see cref="ITrainingHours"/>.
/// </summary>
public sealed class TrainingService(
    ZhijianDbContext db,
    CallerScope scope,
    OrganizationService orgs,
    AuditLog audit,
    IActor actor,
    TimeProvider clock,
    IEnumerable<IDevelopmentPersons> development)
{
    internal const string What = "培训班";
    public const int MaxTrainees = 2000;

    /// <summary>Opens a training class of an organization with its trainees.</summary>
    public async Task<TrainingDto> CreateAsync(CreateTrainingRequest r, CancellationToken ct = default)
    {
        var title = Validate(r);
        return await db.InTransactionAsync(async () =>
        {
            var org = await orgs.FindWritableAsync(r.OrgId!.Value, ct);
            if (org.Status != OrgStatus.Active)
            {
                throw new DomainException(StatusCodes.Status409Conflict, ErrorCodes.InvalidState, $"「{org.ShortName}」已撤销，不能开设培训班");
            }

            var ids = r.PersonIds!.Distinct().ToList();
            var people = await (from m in db.Memberships.AsNoTracking().Where(TreePath.In<Membership>(m => m.OrgPath, org.Path))
                                where m.State != MemberState.Ended && ids.Contains(m.PersonId)
                                join p in db.Persons on m.PersonId equals p.Id
                                select new { p.Id, p.Name }).Distinct().ToListAsync(ct);
            var stray = ids.Where(i => people.All(p => p.Id != i)).ToList();
            foreach (var source in development)
            {
                var developing = await source.InSubtreeAsync(org.Path, stray, ct);
                people.AddRange(developing.Select(d => new { Id = d.PersonId, d.Name }));
                stray.RemoveAll(i => developing.Any(d => d.PersonId == i));
            }

            if (stray.Count > 0)
            {
                throw DomainException.Validation("personIds",
                    $"学员须为「{org.ShortName}」及下级组织的在册人员或入党（团）申请人、积极分子：{string.Join(", ", stray.Take(20))} 不是");
            }

            var training = Training.Open(org, title, r.StartOn!.Value, r.EndOn!.Value, r.Hours!.Value, clock.GetUtcNow(), actor.UserName);
            db.Add(training);
            await db.SaveChangesAsync(ct);
            db.AddRange(people.Select(p => TrainingTrainee.Enrol(training.Id, p.Id, p.Name)));
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.TrainingOpened, org.Id, nameof(Training), training.Id,
                $"「{org.ShortName}」开设培训班《{title}》（{training.StartOn:yyyy-MM-dd} 至 {training.EndOn:yyyy-MM-dd}，{training.Hours} 学时，学员 {people.Count} 人）", ct);
            return await GetAsync(training.Id, ct);
        }, ct);
    }

    private static string Validate(CreateTrainingRequest r)
    {
        var errors = new FieldErrors();
        errors.Required(r.OrgId, "orgId", "请选择举办培训班的组织");
        var title = errors.Text(r.Title, Training.TitleMaxLength, "title", $"请填写培训班名称（不超过 {Training.TitleMaxLength} 字）");
        if (errors.Check(r.StartOn is { } start && PlausibleDates.Contains(start), "startOn", "请填写开班日期"))
        {
            errors.Check(r.EndOn is { } end && PlausibleDates.Contains(end) && end >= r.StartOn!.Value, "endOn", "结业日期须不早于开班日期");
        }

        errors.Hours(r.Hours, 1000, "hours", "学时须大于 0、不超过 1000，最多两位小数");
        errors.Check(r.PersonIds is { Count: > 0 and <= MaxTrainees }, "personIds", $"请选择学员（1 至 {MaxTrainees} 人）");
        errors.ThrowIfAny();

        return title;
    }

    /// <summary>Records the hours each trainee attended (0 to the class's hours); recording again replaces a trainee's figure.</summary>
    public async Task<TrainingDto> AttendAsync(long id, AttendanceRequest r, CancellationToken ct = default)
    {
        var training = await db.Set<Training>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw DomainException.NotFound(What);
        await scope.EnsureWritable(training.OrgPath, What, ct);
        if (r.Records is not { Count: > 0 and <= MaxTrainees })
        {
            throw DomainException.Validation("records", $"请登记学员出勤（1 至 {MaxTrainees} 条）");
        }

        if (r.Records.Any(x => x.PersonId is null || x.Hours is not { } h || h < 0 || h > training.Hours || decimal.Round(h, 2) != h))
        {
            throw DomainException.Validation("records", $"每条出勤须有学员（personId）和学时（0 至 {training.Hours}，最多两位小数）");
        }

        if (r.Records.GroupBy(x => x.PersonId).Any(g => g.Count() > 1))
        {
            throw DomainException.Validation("records", "同一学员只能登记一次");
        }

        return await db.InTransactionAsync(async () =>
        {
            var ids = r.Records.Select(x => x.PersonId!.Value).ToList();
            var trainees = await db.Set<TrainingTrainee>().Where(t => t.TrainingId == id && ids.Contains(t.PersonId)).ToListAsync(ct);
            var stray = ids.Where(i => trainees.All(t => t.PersonId != i)).ToList();
            if (stray.Count > 0)
            {
                throw DomainException.Validation("records", $"以下人员不是本培训班学员：{string.Join(", ", stray.Take(20))}");
            }

            var now = clock.GetUtcNow();
            foreach (var t in trainees)
            {
                t.Attend(r.Records.First(x => x.PersonId == t.PersonId).Hours!.Value, now);
            }

            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.TrainingAttendanceRecorded, training.OrgId, nameof(Training), training.Id,
                $"登记培训班《{training.Title}》出勤 {trainees.Count} 人，合计 {trainees.Sum(t => t.Hours ?? 0)} 学时", ct);
            return await GetAsync(id, ct);
        }, ct);
    }

    /// <summary>Candidates the picker shows at most, members and persons in development each.</summary>
    public const int CandidateLimit = 30;

    /// <summary>
    /// Who may be enrolled in a class of the organization (a writer's picker): the members of its subtree and its persons in
    /// development whose name contains <paramref name="name"/>, each with their role (团员 · 第一团支部, 入团积极分子).
    /// </summary>
    public async Task<IReadOnlyList<TraineeCandidate>> CandidatesAsync(long orgId, string? name, CancellationToken ct = default)
    {
        var org = await orgs.FindWritableAsync(orgId, ct);
        var term = name?.Trim() ?? "";
        var members = await (from m in db.Memberships.AsNoTracking().Where(TreePath.In<Membership>(m => m.OrgPath, org.Path))
                             where m.State != MemberState.Ended
                             join p in db.Persons on m.PersonId equals p.Id
                             where term == "" || p.Name.Contains(term)
                             join o in db.Organizations on m.OrgId equals o.Id
                             orderby p.Name, p.Id
                             select new { p.Id, p.Name, m.System, o.ShortName }).Take(CandidateLimit).ToListAsync(ct);
        var candidates = members.DistinctBy(m => m.Id)
            .Select(m => new TraineeCandidate(m.Id, m.Name, $"{(m.System == OrgSystem.League ? "团员" : "党员")} · {m.ShortName}")).ToList();
        foreach (var source in development)
        {
            candidates.AddRange((await source.FindAsync(org.Path, term, CandidateLimit, ct))
                .Where(d => candidates.All(c => c.PersonId != d.PersonId))
                .Select(d => new TraineeCandidate(d.PersonId, d.Name, d.Stage)));
        }

        return candidates;
    }

    /// <summary>A training class with its trainees.</summary>
    public async Task<TrainingDto> GetAsync(long id, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Set<Training>().AsNoTracking().Where(t => t.Id == id), t => t.OrgPath, ct);
        var row = await (from t in query join o in db.Organizations on t.OrgId equals o.Id select new { t, o.ShortName }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound(What);
        var trainees = await db.Set<TrainingTrainee>().AsNoTracking().Where(x => x.TrainingId == id).OrderBy(x => x.Id)
            .Select(x => new TraineeDto(x.PersonId, x.Name, x.Hours)).ToListAsync(ct);
        return ToDto(row.t, row.ShortName, trainees);
    }

    /// <summary>Training classes of an organization (or its subtree), newest first, without trainees.</summary>
    public async Task<PagedList<TrainingDto>> ListAsync(long? orgId, bool subtree, PageRequest page, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Set<Training>().AsNoTracking(), t => t.OrgPath, ct);
        if (orgId is { } oid)
        {
            var org = await orgs.FindReadableAsync(oid, ct);
            query = subtree ? query.Where(TreePath.In<Training>(t => t.OrgPath, org.Path)) : query.Where(t => t.OrgId == org.Id);
        }

        var total = await query.LongCountAsync(ct);
        var rows = await (from t in query.OrderByDescending(t => t.StartOn).ThenByDescending(t => t.Id).Skip(page.Skip).Take(page.PageSize)
                          join o in db.Organizations on t.OrgId equals o.Id
                          select new { t, o.ShortName }).ToListAsync(ct);
        return new PagedList<TrainingDto>(rows.Select(x => ToDto(x.t, x.ShortName, [])).ToList(), page.Page, page.PageSize, total, true);
    }

    private static TrainingDto ToDto(Training t, string orgName, IReadOnlyList<TraineeDto> trainees) =>
        new(t.Id, t.OrgId, orgName, t.Title, t.StartOn, t.EndOn, t.Hours, trainees);
}
