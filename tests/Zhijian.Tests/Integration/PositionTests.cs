using System.Net;
using System.Text.Json;
using AwesomeAssertions;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Cadres;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Statistics;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class PositionTestsOnSqlite(SqliteApp app) : PositionTests(app), IClassFixture<SqliteApp>;

public sealed class PositionTestsOnPostgres(PostgresApp app) : PositionTests(app), IClassFixture<PostgresApp>;

/// <summary>The cadre library: committee positions through HTTP.</summary>
public abstract class PositionTests(AppFixture app)
{
    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd");

    private async Task<(HttpClient Admin, TestData Data, OrganizationDto Root, OrganizationDto Branch)> TreeAsync(string system = "party")
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync(system, "committee", null);
        var branch = await data.OrgAsync(system, "branch", root.Id);
        return (admin, data, root, branch);
    }

    [Fact]
    public async Task Appoint_List_Patch_End_WithCountersAgeBandsAndAudit()
    {
        var (admin, data, root, branch) = await TreeAsync();
        var (a, b, c) = (People.Adult(), People.Adult(), People.Adult());
        var memberA = await admin.CreateMemberAsync(branch.Id, a, "party");
        var memberB = await admin.CreateMemberAsync(branch.Id, b, "party");
        var memberC = await admin.CreateMemberAsync(branch.Id, c, "party");

        var response = await admin.PostJsonAsync($"/api/v1/orgs/{root.Id}/positions",
            new { memberId = memberA.Id, post = "secretary", startedOn = "2024-05-04", fullTime = true, jobLevel = "正科级" });
        var secretary = await response.ReadAsync<PositionDto>(HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/v1/positions/{secretary.Id}");
        secretary.Should().BeEquivalentTo(new
        {
            OrgId = root.Id,
            OrgName = root.ShortName,
            PersonId = memberA.Person.Id,
            MemberId = (long?)memberA.Id,
            Name = a.Name,
            Gender = a.GenderCode,
            BirthDate = (DateOnly?)a.BirthDate,
            Age = (int?)Age.On(a.BirthDate, People.Today),
            Post = "secretary",
            PostName = "书记",
            StartedOn = new DateOnly(2024, 5, 4),
            EndedOn = (DateOnly?)null,
            FullTime = true,
            JobLevel = "正科级",
        });

        var deputy = await (await admin.PostJsonAsync($"/api/v1/orgs/{root.Id}/positions",
            new { personId = memberB.Person.Id, post = "deputySecretary", startedOn = "2023-01-01" })).ReadAsync<PositionDto>(HttpStatusCode.Created);
        deputy.MemberId.Should().Be(memberB.Id, "the holder's membership in the subtree is found from the person");
        deputy.FullTime.Should().BeFalse();

        await (await admin.PostJsonAsync($"/api/v1/orgs/{root.Id}/positions",
                new { memberId = memberC.Id, post = "secretary", startedOn = "2024-06-01" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
        await (await admin.PostJsonAsync($"/api/v1/orgs/{root.Id}/positions",
                new { memberId = memberB.Id, post = "deputySecretary", startedOn = "2024-06-01" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        // Ranked by post, then start: the secretary first although the deputy started earlier.
        var list = await admin.GetOkAsync<List<PositionDto>>($"/api/v1/orgs/{root.Id}/positions");
        list.Select(p => p.Id).Should().Equal(secretary.Id, deputy.Id);

        var stats = await admin.GetOkAsync<OrgStats>($"/api/v1/orgs/{root.Id}/stats");
        stats.Cadres.Total.Should().Be(2);
        var bands = new[] { a, b }.GroupBy(p => StatisticsService.AgeBand(Age.On(p.BirthDate, People.Today)))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        stats.Cadres.ByAgeBand.Where(kv => kv.Value > 0).Should().BeEquivalentTo(bands);
        (await admin.GetOkAsync<OrgStats>($"/api/v1/orgs/{branch.Id}/stats")).Cadres.Total.Should().Be(0, "positions count where they are held, and above");

        var patched = await (await admin.PatchJsonAsync($"/api/v1/positions/{deputy.Id}",
            new { post = "organization", fullTime = true, jobLevel = "副科级", startedOn = "2023-02-01" })).ReadAsync<PositionDto>();
        patched.Should().BeEquivalentTo(new { Post = "organization", PostName = "组织委员", FullTime = true, JobLevel = "副科级", StartedOn = new DateOnly(2023, 2, 1) });
        await (await admin.PatchJsonAsync($"/api/v1/positions/{deputy.Id}", new { post = "secretary" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
        await (await admin.PatchJsonAsync($"/api/v1/positions/{deputy.Id}", new { post = "chairman" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await admin.GetOkAsync<PositionDto>($"/api/v1/positions/{deputy.Id}")).JobLevel.Should().Be("副科级");

        await (await admin.PostJsonAsync($"/api/v1/positions/{secretary.Id}/end", new { on = Day(People.Today) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostJsonAsync($"/api/v1/positions/{secretary.Id}/end", new { on = "2024-01-01", reason = "换届" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var ended = await (await admin.PostJsonAsync($"/api/v1/positions/{secretary.Id}/end", new { on = Day(People.Today), reason = "换届" }))
            .ReadAsync<PositionDto>();
        ended.EndedOn.Should().Be(People.Today);
        ended.EndReason.Should().Be("换届");
        await (await admin.PostJsonAsync($"/api/v1/positions/{secretary.Id}/end", new { reason = "再次离任" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
        await (await admin.PatchJsonAsync($"/api/v1/positions/{secretary.Id}", new { jobLevel = "处级" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        (await admin.GetOkAsync<List<PositionDto>>($"/api/v1/orgs/{root.Id}/positions")).Select(p => p.Id).Should().Equal(deputy.Id);
        (await admin.GetOkAsync<List<PositionDto>>($"/api/v1/orgs/{root.Id}/positions?includeEnded=true"))
            .Select(p => p.Id).Should().Equal(secretary.Id, deputy.Id);
        (await admin.GetOkAsync<OrgStats>($"/api/v1/orgs/{root.Id}/stats")).Cadres.Total.Should().Be(1);

        // With the old secretary gone, a new one may be appointed.
        (await admin.PostJsonAsync($"/api/v1/orgs/{root.Id}/positions", new { memberId = memberC.Id, post = "secretary", startedOn = Day(People.Today) }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        (await admin.GetOkAsync<OrgStats>($"/api/v1/orgs/{root.Id}/stats")).Cadres.Total.Should().Be(2);
        var (kept, rebuilt) = await data.CountersAsync();
        kept.Should().BeEquivalentTo(rebuilt);

        var events = await admin.GetOkAsync<PagedList<AuditEventDto>>($"/api/v1/audit?orgId={root.Id}&pageSize=200");
        events.Items.Where(e => e.Entity == nameof(Position)).Select(e => e.Action).Should()
            .Contain([AuditAction.PositionCreated, AuditAction.PositionUpdated, AuditAction.PositionEnded]);
        events.Items.Should().Contain(e => e.Action == AuditAction.PositionEnded && e.EntityId == secretary.Id && e.Summary.Contains("换届"));
    }

    [Fact]
    public async Task EachSystem_AppointsItsOwnPosts()
    {
        var (admin, _, _, league) = await TreeAsync("league");
        var (_, _, _, party) = await TreeAsync("party");
        var youth = await admin.CreateMemberAsync(league.Id, People.Young());
        var adult = await admin.CreateMemberAsync(party.Id, People.Adult(), "party");

        // The Party's 统战委员 and 保密委员 are no League posts: 400 on post, naming the League's own.
        foreach (var post in new[] { "unitedFront", "secrecy", "women" })
        {
            var refused = await (await admin.PostJsonAsync($"/api/v1/orgs/{league.Id}/positions",
                new { memberId = youth.Id, post, startedOn = "2025-01-01" })).ReadAsync<JsonElement>(HttpStatusCode.BadRequest);
            refused.GetProperty("errors").GetProperty("post")[0].GetString().Should().Contain("文体委员").And.NotContain("统战委员（");
        }

        var welfare = await (await admin.PostJsonAsync($"/api/v1/orgs/{league.Id}/positions",
            new { memberId = youth.Id, post = "welfare", startedOn = "2025-01-01" })).ReadAsync<PositionDto>(HttpStatusCode.Created);
        welfare.PostName.Should().Be("生活委员");
        await (await admin.PatchJsonAsync($"/api/v1/positions/{welfare.Id}", new { post = "discipline" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await (await admin.PatchJsonAsync($"/api/v1/positions/{welfare.Id}", new { post = "recreation" })).ReadAsync<PositionDto>())
            .PostName.Should().Be("文体委员");

        // And the League's 文体委员 is no Party post; the Party's 统战委员 is.
        await (await admin.PostJsonAsync($"/api/v1/orgs/{party.Id}/positions", new { memberId = adult.Id, post = "recreation", startedOn = "2025-01-01" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await (await admin.PostJsonAsync($"/api/v1/orgs/{party.Id}/positions", new { memberId = adult.Id, post = "unitedFront", startedOn = "2025-01-01" }))
            .ReadAsync<PositionDto>(HttpStatusCode.Created)).PostName.Should().Be("统战委员");
    }

    [Fact]
    public async Task Holder_MustBeAnActiveMemberOfTheSameSystemInsideTheSubtree()
    {
        var (admin, data, root, branch) = await TreeAsync("league");
        var other = await data.OrgAsync("league", "branch", root.Id);
        var (_, _, partyRoot, partyBranch) = await TreeAsync("party");
        var inside = await admin.CreateMemberAsync(branch.Id, People.Young());
        var outside = await admin.CreateMemberAsync(other.Id, People.Young());
        var party = await admin.CreateMemberAsync(partyBranch.Id, People.Adult(), "party");
        string url = $"/api/v1/orgs/{branch.Id}/positions";

        var refused = await (await admin.PostJsonAsync(url, new { memberId = outside.Id, post = "secretary", startedOn = "2025-01-01" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        refused.GetProperty("errors").GetProperty("memberId")[0].GetString().Should().Contain("不在");
        await (await admin.PostJsonAsync($"/api/v1/orgs/{partyRoot.Id}/positions", new { memberId = inside.Id, post = "member", startedOn = "2025-01-01" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostJsonAsync(url, new { memberId = party.Id, post = "member", startedOn = "2025-01-01" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        foreach (var (body, field) in new (object Body, string Field)[]
                 {
                     (new { memberId = inside.Id, post = "chairman", startedOn = "2025-01-01" }, "post"),
                     (new { memberId = inside.Id, startedOn = "2025-01-01" }, "post"),
                     (new { memberId = inside.Id, post = "secretary" }, "startedOn"),
                     (new { memberId = inside.Id, post = "secretary", startedOn = Day(People.Today.AddDays(2)) }, "startedOn"),
                     (new { memberId = inside.Id, post = "secretary", startedOn = "2025-01-01", jobLevel = new string('级', 33) }, "jobLevel"),
                     (new { post = "secretary", startedOn = "2025-01-01" }, "memberId"),
                 })
        {
            var problem = await (await admin.PostJsonAsync(url, body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
            problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(JsonSerializer.Serialize(body));
        }

        await (await admin.PostJsonAsync(url, new { memberId = long.MaxValue, post = "member", startedOn = "2025-01-01" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await admin.PostJsonAsync(url, new { personId = long.MaxValue, post = "member", startedOn = "2025-01-01" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        (await admin.GetOkAsync<OrgStats>($"/api/v1/orgs/{root.Id}/stats")).Cadres.Total.Should().Be(0, "nothing refused was saved");

        // By personId, anyone in sight may hold the post: a Party member on a League committee.
        var byPerson = await (await admin.PostJsonAsync($"/api/v1/orgs/{root.Id}/positions",
            new { personId = party.Person.Id, post = "Secretary", startedOn = "2025-01-01" })).ReadAsync<PositionDto>(HttpStatusCode.Created);
        byPerson.Post.Should().Be("secretary");
        byPerson.MemberId.Should().BeNull("the holder has no League membership here");
        (await admin.PostJsonAsync(url, new { memberId = inside.Id, post = "secretary", startedOn = "2025-01-01" }))
            .StatusCode.Should().Be(HttpStatusCode.Created, "each organization has its own secretary");
    }

    [Fact]
    public async Task Observers_ReadOnly_OtherAdmins_SeeNothing_DissolvedOrganizations_Refuse()
    {
        var (admin, data, root, branch) = await TreeAsync();
        var member = await admin.CreateMemberAsync(branch.Id, People.Adult(), "party");
        var position = await (await admin.PostJsonAsync($"/api/v1/orgs/{branch.Id}/positions",
            new { memberId = member.Id, post = "secretary", startedOn = "2025-01-01" })).ReadAsync<PositionDto>(HttpStatusCode.Created);

        var observer = await app.UserWithRoleAsync("observer", root.Id);
        (await observer.GetOkAsync<List<PositionDto>>($"/api/v1/orgs/{branch.Id}/positions")).Should().ContainSingle();
        await (await observer.PostJsonAsync($"/api/v1/orgs/{branch.Id}/positions", new { memberId = member.Id, post = "member", startedOn = "2025-01-01" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await observer.PatchJsonAsync($"/api/v1/positions/{position.Id}", new { jobLevel = "科级" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await observer.PostJsonAsync($"/api/v1/positions/{position.Id}/end", new { reason = "调离" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        var (_, _, otherRoot, _) = await TreeAsync();
        var stranger = await app.UserWithRoleAsync("orgAdmin", otherRoot.Id);
        await (await stranger.GetAsync($"/api/v1/orgs/{branch.Id}/positions")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await stranger.GetAsync($"/api/v1/positions/{position.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await stranger.PatchJsonAsync($"/api/v1/positions/{position.Id}", new { jobLevel = "科级" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await stranger.PostJsonAsync($"/api/v1/orgs/{otherRoot.Id}/positions", new { personId = member.Person.Id, post = "member", startedOn = "2025-01-01" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // The branch's own administrator appoints inside it.
        var own = await app.UserWithRoleAsync("orgAdmin", branch.Id);
        (await own.PostJsonAsync($"/api/v1/orgs/{branch.Id}/positions", new { memberId = member.Id, post = "organization", startedOn = "2025-01-01" }))
            .StatusCode.Should().Be(HttpStatusCode.Created);

        var empty = await data.OrgAsync("party", "branch", root.Id);
        (await admin.PostJsonAsync($"/api/v1/orgs/{empty.Id}/dissolve", new { reason = "撤并" })).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await admin.PostJsonAsync($"/api/v1/orgs/{empty.Id}/positions", new { personId = member.Person.Id, post = "secretary", startedOn = "2025-01-01" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
    }
}
