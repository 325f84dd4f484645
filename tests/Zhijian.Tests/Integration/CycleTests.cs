using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Cadres;
using Zhijian.Web.Features.Elections;
using Zhijian.Web.Features.Evaluations;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class CycleTestsOnSqlite(SqliteApp app) : CycleTests(app), IClassFixture<SqliteApp>;

public sealed class CycleTestsOnPostgres(PostgresApp app) : CycleTests(app), IClassFixture<PostgresApp>;

/// <summary>The yearly cycles through HTTP: evaluations, 团籍注册, elections and terms (换届).</summary>
public abstract class CycleTests(AppFixture app)
{
    private static DateOnly Today => People.Today;

    private static int Year => Today.Year;

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd");

    private static Task<HttpResponseMessage> Put(HttpClient c, string url, object body) => c.PutAsJsonAsync(url, body, Api.Json);

    private static object Results(IEnumerable<long> attendance, params (long Id, string Grade)[] grades) =>
        new { attendance, results = grades.Select(g => new { memberId = g.Id, grade = g.Grade }).ToArray() };

    [Fact]
    public async Task ALeagueYear_Evaluate_Close_Register_Statistics()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var a = await data.OrgAsync("league", "branch", root.Id);
        var b = await data.OrgAsync("league", "branch", root.Id);
        var m = await data.MembersAsync(a.Id, 10);
        await data.MembersAsync(b.Id, 3);

