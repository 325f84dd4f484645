using System.Net;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Cadres;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class ConcurrencyTestsOnSqlite(SqliteApp app) : ConcurrencyTests(app), IClassFixture<SqliteApp>;

public sealed class ConcurrencyTestsOnPostgres(PostgresApp app) : ConcurrencyTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Issue 13, item 3: N identical state changes sent at once. Exactly one changes the state, the others get 409, and the
/// counters are what a recount from the rows says (before the fix, 2–5 of 20 succeeded on PostgreSQL and counters went
/// negative).
/// </summary>
public abstract class ConcurrencyTests(AppFixture app)
{
    private const int Parallel = 20;

    [Fact]
    public async Task EndMember_TwentyIdenticalRequests_OneEndsIt_CountersMatchRecount()
    {
        var (admin, _, root, branch) = await LeagueTreeAsync();
        var members = new List<MemberDto>();
        for (var i = 0; i < 3; i++)
        {
            members.Add(await admin.CreateMemberAsync(branch.Id, People.Young()));
        }

        var answers = await Race.SendAsync(Parallel, () => admin.PostJsonAsync($"/api/v1/members/{members[0].Id}/end", new { reason = "left" }));

        await Race.ShouldBeOneSuccessAsync(answers, HttpStatusCode.OK, ErrorCodes.InvalidState);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{branch.Id}")).MemberCount.Should().Be(2);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{root.Id}")).MemberCount.Should().Be(2);
        await Race.CountersShouldMatchRecountAsync(app);
    }

    [Fact]
    public async Task DissolveEmptyOrganization_TwentyIdenticalRequests_OneDissolvesIt_CountersMatchRecount()
    {
        var (admin, data, root, _) = await LeagueTreeAsync();
        var empty = await data.OrgAsync("league", "branch", root.Id);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{root.Id}")).ChildCount.Should().Be(2);

        var answers = await Race.SendAsync(Parallel, () => admin.PostJsonAsync($"/api/v1/orgs/{empty.Id}/dissolve", new { reason = "单位撤销" }));

        await Race.ShouldBeOneSuccessAsync(answers, HttpStatusCode.OK, ErrorCodes.InvalidState);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{root.Id}")).ChildCount.Should().Be(1);
        await Race.CountersShouldMatchRecountAsync(app);
    }

    [Fact]
    public async Task EndPosition_TwentyIdenticalRequests_OneEndsIt_CadresMatchRecount()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("party", "committee", null);
        var branch = await data.OrgAsync("party", "branch", root.Id);
        var member = await admin.CreateMemberAsync(branch.Id, People.Adult(), "party");
        var other = await admin.CreateMemberAsync(branch.Id, People.Adult(), "party");
        var position = await (await admin.PostJsonAsync($"/api/v1/orgs/{branch.Id}/positions",
            new { memberId = member.Id, post = "organization", startedOn = "2024-01-02" })).ReadAsync<PositionDto>(HttpStatusCode.Created);
        await (await admin.PostJsonAsync($"/api/v1/orgs/{branch.Id}/positions",
            new { memberId = other.Id, post = "publicity", startedOn = "2024-01-02" })).ReadAsync<PositionDto>(HttpStatusCode.Created);

        var answers = await Race.SendAsync(Parallel, () => admin.PostJsonAsync($"/api/v1/positions/{position.Id}/end", new { reason = "换届" }));

        await Race.ShouldBeOneSuccessAsync(answers, HttpStatusCode.OK, ErrorCodes.InvalidState);
        await using var scope = app.Scope();
        var counters = scope.ServiceProvider.GetRequiredService<OrgCounters>();
        (await counters.GetAsync(root.Id))!.Cadres.Should().Be(1);
        (await counters.GetAsync(branch.Id))!.Cadres.Should().Be(1);
        await Race.CountersShouldMatchRecountAsync(app);
    }

    [Fact]
    public async Task ReRegisterEndedMember_TwentyIdenticalRequests_OneRegisters_NoSecondCurrentMembership()
    {
        var (admin, _, root, branch) = await LeagueTreeAsync();
        var person = People.Young();
        var first = await admin.CreateMemberAsync(branch.Id, person);
        (await admin.PostJsonAsync($"/api/v1/members/{first.Id}/end", new { reason = "left" })).StatusCode.Should().Be(HttpStatusCode.OK);

        var answers = await Race.SendAsync(Parallel, () => admin.PostJsonAsync("/api/v1/members", MemberBody(branch.Id, person)));

        await Race.ShouldBeOneSuccessAsync(answers, HttpStatusCode.Created, ErrorCodes.DuplicateIdNumber);
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
            (await db.Memberships.CountAsync(m => m.PersonId == first.Person.Id && m.State != MemberState.Ended)).Should().Be(1);
        }

        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{root.Id}")).MemberCount.Should().Be(1);
        await Race.NoPersonShouldHaveTwoCurrentMembershipsAsync(app);
        await Race.CountersShouldMatchRecountAsync(app);
    }

    [Fact]
    public async Task RegisterNewPerson_TwentyIdenticalRequests_OneRegisters()
    {
        var (admin, _, root, branch) = await LeagueTreeAsync();
        var person = People.Young();

        var answers = await Race.SendAsync(Parallel, () => admin.PostJsonAsync("/api/v1/members", MemberBody(branch.Id, person)));

        await Race.ShouldBeOneSuccessAsync(answers, HttpStatusCode.Created, ErrorCodes.DuplicateIdNumber);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{root.Id}")).MemberCount.Should().Be(1);
        await Race.NoPersonShouldHaveTwoCurrentMembershipsAsync(app);
        await Race.CountersShouldMatchRecountAsync(app);
    }

    [Fact]
    public async Task ConfirmProbationaryMember_TwentyIdenticalPatches_StageCountedOnce()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("party", "committee", null);
        var branch = await data.OrgAsync("party", "branch", root.Id);
        var p = People.Adult();
        var joined = People.Today.AddMonths(-13);
        var body = MemberBody(branch.Id, p, "party", "probationary", joined);
        var member = await (await admin.PostJsonAsync("/api/v1/members", body)).ReadAsync<MemberDto>(HttpStatusCode.Created);

        var answers = await Race.SendAsync(Parallel, () => admin.PatchJsonAsync($"/api/v1/members/{member.Id}",
            new { stage = "full", fullOn = joined.AddMonths(12).ToString("yyyy-MM-dd") }));

        answers.Select(a => a.Status).Should().AllBeEquivalentTo(HttpStatusCode.OK, string.Join("\n", answers.Select(a => a.Body)));
        await using (var scope = app.Scope())
        {
            var c = (await scope.ServiceProvider.GetRequiredService<OrgCounters>().GetAsync(root.Id))!;
            (c.Probationary, c.Full).Should().Be((0L, 1L));
        }

        await Race.CountersShouldMatchRecountAsync(app);
    }

    private async Task<(HttpClient Admin, TestData Data, OrganizationDto Root, OrganizationDto Branch)> LeagueTreeAsync()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id);
        return (admin, data, root, branch);
    }

    internal static object MemberBody(long branchId, Zhijian.Web.Data.Demo.DemoPerson p, string system = "league",
        string? stage = null, DateOnly? joinedOn = null) => new
        {
            system,
            orgId = branchId,
            stage = stage ?? (system == "league" ? "member" : "full"),
            joinedOn = (joinedOn ?? p.BirthDate.AddYears(system == "league" ? 16 : 20)).ToString("yyyy-MM-dd"),
            person = new
            {
                name = p.Name,
                gender = p.GenderCode,
                ethnicity = p.EthnicityCode,
                birthDate = p.BirthDate.ToString("yyyy-MM-dd"),
                idNumber = p.IdNumber,
                phone = p.Phone,
                education = p.EducationCode,
                politicalStatus = system == "league" ? "03" : "01",
            },
        };
}

