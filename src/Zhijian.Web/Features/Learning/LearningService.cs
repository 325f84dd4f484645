using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Learning;

/// <summary>
/// Courses published to a subtree and the study time members record from /me (capped by the course length); the
/// material files (video served with range requests). Training classes are in <see cref="TrainingService"/>.
/// </summary>
public sealed class LearningService(
    ZhijianDbContext db,
    CallerScope scope,
    OrganizationService orgs,
    AuditLog audit,
    IActor actor,
    IOptions<LearningOptions> options,
    FileStore files,
    TimeProvider clock)
{
    internal const string What = "课程";
    internal const string MaterialArea = "courses";

    /// <summary>Publishes a course of an organization to its subtree.</summary>
    public async Task<CourseDto> CreateAsync(CreateCourseRequest r, CancellationToken ct = default)
    {
        var (title, kind, hours) = Validate(r);
        return await db.InTransactionAsync(async () =>
        {
            var org = await orgs.FindWritableAsync(r.OrgId!.Value, ct);
            if (org.Status != OrgStatus.Active)
            {
                throw new DomainException(StatusCodes.Status409Conflict, ErrorCodes.InvalidState, $"「{org.ShortName}」已撤销，不能发布课程");
            }

            var course = Course.Publish(org, title, kind, hours, (string.IsNullOrWhiteSpace(r.Body) ? null : r.Body.Trim()), clock.GetUtcNow(), actor.UserName);
            db.Add(course);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.CoursePublished, org.Id, nameof(Course), course.Id,
                $"「{org.ShortName}」发布课程《{title}》（{hours} 学时）", ct);
            return ToDto(course, org.ShortName);
        }, ct);
    }

    private static (string Title, CourseKind Kind, decimal Hours) Validate(CreateCourseRequest r)
    {
        var errors = new FieldErrors();
        errors.Required(r.OrgId, "orgId", "请选择发布课程的组织");
        var title = errors.Text(r.Title, Course.TitleMaxLength, "title", $"请填写课程名称（不超过 {Course.TitleMaxLength} 字）");

        var kind = r.Kind?.Trim().ToLowerInvariant() switch
        {
            "video" => CourseKind.Video,
            "document" => CourseKind.Document,
            "text" => CourseKind.Text,
            _ => (CourseKind?)null,
        };
        errors.Check(kind is not null, "kind", "课程类型须为 video（视频）、document（文档）或 text（图文）");
        errors.Hours(r.Hours, Course.MaxHours, "hours", $"学时须大于 0、不超过 {Course.MaxHours}，最多两位小数");
        errors.Check(r.Body is not { Length: > Course.BodyMaxLength }, "body", $"课程正文不超过 {Course.BodyMaxLength} 字");
        errors.ThrowIfAny();

        return (title, kind!.Value, r.Hours!.Value);
    }

    /// <summary>Uploads the course's material (a video, a document); a second upload replaces the first.</summary>
    public async Task<CourseDto> AddMaterialAsync(long id, string? fileName, long length, Stream content, CancellationToken ct = default)
    {
        var o = options.Value;
        var (name, ext) = FileStore.CheckUpload(fileName, o.AllowedExtensions);
        if (length > o.MaxMaterialBytes)
        {
            throw FileStore.TooLarge(o.MaxMaterialBytes);
        }

        var course = await db.Set<Course>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw DomainException.NotFound(What);
        await scope.EnsureWritable(course.OrgPath, What, ct);
        var stored = await files.SaveAsync(MaterialArea, ext, content, o.MaxMaterialBytes, ct);
        try
        {
            var previous = course.MaterialStorageName;
            await db.InTransactionAsync(async () =>
            {
                course.AttachMaterial(name, stored.Name, stored.Size);
                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(AuditAction.CourseMaterialAdded, course.OrgId, nameof(Course), course.Id,
                    $"为课程《{course.Title}》上传资料 {name}（{stored.Size} 字节，SHA-256 {stored.Sha256[..12]}）", ct);
                return 0;
            }, ct);
            if (previous is not null)
            {
                files.Delete(previous);
            }
        }
        catch
        {
            files.Delete(stored.Name);
            throw;
        }

        var orgName = await db.Organizations.Where(x => x.Id == course.OrgId).Select(x => x.ShortName).FirstAsync(ct);
        return ToDto(course, orgName);
    }

    /// <summary>Courses of an organization (or its subtree) within the caller's scope, newest first.</summary>
    public async Task<PagedList<CourseDto>> ListAsync(long? orgId, bool subtree, PageRequest page, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Set<Course>().AsNoTracking(), c => c.OrgPath, ct);
        if (orgId is { } oid)
        {
            var org = await orgs.FindReadableAsync(oid, ct);
            query = subtree ? query.Where(TreePath.In<Course>(c => c.OrgPath, org.Path)) : query.Where(c => c.OrgId == org.Id);
        }

        var total = await query.LongCountAsync(ct);
        var rows = await (from c in query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Skip(page.Skip).Take(page.PageSize)
                          join o in db.Organizations on c.OrgId equals o.Id
                          select new { c, o.ShortName }).ToListAsync(ct);
        return new PagedList<CourseDto>(rows.Select(x => ToDto(x.c, x.ShortName)).ToList(), page.Page, page.PageSize, total, true);
    }

    /// <summary>The material file of a course the caller may read (console) or study (a member of the subtree).</summary>
    public async Task<(Stream? File, string Name)> MaterialAsync(long id, CancellationToken ct = default)
    {
        var course = await db.Set<Course>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw DomainException.NotFound(What);
        if (!await scope.CanReadAsync(course.OrgPath, ct) && !(await MyCourseIdsAsync(ct)).Any(c => c == id))
        {
            throw DomainException.NotFound(What);
        }

        if (course.MaterialStorageName is null)
        {
            throw DomainException.NotFound("课程资料");
        }

        return (files.OpenRead(course.MaterialStorageName), course.MaterialName!);
    }

    /// <summary>The caller's courses (those of their organizations and every organization above) with the time studied.</summary>
    public async Task<IReadOnlyList<MyCourseDto>> MineAsync(CancellationToken ct = default)
    {
        if (await MyPersonIdAsync(ct) is not { } personId)
        {
            return [];
        }

        var prefixes = await AncestorPathsAsync(personId, ct);
        var rows = await (from c in db.Set<Course>().AsNoTracking().Where(c => prefixes.Contains(c.OrgPath))
                          join o in db.Organizations on c.OrgId equals o.Id
                          orderby c.CreatedAt descending, c.Id descending
                          select new
                          {
                              c,
                              o.ShortName,
                              Studied = db.Set<CourseStudy>().Where(s => s.CourseId == c.Id && s.PersonId == personId).Sum(s => (long?)s.Seconds) ?? 0,
                          }).Take(200).ToListAsync(ct);
        return rows.Select(x => Mine(x.c, x.ShortName, x.Studied)).ToList();
    }

    /// <summary>
    /// Adds study time to one of the caller's courses: one report may not exceed the course length (400); the total is
    /// capped by it (what would go beyond is not counted).
    /// </summary>
    public async Task<MyCourseDto> StudyAsync(long id, long? seconds, CancellationToken ct = default)
    {
        var course = await db.Set<Course>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw DomainException.NotFound(What);
        if (seconds is not { } add || add <= 0)
        {
            throw DomainException.Validation("seconds", "请填写学习时长（秒，大于 0）");
        }

        if (add > course.LengthSeconds)
        {
            throw DomainException.Validation("seconds", $"学习时长 {add} 秒超过了课程时长（{course.Hours} 学时，即 {course.LengthSeconds} 秒）");
        }

        var personId = await MyPersonIdAsync(ct) ?? throw DomainException.NotFound(What);
        if (!(await AncestorPathsAsync(personId, ct)).Contains(course.OrgPath))
        {
            throw DomainException.NotFound(What);
        }

        return await db.InTransactionAsync(() => RecordStudyAsync(course, personId, add, ct), ct);
    }

    private async Task<MyCourseDto> RecordStudyAsync(Course course, long personId, long seconds, CancellationToken ct)
    {
        await db.LockForUpdateAsync<Course>(course.Id, ct);
        var studied = await db.Set<CourseStudy>().Where(s => s.CourseId == course.Id && s.PersonId == personId)
            .SumAsync(s => (long?)s.Seconds, ct) ?? 0;
        var counted = Math.Min(seconds, Math.Max(0, course.LengthSeconds - studied));
        if (counted > 0)
        {
            var now = clock.GetUtcNow();
            var today = ChinaTime.DateOf(now);
            var row = await db.Set<CourseStudy>().FirstOrDefaultAsync(s => s.CourseId == course.Id && s.PersonId == personId && s.StudiedOn == today, ct);
            if (row is null)
            {
                row = CourseStudy.Start(course.Id, personId, today, now);
                db.Add(row);
            }

            row.Add(counted, now);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.CourseStudied, course.OrgId, nameof(Course), course.Id,
                $"学习课程《{course.Title}》{counted} 秒（累计 {studied + counted} / {course.LengthSeconds} 秒）", ct);
        }

        var orgName = await db.Organizations.Where(o => o.Id == course.OrgId).Select(o => o.ShortName).FirstAsync(ct);
        return Mine(course, orgName, studied + counted);
    }

    private async Task<long[]> MyCourseIdsAsync(CancellationToken ct)
    {
        if (await MyPersonIdAsync(ct) is not { } personId)
        {
            return [];
        }

        var prefixes = await AncestorPathsAsync(personId, ct);
        return await db.Set<Course>().Where(c => prefixes.Contains(c.OrgPath)).Select(c => c.Id).ToArrayAsync(ct);
    }

    /// <summary>The paths of the person's organizations and of every organization above them (a course there reaches them).</summary>
    private async Task<List<string>> AncestorPathsAsync(long personId, CancellationToken ct)
    {
        var paths = await db.Memberships.AsNoTracking().Where(m => m.PersonId == personId && m.State != MemberState.Ended)
            .Select(m => m.OrgPath).ToListAsync(ct);
        return paths.SelectMany(Ancestors).Distinct().ToList();
    }

    internal static IEnumerable<string> Ancestors(string path)
    {
        for (var i = path.IndexOf('/', 1); i > 0; i = path.IndexOf('/', i + 1))
        {
            yield return path[..(i + 1)];
        }
    }

    private async Task<long?> MyPersonIdAsync(CancellationToken ct) =>
        actor.UserId is { } userId
            ? await db.Users.Where(u => u.Id == userId).Select(u => u.PersonId).FirstOrDefaultAsync(ct)
            : null;

    internal static string? MaterialUrl(Course c) => c.MaterialStorageName is null ? null : $"/api/v1/courses/{c.Id}/material";

    private static CourseDto ToDto(Course c, string orgName) =>
        new(c.Id, c.OrgId, orgName, c.Title, c.Kind, c.Hours, c.Body, c.MaterialName, c.MaterialSize, MaterialUrl(c), c.CreatedAt);

    private static MyCourseDto Mine(Course c, string orgName, long studied) =>
        new(c.Id, orgName, c.Title, c.Kind, c.Hours, c.Body, MaterialUrl(c), studied, c.LengthSeconds, studied >= c.LengthSeconds);
}
