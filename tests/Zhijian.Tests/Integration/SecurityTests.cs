using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Features.Accounts;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class SecurityTestsOnSqlite(SqliteApp app) : SecurityTests(app), IClassFixture<SqliteApp>;

public sealed class SecurityTestsOnPostgres(PostgresApp app) : SecurityTests(app), IClassFixture<PostgresApp>;

/// <summary>Subtree scopes, read-only roles, tokens and lockout through HTTP.</summary>
public abstract class SecurityTests(AppFixture app)
{
    private async Task<(OrganizationDto Root, OrganizationDto A, OrganizationDto B, OrganizationDto BranchA, OrganizationDto BranchB)> TreeAsync()
    {
        var data = new TestData(app, await app.AdminAsync());
        var root = await data.OrgAsync("league", "committee", null);
        var a = await data.OrgAsync("league", "committee", root.Id);
        var b = await data.OrgAsync("league", "committee", root.Id);
        var branchA = await data.OrgAsync("league", "branch", a.Id);
        var branchB = await data.OrgAsync("league", "branch", b.Id);
        await data.MembersAsync(branchA.Id, 2);
        await data.MembersAsync(branchB.Id, 3);
        return (root, a, b, branchA, branchB);
    }

    [Fact]
    public async Task OrgAdmin_SeesOwnSubtree_And404ForSiblingOrganizationAndMembers()
    {
        var t = await TreeAsync();
        var client = await app.UserWithRoleAsync("orgAdmin", t.A.Id);

        (await client.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{t.BranchA.Id}")).Id.Should().Be(t.BranchA.Id);
        var own = await client.GetOkAsync<PagedList<MemberDto>>($"/api/v1/members?orgId={t.A.Id}");
        own.Total.Should().Be(2);

        await (await client.GetAsync($"/api/v1/orgs/{t.B.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await client.GetAsync($"/api/v1/orgs/{t.BranchB.Id}/children")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await client.GetAsync($"/api/v1/members?orgId={t.B.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await client.GetAsync($"/api/v1/orgs/{t.Root.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await client.GetAsync($"/api/v1/orgs/{t.B.Id}/stats")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // Lists are filtered in the query: the caller's tops, and member lists without an org, hold only their subtree.
        var tops = await client.GetOkAsync<PagedList<OrganizationDto>>("/api/v1/orgs");
        tops.Items.Select(o => o.Id).Should().Equal(t.A.Id);
        var all = await client.GetOkAsync<PagedList<MemberDto>>("/api/v1/members");
        all.Items.Should().OnlyContain(m => m.OrgId == t.BranchA.Id);

        var memberOfB = (await (await app.AdminAsync()).GetOkAsync<PagedList<MemberDto>>($"/api/v1/members?orgId={t.B.Id}")).Items[0];
        await (await client.GetAsync($"/api/v1/members/{memberOfB.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Audit_Subtree_ListsTheSubtreesEvents_InScope()
    {
        var t = await TreeAsync();
        var client = await app.UserWithRoleAsync("observer", t.A.Id);
        var url = "/api/v1/audit?pageSize=200&orgId=";

        // The members of branch A were created in it: the committee alone holds none of their events, its subtree does.
        var alone = await client.GetOkAsync<PagedList<Zhijian.Web.Features.Audit.AuditEventDto>>(url + t.A.Id);
        alone.Items.Should().OnlyContain(e => e.OrgId == t.A.Id);
        var subtree = await client.GetOkAsync<PagedList<Zhijian.Web.Features.Audit.AuditEventDto>>(url + t.A.Id + "&subtree=true");
        subtree.Items.Should().Contain(e => e.OrgId == t.BranchA.Id).And.Contain(e => e.OrgId == t.A.Id)
            .And.OnlyContain(e => e.OrgId == t.A.Id || e.OrgId == t.BranchA.Id);
        subtree.Total.Should().BeGreaterThan(alone.Total);

        // The root's subtree is outside the observer's sight (404), and the admin's view of it holds B's events too.
        await (await client.GetAsync(url + t.Root.Id + "&subtree=true")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await client.GetAsync(url + t.B.Id + "&subtree=true")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        var root = await (await app.AdminAsync()).GetOkAsync<PagedList<Zhijian.Web.Features.Audit.AuditEventDto>>(url + t.Root.Id + "&subtree=true");
        root.Items.Should().Contain(e => e.OrgId == t.BranchB.Id).And.Contain(e => e.OrgId == t.BranchA.Id);
    }

    [Fact]
    public async Task OrgAdmin_CannotWriteOutsideSubtree_OrMoveIntoIt()
    {
        var t = await TreeAsync();
        var client = await app.UserWithRoleAsync("orgAdmin", t.A.Id);

        var create = await client.PostJsonAsync("/api/v1/orgs",
            new { system = "league", kind = "branch", parentId = t.B.Id, name = "越权团支部", shortName = "越权团支部" });
        await create.ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await client.PostJsonAsync($"/api/v1/orgs/{t.BranchA.Id}/move", new { newParentId = t.B.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        var created = await client.PostJsonAsync("/api/v1/orgs",
            new { system = "league", kind = "branch", parentId = t.A.Id, name = "本级新团支部", shortName = "本级新团支部" });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var newRoot = await client.PostJsonAsync("/api/v1/orgs",
            new { system = "league", kind = "committee", name = "新最上级团委", shortName = "新最上级团委" + TestData.Unique() });
        await newRoot.ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task Observer_Reads_But_Gets403OnEveryWrite()
    {
        var t = await TreeAsync();
        var client = await app.UserWithRoleAsync("observer", t.A.Id);

        (await client.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{t.A.Id}")).MemberCount.Should().Be(2);
        await (await client.PostJsonAsync("/api/v1/orgs",
                new { system = "league", kind = "branch", parentId = t.A.Id, name = "观察员建的", shortName = "观察员建的" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await client.PatchJsonAsync($"/api/v1/orgs/{t.BranchA.Id}", new { name = "改名" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await client.PostJsonAsync($"/api/v1/orgs/{t.BranchA.Id}/dissolve", new { reason = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await client.PostJsonAsync($"/api/v1/orgs/{t.BranchA.Id}/merge", new { intoId = t.BranchA.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await client.PostJsonAsync("/api/v1/users", new { userName = "someone", password = AppFixture.Password }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        // Outside the observed subtree it is still 404, not 403.
        await (await client.PatchJsonAsync($"/api/v1/orgs/{t.BranchB.Id}", new { name = "改名" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Member_SeesNoOrganizationData()
    {
        var t = await TreeAsync();
        var client = await app.UserWithRoleAsync("member", t.BranchA.Id);
        await (await client.GetAsync($"/api/v1/orgs/{t.BranchA.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        (await client.GetOkAsync<PagedList<MemberDto>>("/api/v1/members")).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task OrgAdmin_GrantsOnlyInsideSubtree_AndNeverSystemAdmin()
    {
        var t = await TreeAsync();
        var client = await app.UserWithRoleAsync("orgAdmin", t.A.Id);
        var created = await client.PostJsonAsync("/api/v1/users", new { userName = "sec-" + TestData.Unique(), password = AppFixture.Password });
        var user = await created.ReadAsync<System.Text.Json.JsonElement>(HttpStatusCode.Created);
        var id = user.GetProperty("id").GetInt64();

        (await client.PostJsonAsync($"/api/v1/users/{id}/roles", new { role = "observer", orgId = t.BranchA.Id }))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await client.PostJsonAsync($"/api/v1/users/{id}/roles", new { role = "orgAdmin", orgId = t.B.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await client.PostJsonAsync($"/api/v1/users/{id}/roles", new { role = "systemAdmin" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await client.PostJsonAsync($"/api/v1/users/{id}/roles", new { role = "emperor", orgId = t.A.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        var duplicate = await client.PostJsonAsync("/api/v1/users", new { userName = user.GetProperty("userName").GetString(), password = AppFixture.Password });
        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.DuplicateUserName);

        var revoke = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/users/{id}/roles")
        {
            Content = JsonContent.Create(new { role = "observer", orgId = t.BranchA.Id }, options: Api.Json),
        };
        (await client.SendAsync(revoke)).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task NoToken_Is401_WithProblem()
    {
        var response = await app.Anonymous().GetAsync("/api/v1/orgs");
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        var bad = app.Anonymous();
        bad.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "forged");
        (await bad.GetAsync("/api/v1/orgs")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_And_Me()
    {
        var response = await app.Anonymous().PostJsonAsync("/api/v1/auth/token", new { userName = AppFixture.AdminUser, password = AppFixture.Password });
        var token = await response.ReadAsync<System.Text.Json.JsonElement>();
        token.GetProperty("tokenType").GetString().Should().Be("Bearer");
        token.GetProperty("expiresIn").GetInt64().Should().BePositive();
        token.GetProperty("accessToken").GetString().Should().NotBeNullOrEmpty();

        var me = await (await app.AdminAsync()).GetOkAsync<MeDto>("/api/v1/auth/me");
        me.UserName.Should().Be(AppFixture.AdminUser);
        me.Roles.Should().ContainSingle(r => r.Role == Role.SystemAdmin);
    }

    [Fact]
    public async Task FiveBadPasswords_LockTheAccount()
    {
        var admin = await app.AdminAsync();
        var name = "lock-" + TestData.Unique();
        (await admin.PostJsonAsync("/api/v1/users", new { userName = name, password = AppFixture.Password }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        var anonymous = app.Anonymous();
        for (var i = 0; i < 4; i++)
        {
            await (await anonymous.PostJsonAsync("/api/v1/auth/token", new { userName = name, password = "wrong-password-1" }))
                .ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
        }

        (await anonymous.PostJsonAsync("/api/v1/auth/token", new { userName = name, password = AppFixture.Password }))
            .StatusCode.Should().Be(HttpStatusCode.OK, "a success before the fifth failure resets the count");
        for (var i = 0; i < 5; i++)
        {
            await anonymous.PostJsonAsync("/api/v1/auth/token", new { userName = name, password = "wrong-password-1" });
        }

        var locked = await anonymous.PostJsonAsync("/api/v1/auth/token", new { userName = name, password = AppFixture.Password });
        var problem = await locked.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.LockedOut);
        problem.GetProperty("detail").GetString().Should().Contain("锁定");
    }

    [Fact]
    public async Task ChangePassword_NeedsTheCurrentOne_AndTheOldOneStopsWorking()
    {
        var admin = await app.AdminAsync();
        var name = "pw-" + TestData.Unique();
        (await admin.PostJsonAsync("/api/v1/users", new { userName = name, password = AppFixture.Password }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        var client = await app.SignInAsync(name);

        var wrong = await client.PostJsonAsync("/api/v1/auth/password", new { currentPassword = "not-it-1", newPassword = "Another-Passw0rd" });
        var problem = await wrong.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        problem.GetProperty("errors").TryGetProperty("currentPassword", out _).Should().BeTrue();
        await (await client.PostJsonAsync("/api/v1/auth/password", new { currentPassword = AppFixture.Password, newPassword = "short1" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        (await client.PostJsonAsync("/api/v1/auth/password", new { currentPassword = AppFixture.Password, newPassword = "Another-Passw0rd" }))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await app.Anonymous().PostJsonAsync("/api/v1/auth/token", new { userName = name, password = AppFixture.Password }))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
        (await app.Anonymous().PostJsonAsync("/api/v1/auth/token", new { userName = name, password = "Another-Passw0rd" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var events = await admin.GetOkAsync<PagedList<Zhijian.Web.Features.Audit.AuditEventDto>>("/api/v1/audit?action=passwordChanged&pageSize=200");
        events.Items.Should().Contain(e => e.Summary.Contains(name) && !e.Summary.Contains("Another-Passw0rd"));
    }

    [Fact]
    public async Task UnknownUser_And_EmptyBody_AreInvalidCredentials()
    {
        await (await app.Anonymous().PostJsonAsync("/api/v1/auth/token", new { userName = "nobody", password = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
        await (await app.Anonymous().PostJsonAsync("/api/v1/auth/token", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
    }
}