/// <summary>Sending identical requests at once, and the checks every concurrency test makes afterwards.</summary>
internal static class Race
{
    /// <summary>One answer: status, body, and the problem's <c>code</c> if it is one.</summary>
    public sealed record Answer(HttpStatusCode Status, string Body, string? Code);

    /// <summary>Sends <paramref name="n"/> requests released together (a gate, so that they overlap in the server).</summary>
    public static async Task<List<Answer>> SendAsync(int n, Func<Task<HttpResponseMessage>> send)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, n).Select(async _ =>
        {
            await gate.Task;
            using var response = await send();
            return await ReadAsync(response);
        }).ToList();
        gate.SetResult();
        return [.. await Task.WhenAll(tasks)];
    }

    public static async Task<Answer> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        string? code = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            code = JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
        }

        return new Answer(response.StatusCode, body, code);
    }

    /// <summary>Exactly one answer is <paramref name="success"/>; every other is a 409 problem with <paramref name="code"/>.</summary>
    public static Task ShouldBeOneSuccessAsync(List<Answer> answers, HttpStatusCode success, string code)
    {
        var all = string.Join("\n", answers.Select(a => $"{(int)a.Status} {a.Body}"));
        answers.Count(a => a.Status == success).Should().Be(1, all);
        answers.Where(a => a.Status != success).Should().OnlyContain(a => a.Status == HttpStatusCode.Conflict && a.Code == code, all);
        return Task.CompletedTask;
    }

    /// <summary>Every organization's kept counters equal a recount from the rows.</summary>
    public static async Task CountersShouldMatchRecountAsync(AppFixture app, string? because = null)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        var kept = await db.OrgCounters.AsNoTracking().ToDictionaryAsync(c => c.OrgId);
        var recount = await scope.ServiceProvider.GetRequiredService<CounterRebuilder>().RecountAsync();
        var wrong = recount
            .Where(r => !kept.TryGetValue(r.Key, out var k) || Figures(k) != Figures(r.Value))
            .Select(r => $"org {r.Key}: kept {(kept.TryGetValue(r.Key, out var k) ? Figures(k) : "none")}, recount {Figures(r.Value)}")
            .ToList();
        wrong.Should().BeEmpty(because ?? "the counters change only with the state they count");
    }

    /// <summary>No person has two non-ended memberships in one system.</summary>
    public static async Task NoPersonShouldHaveTwoCurrentMembershipsAsync(AppFixture app, string? because = null)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        var doubled = await db.Memberships.AsNoTracking().Where(m => m.State != MemberState.Ended)
            .GroupBy(m => new { m.PersonId, m.System }).Where(g => g.Count() > 1)
            .Select(g => g.Key.PersonId).ToListAsync();
        doubled.Should().BeEmpty(because ?? "one person has at most one current membership per system");
    }

    private static string Figures(OrgCounter c) =>
        $"children {c.Children}, probationary {c.Probationary}, full {c.Full}, league {c.LeagueMembers}, committees {c.Committees}, " +
        $"working {c.WorkingCommittees}, general {c.GeneralBranches}, branches {c.Branches}, groups {c.Groups}, cadres {c.Cadres}";
}
