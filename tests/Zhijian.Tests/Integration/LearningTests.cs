using System.Net;
using System.Net.Http.Headers;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Development;
using Zhijian.Web.Features.Learning;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class LearningTestsOnSqlite(SqliteApp app) : LearningTests(app), IClassFixture<SqliteApp>;

public sealed class LearningTestsOnPostgres(PostgresApp app) : LearningTests(app), IClassFixture<PostgresApp>;

/// <summary>Issue 18 item 4: courses, study time from /me (capped), training classes and the hours Development counts.</summary>
public abstract class LearningTests(AppFixture app)
{
    private static DateOnly Today => People.Today;

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd");

    private async Task<(HttpClient Admin, OrganizationDto Root, OrganizationDto Branch)> TreeAsync()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id);
        return (admin, root, branch);
    }

    private async Task<(HttpClient Client, long PersonId)> MemberAsync(HttpClient admin, long branchId)
    {
        var me = await admin.CreateMemberAsync(branchId, People.Young());
        var name = $"l{TestData.Unique()}";
        var user = await (await admin.PostJsonAsync("/api/v1/users", new { userName = name, password = AppFixture.Password, personId = me.Person.Id }))
            .ReadAsync<CreatedUser>(HttpStatusCode.Created);
        (await admin.PostJsonAsync($"/api/v1/users/{user.Id}/roles", new { role = "member", orgId = branchId })).EnsureSuccessStatusCode();
        return (await app.SignInAsync(name), me.Person.Id);
    }

    private static async Task<CourseDto> CourseAsync(HttpClient client, long orgId, decimal hours, string kind = "text") =>
        await (await client.PostJsonAsync("/api/v1/courses", new { orgId, title = "党章学习", kind, hours, body = "学习党章" }))
            .ReadAsync<CourseDto>(HttpStatusCode.Created);

    private async Task<decimal> HoursAsync(long personId)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<ITrainingHours>().HoursAsync(personId, Today.AddDays(-30), Today, CancellationToken.None);
    }

    [Fact]
    public async Task Study_IsRecordedFromMe_CappedByTheCourseLength_AndCountsAsTrainingHours()
    {
        var (admin, root, branch) = await TreeAsync();
        var (member, personId) = await MemberAsync(admin, branch.Id);
        var course = await CourseAsync(admin, root.Id, 1.5m);

        var mine = await member.GetOkAsync<List<MyCourseDto>>("/api/v1/me/courses");
        mine.Should().ContainSingle(c => c.Id == course.Id).Which.LengthSeconds.Should().Be(5400, "a course of the root reaches its branches' members");

        var first = await (await member.PostJsonAsync($"/api/v1/me/courses/{course.Id}/progress", new { seconds = 3600 })).ReadAsync<MyCourseDto>();
        first.StudiedSeconds.Should().Be(3600);
        var second = await (await member.PostJsonAsync($"/api/v1/me/courses/{course.Id}/progress", new { seconds = 3600 })).ReadAsync<MyCourseDto>();
        second.StudiedSeconds.Should().Be(5400, "the total is capped by the course length");
        second.Completed.Should().BeTrue();

        // One report longer than the course is refused, and nothing is written.
        await (await member.PostJsonAsync($"/api/v1/me/courses/{course.Id}/progress", new { seconds = 5401 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await member.PostJsonAsync($"/api/v1/me/courses/{course.Id}/progress", new { seconds = 0 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await HoursAsync(personId)).Should().Be(1.5m);

        var stats = await admin.GetOkAsync<StudyStatsDto>($"/api/v1/orgs/{root.Id}/study-stats");
        stats.Should().BeEquivalentTo(new { Members = 1L, Studied = 1L, Hours = 1.5m }, o => o.ExcludingMissingMembers());
        stats.ByOrg.Should().ContainSingle(o => o.OrgId == branch.Id).Which.Hours.Should().Be(1.5m);
    }

    [Fact]
    public async Task CourseOfAnotherTree_IsNotTheMembers()
    {
        var (admin, _, branch) = await TreeAsync();
        var (_, other, _) = await TreeAsync();
        var (member, _) = await MemberAsync(admin, branch.Id);
        var course = await CourseAsync(admin, other.Id, 1);
        (await member.GetOkAsync<List<MyCourseDto>>("/api/v1/me/courses")).Should().NotContain(c => c.Id == course.Id);
        await (await member.PostJsonAsync($"/api/v1/me/courses/{course.Id}/progress", new { seconds = 60 }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task TrainingAttendance_CountsAsTheTraineesHours_AndReplacesOnSecondRecording()
    {
        var (admin, root, branch) = await TreeAsync();
        var a = await admin.CreateMemberAsync(branch.Id, People.Young());
        var b = await admin.CreateMemberAsync(branch.Id, People.Young());
        var training = await (await admin.PostJsonAsync("/api/v1/trainings", new
        {
            orgId = root.Id,
            title = "入党积极分子培训班",
            startOn = Day(Today.AddDays(-3)),
            endOn = Day(Today.AddDays(-1)),
            hours = 8,
            personIds = new[] { a.Person.Id, b.Person.Id },
        })).ReadAsync<TrainingDto>(HttpStatusCode.Created);
        training.Trainees.Should().HaveCount(2);

        (await HoursAsync(a.Person.Id)).Should().Be(0);
        var recorded = await (await admin.PostJsonAsync($"/api/v1/trainings/{training.Id}/attendance",
            new { records = new[] { new { personId = a.Person.Id, hours = 8m }, new { personId = b.Person.Id, hours = 6m } } })).ReadAsync<TrainingDto>();
        recorded.Trainees.Single(t => t.PersonId == b.Person.Id).Hours.Should().Be(6m);
        (await HoursAsync(a.Person.Id)).Should().Be(8m, "a League activist's 8 class hours come from here");
        (await HoursAsync(b.Person.Id)).Should().Be(6m);

        (await admin.PostJsonAsync($"/api/v1/trainings/{training.Id}/attendance",
            new { records = new[] { new { personId = b.Person.Id, hours = 8m } } })).EnsureSuccessStatusCode();
        (await HoursAsync(b.Person.Id)).Should().Be(8m, "recording again replaces, never adds");

        // More than the class, or a person not enrolled: refused, nothing changes.
        await (await admin.PostJsonAsync($"/api/v1/trainings/{training.Id}/attendance",
                new { records = new[] { new { personId = a.Person.Id, hours = 9m } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var stranger = await admin.CreateMemberAsync(branch.Id, People.Young());
        await (await admin.PostJsonAsync($"/api/v1/trainings/{training.Id}/attendance",
                new { records = new[] { new { personId = stranger.Person.Id, hours = 1m } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await HoursAsync(a.Person.Id)).Should().Be(8m);
        (await HoursAsync(stranger.Person.Id)).Should().Be(0);
    }

    [Fact]
    public async Task Trainees_MustBePersonsOfTheSubtree()
    {
        var (admin, root, _) = await TreeAsync();
        var (_, otherRoot, otherBranch) = await TreeAsync();
        var outsider = await admin.CreateMemberAsync(otherBranch.Id, People.Young());
        _ = otherRoot;
        await (await admin.PostJsonAsync("/api/v1/trainings", new
        {
            orgId = root.Id,
            title = "培训班",
            startOn = Day(Today),
            endOn = Day(Today),
            hours = 2,
            personIds = new[] { outsider.Person.Id },
        }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task BadInput_IsRefused_AndNothingIsWritten()
    {
        var (admin, root, _) = await TreeAsync();
        var before = await CountAsync();
        await (await admin.PostJsonAsync("/api/v1/courses", new { orgId = root.Id, title = " ", kind = "text", hours = 1 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostJsonAsync("/api/v1/courses", new { orgId = root.Id, title = "课", kind = "podcast", hours = 1 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostJsonAsync("/api/v1/courses", new { orgId = root.Id, title = "课", kind = "text", hours = 0 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostJsonAsync("/api/v1/trainings", new { orgId = root.Id, title = "", startOn = Day(Today), endOn = Day(Today), hours = 1, personIds = new[] { 1 } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await CountAsync()).Should().Be(before);

        var course = await CourseAsync(admin, root.Id, 1, "video");
        await (await UploadAsync(admin, course.Id, "virus.exe", [1, 2, 3])).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await UploadAsync(admin, course.Id, "empty.mp4", [])).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await admin.GetAsync($"/api/v1/courses/{course.Id}/material")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task VideoMaterial_IsServedWithRangeRequests()
    {
        var (admin, root, branch) = await TreeAsync();
        var (member, _) = await MemberAsync(admin, branch.Id);
        var course = await CourseAsync(admin, root.Id, 1, "video");
        var bytes = Enumerable.Range(0, 5000).Select(i => (byte)(i % 251)).ToArray();
        var uploaded = await (await UploadAsync(admin, course.Id, "第一课.mp4", bytes)).ReadAsync<CourseDto>(HttpStatusCode.Created);
        uploaded.MaterialUrl.Should().NotBeNull();

        using var request = new HttpRequestMessage(HttpMethod.Get, uploaded.MaterialUrl);
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var partial = await member.SendAsync(request);
        partial.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        partial.Content.Headers.ContentType!.MediaType.Should().Be("video/mp4");
        (await partial.Content.ReadAsByteArrayAsync()).Should().Equal(bytes[100..200]);
    }

    [Fact]
    public async Task Scopes_OutsideIs404_ObserversWriting403()
    {
        var (admin, root, _) = await TreeAsync();
        var (_, otherRoot, _) = await TreeAsync();
        var course = await CourseAsync(admin, root.Id, 1);
        var outsider = await app.UserWithRoleAsync("orgAdmin", otherRoot.Id);
        var observer = await app.UserWithRoleAsync("observer", root.Id);

        await (await outsider.PostJsonAsync("/api/v1/courses", new { orgId = root.Id, title = "课", kind = "text", hours = 1 }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        (await outsider.GetAsync($"/api/v1/orgs/{root.Id}/study-stats")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await outsider.GetAsync($"/api/v1/courses/{course.Id}/material")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await observer.PostJsonAsync("/api/v1/courses", new { orgId = root.Id, title = "课", kind = "text", hours = 1 }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await (await observer.GetAsync($"/api/v1/orgs/{root.Id}/study-stats")).Content.ReadAsStringAsync()).Should().Contain("members");
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, long courseId, string fileName, byte[] bytes)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return client.PostAsync($"/api/v1/courses/{courseId}/materials", form);
    }

    private async Task<int> CountAsync()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        return await db.Set<Course>().CountAsync() + await db.Set<Training>().CountAsync();
    }

    private sealed record CreatedUser(long Id, string UserName);

    private static object Applicant(Zhijian.Web.Data.Demo.DemoPerson p) => new
    {
        name = p.Name,
        gender = p.GenderCode,
        ethnicity = p.EthnicityCode,
        birthDate = Day(p.BirthDate),
        idNumber = p.IdNumber,
        phone = p.Phone,
        education = p.EducationCode,
        politicalStatus = "13",
        workUnit = "某某中学",
    };

    [Fact]
    public async Task ActivistWithoutAMembership_IsATrainee_AndTheClassesEightHoursUnlockTheLeagueStep()
    {
        var (admin, root, branch) = await TreeAsync();
        var p = People.Born(Today.AddYears(-17), Today.AddYears(-16));
        var applied = Today.AddMonths(-8);
        var activistOn = applied.AddMonths(1);
        var record = await (await admin.PostJsonAsync("/api/v1/development", new
        {
            system = "league",
            orgId = branch.Id,
            appliedOn = Day(applied),
            person = Applicant(p),
        })).ReadAsync<DevelopmentRecordDto>(HttpStatusCode.Created);
        (await admin.PostJsonAsync($"/api/v1/development/{record.Id}/advance", new { to = "activist", on = Day(activistOn) }))
            .EnsureSuccessStatusCode();
        record.MembershipId.Should().BeNull("an activist holds no membership yet");

        // An activist of another tree is not this class's person.
        var (_, _, otherBranch) = await TreeAsync();
        var q = People.Born(Today.AddYears(-17), Today.AddYears(-16));
        var stranger = await (await admin.PostJsonAsync("/api/v1/development", new
        {
            system = "league",
            orgId = otherBranch.Id,
            appliedOn = Day(applied),
            person = Applicant(q),
        })).ReadAsync<DevelopmentRecordDto>(HttpStatusCode.Created);
        var body = new
        {
            orgId = root.Id,
            title = "团课培训班",
            startOn = Day(Today.AddDays(-10)),
            endOn = Day(Today.AddDays(-2)),
            hours = 8,
            personIds = new[] { record.PersonId, stranger.PersonId },
        };
        await (await admin.PostJsonAsync("/api/v1/trainings", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        var training = await (await admin.PostJsonAsync("/api/v1/trainings", body with { personIds = new[] { record.PersonId } }))
            .ReadAsync<TrainingDto>(HttpStatusCode.Created);
        training.Trainees.Should().ContainSingle().Which.Should().BeEquivalentTo(new { record.PersonId, record.Name });

        // Without attended hours the League step (8 class hours) is refused; with the class's 8 hours it goes through.
        var toMember = new { to = "member", on = Day(Today) };
        await (await admin.PostJsonAsync($"/api/v1/development/{record.Id}/advance", toMember))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await admin.PostJsonAsync($"/api/v1/trainings/{training.Id}/attendance",
            new { records = new[] { new { personId = record.PersonId, hours = 8m } } })).EnsureSuccessStatusCode();
        var member = await (await admin.PostJsonAsync($"/api/v1/development/{record.Id}/advance", toMember)).ReadAsync<DevelopmentRecordDto>();
        member.Stage.Should().Be(DevelopmentStage.Member);
    }
}
