using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Learning;

/// <summary>Routes of learning and training (学习 / 培训).</summary>
public static class LearningEndpoints
{
    public static IEndpointRouteBuilder MapLearningEndpoints(this IEndpointRouteBuilder app)
    {
        var courses = app.MapGroup("/api/v1/courses").RequireAuthorization().WithTags("Learning");
        courses.MapPost("/", async (CreateCourseRequest body, LearningService learning, CancellationToken ct) =>
        {
            var course = await learning.CreateAsync(body, ct);
            return Results.Created($"/api/v1/courses/{course.Id}", course);
        }).RequireAuthorization(Policies.Writer).Produces<CourseDto>(StatusCodes.Status201Created)
            .WithSummary("发布课程（视频、文档或图文，含学时），本组织及下级组织的成员可学习");

        courses.MapGet("/", (long? orgId, bool? subtree, int? page, int? pageSize, LearningService learning, CancellationToken ct) =>
                learning.ListAsync(orgId, subtree ?? false, PageRequest.From(page, pageSize), ct))
            .WithSummary("课程列表（本组织或 subtree=true 含下级），新发布的在前");

        courses.MapPost("/{id:long}/materials", async (long id, IFormFile file, LearningService learning, CancellationToken ct) =>
        {
            await using var stream = file.OpenReadStream();
            var course = await learning.AddMaterialAsync(id, file.FileName, file.Length, stream, ct);
            return Results.Created($"/api/v1/courses/{id}/material", course);
        }).DisableAntiforgery().RequireAntiforgeryForCookies()
            .RequireOrgScope(write: true, LearningService.What, (db, id, ct) => db.Set<Course>().Where(c => c.Id == id).Select(c => c.OrgPath).FirstOrDefaultAsync(ct))
            .Produces<CourseDto>(StatusCodes.Status201Created).WithSummary("上传课程资料（视频、文档；类型和大小受限），再次上传替换原资料");

        courses.MapGet("/{id:long}/material", async (long id, LearningService learning, HttpContext http, CancellationToken ct) =>
        {
            var (file, name) = await learning.MaterialAsync(id, ct);
            if (file is null)
            {
                throw new DomainException(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "课程资料不存在或已被移除，请联系管理员重新上传");
            }

            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(file, FileStore.ContentTypeOf(name), name, enableRangeProcessing: true);
        }).ProducesFile("application/octet-stream").WithSummary("课程资料（支持 Range 分段请求，视频可拖动播放）");

        app.MapGet("/api/v1/me/courses", (LearningService learning, CancellationToken ct) => learning.MineAsync(ct))
            .RequireAuthorization().WithTags("Learning").WithSummary("我的课程：本组织及上级组织发布的课程和我的学习时长");

        app.MapPost("/api/v1/me/courses/{id:long}/progress", (long id, StudyProgressRequest body, LearningService learning, CancellationToken ct) =>
                learning.StudyAsync(id, body.Seconds, ct))
            .RequireAuthorization().WithTags("Learning").WithSummary("记录学习时长（秒）：单次不超过课程时长，累计以课程时长为上限");

        // /me's study form posts here (static rendering, antiforgery-checked form), then back to /me.
        app.MapPost("/me/courses/{id:long}/progress", async (long id, [Microsoft.AspNetCore.Mvc.FromForm] long? minutes,
            LearningService learning, CancellationToken ct) =>
        {
            try
            {
                var course = await learning.StudyAsync(id, minutes is { } m && m > 0 && m < 100_000 ? m * 60 : null, ct);
                return Results.LocalRedirect("/me?studied=" + Uri.EscapeDataString($"已记录学习时长：《{course.Title}》累计 {course.StudiedSeconds / 60} 分钟") + "#my-courses");
            }
            catch (DomainException e)
            {
                return Results.LocalRedirect("/me?studied=" + Uri.EscapeDataString(e.Message) + "#my-courses");
            }
        }).RequireAuthorization().ExcludeFromDescription();

        MapTrainings(app);
        return app;
    }

    private static void MapTrainings(IEndpointRouteBuilder app)
    {
        var trainings = app.MapGroup("/api/v1/trainings").RequireAuthorization().WithTags("Learning");
        trainings.MapPost("/", async (CreateTrainingRequest body, TrainingService service, CancellationToken ct) =>
        {
            var training = await service.CreateAsync(body, ct);
            return Results.Created($"/api/v1/trainings/{training.Id}", training);
        }).RequireAuthorization(Policies.Writer).Produces<TrainingDto>(StatusCodes.Status201Created)
            .WithSummary("开设培训班：名称、起止日期、学时、学员（本组织及下级组织的人员）");

        trainings.MapGet("/", (long? orgId, bool? subtree, int? page, int? pageSize, TrainingService service, CancellationToken ct) =>
                service.ListAsync(orgId, subtree ?? false, PageRequest.From(page, pageSize), ct))
            .WithSummary("培训班列表（本组织或 subtree=true 含下级）");

        trainings.MapGet("/{id:long}", (long id, TrainingService service, CancellationToken ct) => service.GetAsync(id, ct))
            .WithSummary("培训班详情：学员及出勤学时");

        trainings.MapPost("/{id:long}/attendance", (long id, AttendanceRequest body, TrainingService service, CancellationToken ct) =>
                service.AttendAsync(id, body, ct))
            .RequireOrgScope(write: true, TrainingService.What, (db, id, ct) => db.Set<Training>().Where(t => t.Id == id).Select(t => t.OrgPath).FirstOrDefaultAsync(ct))
            .WithSummary("登记出勤学时（每名学员 0 至培训班学时；再次登记替换）；计入发展党员、团员的培训学时");

        app.MapGet("/api/v1/orgs/{id:long}/study-stats", (long id, DateOnly? from, DateOnly? to, LearningStats stats, CancellationToken ct) =>
                stats.ForAsync(id, from, to, ct))
            .RequireAuthorization(Policies.OrgRead).WithTags("Learning")
            .WithSummary("学习统计：子树人数、参加学习人数、学时合计，按下级组织（默认本年度）");
    }
}