        var opened = await (await admin.PostJsonAsync($"/api/v1/orgs/{a.Id}/evaluations", new { year = Year, kind = "leagueEducation" }))
            .ReadAsync<EvaluationDto>(HttpStatusCode.Created);
        opened.Should().BeEquivalentTo(new { OrgId = a.Id, Year, Kind = EvaluationKind.LeagueEducation, State = EvaluationState.Open, MemberCount = 10, MaxExcellent = 3, MinAttendance = 7 });
        opened.Members!.Select(x => x.MemberId).Should().BeEquivalentTo(m);
        await (await admin.PostJsonAsync($"/api/v1/orgs/{a.Id}/evaluations", new { year = Year, kind = "leagueEducation" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
        var url = $"/api/v1/evaluations/{opened.Id}/results";

        // A fourth 优秀 in ten (floor of 30% is 3), six of ten attending (not more than 2/3), a stranger: 400, nothing written.
        await (await Put(admin, url, Results(m, (m[0], "excellent"), (m[1], "excellent"), (m[2], "excellent"), (m[3], "excellent"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await Put(admin, url, Results(m.Take(6), (m[0], "excellent"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var stranger = (await data.MembersAsync(b.Id, 1))[0];
        await (await Put(admin, url, Results(m, (stranger, "qualified"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await admin.GetOkAsync<EvaluationDto>($"/api/v1/evaluations/{opened.Id}")).Should()
            .BeEquivalentTo(new { Attended = 0, Excellent = 0, Ungraded = 10 });

        var grades = new[] { (m[0], "excellent"), (m[1], "excellent"), (m[2], "excellent"), (m[3], "qualified"), (m[4], "qualified"),
            (m[5], "qualified"), (m[6], "qualified"), (m[7], "basicallyQualified"), (m[8], "unqualified") };
        var recorded = await (await Put(admin, url, Results(m.Take(9), grades))).ReadAsync<EvaluationDto>();
        recorded.Should().BeEquivalentTo(new { Attended = 9, Excellent = 3, Qualified = 4, BasicallyQualified = 1, Unqualified = 1, Ungraded = 1 });
        await (await admin.PostJsonAsync($"/api/v1/evaluations/{opened.Id}/close", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState); // one still ungraded
        await (await admin.PostJsonAsync($"/api/v1/orgs/{a.Id}/registrations", new { year = Year }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState); // not closed yet

        await (await Put(admin, url, Results(m.Take(9), [.. grades, (m[9], "unqualified")]))).ReadAsync<EvaluationDto>();
        (await (await admin.PostJsonAsync($"/api/v1/evaluations/{opened.Id}/close", new { })).ReadAsync<EvaluationDto>())
            .State.Should().Be(EvaluationState.Closed);
        await (await Put(admin, url, Results(m, (m[9], "qualified"))))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        var late = (await data.MembersAsync(a.Id, 1))[0]; // joined after the evaluation
        var registration = await (await admin.PostJsonAsync($"/api/v1/orgs/{a.Id}/registrations", new { year = Year }))
            .ReadAsync<RegistrationResultDto>();
        registration.Registered.Should().Be(8);
        registration.NotRegistered.Select(x => x.MemberId).Should().BeEquivalentTo([m[8], m[9], late]);
        registration.NotRegistered.Single(x => x.MemberId == m[8]).Reason.Should().Contain("不合格");
        registration.NotRegistered.Single(x => x.MemberId == late).Reason.Should().Contain("未参加");
        // Registering again changes nothing.
        (await (await admin.PostJsonAsync($"/api/v1/orgs/{a.Id}/registrations", new { year = Year }))
            .ReadAsync<RegistrationResultDto>()).Registered.Should().Be(8);

        var stats = await admin.GetOkAsync<RegistrationStatsDto>($"/api/v1/orgs/{root.Id}/registration-stats?year={Year}");
        stats.Should().BeEquivalentTo(new { Members = 15L, Registered = 8L, Rate = 0.5333m, ByBranchComplete = true });
        stats.ByBranch.Should().BeEquivalentTo([
            new BranchRegistrationDto(a.Id, a.ShortName, 11, 8, 0.7273m), new BranchRegistrationDto(b.Id, b.ShortName, 4, 0, 0m)]);
        var unregistered = await admin.GetOkAsync<PagedList<UnregisteredMemberDto>>(
            $"/api/v1/orgs/{root.Id}/unregistered?year={Year}&subtree=true&pageSize=50");
        unregistered.Total.Should().Be(7);
        unregistered.Items.Select(x => x.MemberId).Should().Contain([m[8], m[9], late, stranger]).And.NotContain(m[0]);

        await using (var scope = app.Scope())
        {
            var mine = await scope.ServiceProvider.GetRequiredService<RegistrationService>().MineAsync([m[0], m[8]]);
            mine.Select(x => (x.Grade, x.Registered)).Should().BeEquivalentTo([((Grade?)Grade.Excellent, true), ((Grade?)Grade.Unqualified, false)]);
        }

        var list = await admin.GetOkAsync<PagedList<EvaluationDto>>($"/api/v1/orgs/{root.Id}/evaluations?year={Year}&subtree=true");
        list.Items.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            State = EvaluationState.Closed,
            Excellent = 3,
            Qualified = 4,
            BasicallyQualified = 1,
            Unqualified = 2,
            Ungraded = 0,
        });
        (await admin.GetOkAsync<PagedList<EvaluationDto>>($"/api/v1/orgs/{root.Id}/evaluations?year={Year}")).Total.Should().Be(0);
    }

    [Fact]
    public async Task APartyEvaluation_UnqualifiedMemberNeedsAFollowUp_WhichChangesNoMembership()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("party", "committee", null);
        var branch = await data.OrgAsync("party", "branch", root.Id);
        var m = await data.MembersAsync(branch.Id, 4, MemberStage.Full);

        await (await admin.PostJsonAsync($"/api/v1/orgs/{root.Id}/evaluations", new { year = Year }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed); // a committee is not a branch
        await (await admin.PostJsonAsync($"/api/v1/orgs/{branch.Id}/evaluations", new { year = Year, kind = "leagueEducation" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostJsonAsync($"/api/v1/orgs/{branch.Id}/evaluations", new { year = Year + 1 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var e = await (await admin.PostJsonAsync($"/api/v1/orgs/{branch.Id}/evaluations", new { year = Year, kind = "partyDemocratic" }))
            .ReadAsync<EvaluationDto>(HttpStatusCode.Created);
        e.MaxExcellent.Should().Be(1);
        var url = $"/api/v1/evaluations/{e.Id}/results";

        await (await Put(admin, url, new
        {
            attendance = m,
            results = new object[]
            {
                new { memberId = m[0], grade = "excellent", followUp = "rectify" },
            },
        })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed); // a follow-up only for 不合格

        await (await Put(admin, url, Results(m, (m[0], "excellent"), (m[1], "qualified"), (m[2], "qualified"), (m[3], "unqualified"))))
            .ReadAsync<EvaluationDto>();
        await (await admin.PostJsonAsync($"/api/v1/evaluations/{e.Id}/close", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        var withOutcome = await (await Put(admin, url, new
        {
            attendance = m,
            results = new object[]
            {
                new { memberId = m[0], grade = "excellent" }, new { memberId = m[1], grade = "qualified" },
                new { memberId = m[2], grade = "qualified" },
                new { memberId = m[3], grade = "unqualified", followUp = "rectify", followUpNote = "限期三个月改正" },
            },
        })).ReadAsync<EvaluationDto>();
        withOutcome.Members!.Single(x => x.MemberId == m[3]).Should()
            .BeEquivalentTo(new { Grade = Grade.Unqualified, FollowUp = FollowUp.Rectify, FollowUpNote = "限期三个月改正" });
        (await (await admin.PostJsonAsync($"/api/v1/evaluations/{e.Id}/close", new { })).ReadAsync<EvaluationDto>())
            .State.Should().Be(EvaluationState.Closed);

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        (await db.Memberships.SingleAsync(x => x.Id == m[3])).State.Should().Be(MemberState.Active, "the outcome is recorded, not applied");

        // Party branches do not register (团籍注册 is the League's).
        await (await admin.PostJsonAsync($"/api/v1/orgs/{branch.Id}/registrations", new { year = Year }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task AnElection_ReplacesTheCommittee_KeepsHistory_AndRestartsTheTerm()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id);
        var members = await data.MembersAsync(branch.Id, 3);
        var otherRoot = await data.OrgAsync("league", "committee", null);
        var outsider = (await data.MembersAsync((await data.OrgAsync("league", "branch", otherRoot.Id)).Id, 1))[0];
        await data.PositionAsync(root.Id); // the old secretary, since 2024-01-01
        var heldOn = Today.AddDays(-10);
        var electionsUrl = $"/api/v1/orgs/{root.Id}/elections";
        object Body(DateOnly on, int years, params (long Id, string Post)[] seats) => new
        {
            heldOn = Day(on),
            termYears = years,
            committee = seats.Select(s => new { memberId = s.Id, post = s.Post }).ToArray(),
            note = "第三次团员代表大会",
        };

        await (await admin.PostJsonAsync(electionsUrl, Body(heldOn, 6, (members[0], "secretary"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed); // League committees: 3–5 years
        await (await admin.PostJsonAsync(electionsUrl, Body(Today.AddDays(1), 5, (members[0], "secretary"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed); // in the future
        await (await admin.PostJsonAsync(electionsUrl, Body(heldOn, 5, (members[0], "secretary"), (outsider, "member"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed); // outside the organization
        (await admin.GetOkAsync<List<ElectionDto>>(electionsUrl)).Should().BeEmpty();

        var election = await (await admin.PostJsonAsync(electionsUrl,
                Body(heldOn, 4, (members[0], "secretary"), (members[1], "deputySecretary"), (members[2], "member"))))
            .ReadAsync<ElectionDto>(HttpStatusCode.Created);
        election.Should().BeEquivalentTo(new { HeldOn = heldOn, TermYears = 4, TermEndsOn = heldOn.AddYears(4) });
        election.Committee.Select(s => s.Post).Should().Equal("secretary", "deputySecretary", "member");

        var positions = await admin.GetOkAsync<List<PositionDto>>($"/api/v1/orgs/{root.Id}/positions?includeEnded=true");
        positions.Should().HaveCount(4);
        positions.Single(p => p.EndedOn is not null).Should().BeEquivalentTo(new { EndedOn = (DateOnly?)heldOn, EndReason = "换届" });
        positions.Where(p => p.EndedOn is null).Select(p => p.MemberId).Should().BeEquivalentTo(members.Cast<long?>());
        positions.Where(p => p.EndedOn is null).Should().OnlyContain(p => p.StartedOn == heldOn);

        var term = await admin.GetOkAsync<TermDto>($"/api/v1/orgs/{root.Id}/term");
        term.Should().BeEquivalentTo(new { TermStartedOn = (DateOnly?)heldOn, TermYears = (int?)4, TermEndsOn = (DateOnly?)heldOn.AddYears(4), Status = "ok" });

        await (await admin.PostJsonAsync(electionsUrl, Body(heldOn.AddDays(-1), 5, (members[0], "secretary"))))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed); // before the previous one
        (await admin.GetOkAsync<List<ElectionDto>>(electionsUrl)).Should().ContainSingle();
        var second = await (await admin.PostJsonAsync(electionsUrl, Body(Today, 3, (members[1], "secretary"))))
            .ReadAsync<ElectionDto>(HttpStatusCode.Created);
        (await admin.GetOkAsync<List<ElectionDto>>(electionsUrl)).Select(x => x.Id).Should().Equal(second.Id, election.Id);
        (await admin.GetOkAsync<List<PositionDto>>($"/api/v1/orgs/{root.Id}/positions")).Should().ContainSingle()
            .Which.MemberId.Should().Be(members[1]);
    }

    [Fact]
    public async Task Extensions_AreCapped_AndTheBoardAndAlertsUseTheNewEnd()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id);
        var late = await data.OrgAsync("league", "branch", root.Id);
        var fine = await data.OrgAsync("league", "branch", root.Id);
        var m = await data.MembersAsync(branch.Id, 1);
        var ml = await data.MembersAsync(late.Id, 1);
        var mf = await data.MembersAsync(fine.Id, 1);
        async Task Elect(long orgId, long member, DateOnly on) =>
            await (await admin.PostJsonAsync($"/api/v1/orgs/{orgId}/elections",
                new { heldOn = Day(on), termYears = 3, committee = new[] { new { memberId = member, post = "secretary" } } }))
                .ReadAsync<ElectionDto>(HttpStatusCode.Created);
        await Elect(branch.Id, m[0], Today.AddYears(-3).AddMonths(2)); // ends in two months
        await Elect(late.Id, ml[0], Today.AddYears(-3).AddDays(-5)); // ended five days ago
        await Elect(fine.Id, mf[0], Today.AddYears(-1));

        var board = await admin.GetOkAsync<PagedList<TermDto>>($"/api/v1/orgs/{root.Id}/terms?subtree=true");
        board.Items.Select(t => t.OrgId).Should().Equal(late.Id, branch.Id);
        (await admin.GetOkAsync<PagedList<TermDto>>($"/api/v1/orgs/{root.Id}/terms?subtree=true&status=overdue")).Items
            .Should().ContainSingle().Which.Should().BeEquivalentTo(new { OrgId = late.Id, Status = "overdue" });
        (await admin.GetOkAsync<PagedList<TermDto>>($"/api/v1/orgs/{root.Id}/terms?subtree=true&status=ending")).Items
            .Should().ContainSingle().Which.Should().BeEquivalentTo(new { OrgId = branch.Id, Status = "ending" });
        await (await admin.GetAsync($"/api/v1/orgs/{root.Id}/terms?status=soon")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        var extensions = $"/api/v1/orgs/{branch.Id}/term-extensions";
        await (await admin.PostJsonAsync(extensions, new { months = 7, approvedOn = Day(Today), reason = "疫情" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed); // League branches: 6 months at most
        await (await admin.PostJsonAsync(extensions, new { months = 2, reason = "等待上级批复" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed); // no approval date
        var extended = await (await admin.PostJsonAsync(extensions, new { months = 5, approvedOn = Day(Today), reason = "单位改制" }))
            .ReadAsync<TermDto>();
        extended.Should().BeEquivalentTo(new { TermExtendedMonths = 5, TermEndsOn = (DateOnly?)Today.AddYears(-3).AddMonths(2).AddYears(3).AddMonths(5), Status = "ok" });
        await (await admin.PostJsonAsync(extensions, new { months = 2, approvedOn = Day(Today), reason = "再延" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed); // 5 + 2 > 6
        (await admin.GetOkAsync<PagedList<TermDto>>($"/api/v1/orgs/{root.Id}/terms?subtree=true")).Items.Select(t => t.OrgId)
            .Should().Equal(late.Id);

        // The alert scan reads the extended end: the branch's 换届提醒 is gone, the late one's 换届逾期 is there.
        await (await admin.PostJsonAsync("/api/v1/alerts/scan", new { })).ReadAsync<System.Text.Json.JsonElement>();
        var alerts = await admin.GetOkAsync<System.Text.Json.JsonElement>($"/api/v1/alerts?orgId={root.Id}&subtree=true&pageSize=200");
        var found = alerts.GetProperty("items").EnumerateArray()
            .Select(x => (Org: x.GetProperty("orgId").GetInt64(), Type: x.GetProperty("type").GetString())).ToList();
        found.Should().Contain((late.Id, "termOverdue")).And.NotContain(x => x.Org == branch.Id);
    }

    [Fact]
    public async Task OutsideTheScope_EverythingIsNotFound()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id);
        var m = await data.MembersAsync(branch.Id, 3);
        var e = await (await admin.PostJsonAsync($"/api/v1/orgs/{branch.Id}/evaluations", new { year = Year }))
            .ReadAsync<EvaluationDto>(HttpStatusCode.Created);
        var otherRoot = await data.OrgAsync("league", "committee", null);
        var outsider = await app.UserWithRoleAsync("orgAdmin", otherRoot.Id);

        await (await outsider.GetAsync($"/api/v1/evaluations/{e.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await Put(outsider, $"/api/v1/evaluations/{e.Id}/results", Results(m, (m[0], "qualified"))))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await outsider.PostJsonAsync($"/api/v1/evaluations/{e.Id}/close", new { })).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        foreach (var url in new[]
                 {
                     $"/api/v1/orgs/{root.Id}/evaluations?subtree=true", $"/api/v1/orgs/{root.Id}/registration-stats",
                     $"/api/v1/orgs/{root.Id}/elections", $"/api/v1/orgs/{root.Id}/terms?subtree=true", $"/api/v1/orgs/{root.Id}/unregistered",
                 })
        {
            await (await outsider.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }

        await (await outsider.PostJsonAsync($"/api/v1/orgs/{branch.Id}/elections",
                new { heldOn = Day(Today), termYears = 3, committee = new[] { new { memberId = m[0], post = "secretary" } } }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

        var observer = await app.UserWithRoleAsync("observer", root.Id);
        (await observer.GetOkAsync<EvaluationDto>($"/api/v1/evaluations/{e.Id}")).Id.Should().Be(e.Id);
        await (await observer.PostJsonAsync($"/api/v1/evaluations/{e.Id}/close", new { })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await observer.PostJsonAsync($"/api/v1/orgs/{branch.Id}/term-extensions", new { months = 1, approvedOn = Day(Today), reason = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }
}
