using System.Net;
using AwesomeAssertions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Authorization;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class DeclaredAuthorizationTestsOnSqlite(SqliteApp app) : DeclaredAuthorizationTests(app), IClassFixture<SqliteApp>;

public sealed class DeclaredAuthorizationTestsOnPostgres(PostgresApp app) : DeclaredAuthorizationTests(app), IClassFixture<PostgresApp>;

/// <summary>Issue 14 item 3: who may call a route is declared on the route as a named policy.</summary>
public abstract class DeclaredAuthorizationTests(AppFixture app)
{
    /// <summary>Routes about the caller's own account or record: any signed-in caller (or anyone, for the token).</summary>
    private static readonly string[] SelfRoutes =
    [
        "POST /api/v1/auth/token", "POST /api/v1/auth/logout", "POST /api/v1/auth/password",
        "POST /api/v1/auth/two-factor/setup", "POST /api/v1/auth/two-factor/enable", "POST /api/v1/auth/two-factor/disable",
        "POST /api/v1/auth/two-factor/recovery-codes",

        // A payment provider's callback: anonymous, authenticated by the provider's signature (DuesOnline.NotifyAsync).
        "POST /api/v1/payments/{provider}/notify",
    ];

    private IEnumerable<(string Key, RouteEndpoint Endpoint)> WritingApiRoutes() =>
        app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                .Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE")
                .Select(m => ($"{m} {Pattern(e)}", e)));

    private static string Pattern(RouteEndpoint e) =>
        System.Text.RegularExpressions.Regex.Replace("/" + e.RoutePattern.RawText!.Trim('/'), @"\{(\w+):[^}]+\}", "{$1}");

    private static bool HasNamedPolicy(Endpoint e) => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null);

    [Fact]
    public void EveryWritingRoute_DeclaresANamedPolicy()
    {
        var routes = WritingApiRoutes().ToList();
        routes.Should().NotBeEmpty();
        var undeclared = routes.Where(r => !HasNamedPolicy(r.Endpoint) && !r.Key.StartsWith("POST /api/v1/me/", StringComparison.Ordinal)
                                           && !SelfRoutes.Contains(r.Key))
            .Select(r => r.Key).ToList();
        undeclared.Should().BeEmpty("a route that writes must say who may call it: RequireAuthorization(Policies.…)");
    }

    [Theory]
    [InlineData("POST /api/v1/stats/rollups/refresh", Policies.SystemAdmin)]
    [InlineData("POST /api/v1/transfer-reports/run", Policies.SystemAdmin)]
    [InlineData("POST /api/v1/alerts/scan", Policies.SystemAdmin)]
    [InlineData("POST /api/v1/rules", Policies.SystemAdmin)]
    [InlineData("PATCH /api/v1/orgs/{id}", Policies.OrgWrite)]
    [InlineData("POST /api/v1/orgs/{id}/move", Policies.OrgWrite)]
    [InlineData("POST /api/v1/orgs/{id}/imports/members", Policies.OrgWrite)]
    [InlineData("POST /api/v1/alerts/{id}/resolve", Policies.OrgWrite)]
    [InlineData("POST /api/v1/users", Policies.Writer)]
    [InlineData("DELETE /api/v1/users/{id}/roles", Policies.Writer)]
    [InlineData("POST /api/v1/orgs", Policies.Writer)]
    [InlineData("POST /api/v1/members", Policies.Writer)]
    [InlineData("PATCH /api/v1/members/{id}", Policies.OrgWrite)]
    [InlineData("POST /api/v1/members/{id}/reveal", Policies.OrgWrite)]
    [InlineData("POST /api/v1/positions/{id}/end", Policies.OrgWrite)]
    [InlineData("POST /api/v1/meetings", Policies.Writer)]
    [InlineData("POST /api/v1/meetings/{id}/record", Policies.OrgWrite)]
    [InlineData("POST /api/v1/meetings/{id}/attachments", Policies.OrgWrite)]
    [InlineData("POST /api/v1/meetings/{id}/sign-in", Policies.Member)]
    [InlineData("POST /api/v1/corrections/{id}/apply", Policies.OrgWrite)]
    [InlineData("POST /api/v1/transfers", Policies.Member)]
    [InlineData("POST /api/v1/transfers/{id}/approve", Policies.OrgWrite)]
    [InlineData("POST /api/v1/transfers/{id}/cancel", Policies.OrgWrite)]
    [InlineData("POST /api/v1/transfers/batch", Policies.Writer)]
    public void Route_CarriesItsPolicy(string route, string policy)
    {
        var endpoint = WritingApiRoutes().Single(r => r.Key == route).Endpoint;
        endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Should().Contain(policy);
    }

    [Fact]
    public async Task Policies_RefuseWithTheServicesProblems()
    {
        var data = new TestData(app, await app.AdminAsync());
        var committee = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", committee.Id);
        var observer = await app.UserWithRoleAsync("observer", branch.Id);

        // A system-administrator route: 403 with the message the service gave.
        var refresh = await observer.PostAsync("/api/v1/stats/rollups/refresh", null);
        await refresh.ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        (await refresh.Content.ReadAsStringAsync()).Should().Contain("系统管理员");

        // orgWrite: read-only in the subtree is 403, outside it (or no such organization) 404.
        (await observer.PatchJsonAsync($"/api/v1/orgs/{branch.Id}", new { unitName = "x" }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        await (await observer.PatchJsonAsync($"/api/v1/orgs/{committee.Id}", new { unitName = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await (await app.AdminAsync()).PatchJsonAsync("/api/v1/orgs/987654321", new { unitName = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // writer (organization in the body): a caller without any organization role is refused by the policy; an
        // observer passes it, so the service still answers 404 outside its sight and 403 inside.
        var member = await app.UserWithRoleAsync("member", branch.Id);
        var meeting = new { orgId = branch.Id, type = "lecture", date = "2025-03-01", place = "活动室", host = "书记", topic = "x" };
        await (await member.PostJsonAsync("/api/v1/meetings", meeting)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await observer.PostJsonAsync("/api/v1/meetings", meeting)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await observer.PostJsonAsync("/api/v1/meetings", meeting with { orgId = committee.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }
}
