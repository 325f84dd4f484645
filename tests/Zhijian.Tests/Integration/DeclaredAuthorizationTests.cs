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

    /// <summary>
    /// Writes whose addressed organization is reached through another object (a member, meeting, transfer …) or the
    /// body, still checked only by the services' scope checks. Each needs its feature's lookup from object to
    /// organization (left for the feature modules); the list may only shrink: a route that gains a policy must leave it.
    /// </summary>
    private static readonly string[] NotYetDeclared =
    [
        "POST /api/v1/users", "POST /api/v1/users/{id}/roles", "DELETE /api/v1/users/{id}/roles",
        "POST /api/v1/orgs",
        "POST /api/v1/members", "PATCH /api/v1/members/{id}", "POST /api/v1/members/{id}/reveal", "POST /api/v1/members/{id}/end",
        "PATCH /api/v1/positions/{id}", "POST /api/v1/positions/{id}/end",
        "POST /api/v1/meetings", "POST /api/v1/meetings/{id}/record", "POST /api/v1/meetings/{id}/corrections",
        "POST /api/v1/meetings/{id}/attachments", "POST /api/v1/meetings/{id}/sign-in",
        "POST /api/v1/corrections/{id}/resolve", "POST /api/v1/corrections/{id}/reject", "POST /api/v1/corrections/{id}/reveal",
        "POST /api/v1/corrections/{id}/apply",
        "POST /api/v1/transfers", "POST /api/v1/transfers/{id}/approve", "POST /api/v1/transfers/{id}/accept",
        "POST /api/v1/transfers/decisions", "POST /api/v1/transfers/{id}/reject", "POST /api/v1/transfers/{id}/cancel",
        "POST /api/v1/transfers/{id}/receipt", "POST /api/v1/transfers/batch",
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
                                           && !SelfRoutes.Contains(r.Key) && !NotYetDeclared.Contains(r.Key))
            .Select(r => r.Key).ToList();
        undeclared.Should().BeEmpty("a route that writes must say who may call it: RequireAuthorization(Policies.…)");

        var declaredSince = routes.Where(r => NotYetDeclared.Contains(r.Key) && HasNamedPolicy(r.Endpoint)).Select(r => r.Key).ToList();
        declaredSince.Should().BeEmpty("remove these routes from NotYetDeclared: they have a policy now");
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
    }
}
