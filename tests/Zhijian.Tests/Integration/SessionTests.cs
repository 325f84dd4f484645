using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AwesomeAssertions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Features.Accounts;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class SessionTestsOnSqlite(SqliteApp app) : SessionTests(app), IClassFixture<SqliteApp>;

public sealed class SessionTestsOnPostgres(PostgresApp app) : SessionTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Sessions end: password change, lockout, role revocation and sign-out make every existing bearer token
/// and cookie of the user fail (issue 13, item 6).
/// </summary>
public abstract class SessionTests(AppFixture app)
{
    private const string Me = "/api/v1/auth/me";

    private async Task<(long Id, string Name)> UserAsync(string? role = null, long? orgId = null)
    {
        var admin = await app.AdminAsync();
        var name = $"s{Guid.NewGuid():N}"[..16];
        var created = await (await admin.PostJsonAsync("/api/v1/users", new { userName = name, password = AppFixture.Password }))
            .ReadAsync<CreatedUser>(HttpStatusCode.Created);
        if (role is not null)
        {
            (await admin.PostJsonAsync($"/api/v1/users/{created.Id}/roles", new { role, orgId })).StatusCode
                .Should().Be(HttpStatusCode.NoContent);
        }

        return (created.Id, name);
    }

    private async Task<string> TokenAsync(string name, string password = AppFixture.Password)
    {
        var answer = await (await app.Anonymous().PostJsonAsync("/api/v1/auth/token", new { userName = name, password }))
            .ReadAsync<TokenAnswer>();
        return answer.AccessToken;
    }

    private HttpClient Bearer(string token)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task ShouldBeLiveAsync(string token) =>
        (await Bearer(token).GetAsync(Me)).StatusCode.Should().Be(HttpStatusCode.OK);

    private async Task ShouldBeEndedAsync(string token) =>
        await (await Bearer(token).GetAsync(Me)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);

    [Fact]
    public async Task Tokens_AfterPasswordChange_Are401()
    {
        var (_, name) = await UserAsync();
        var (first, second) = (await TokenAsync(name), await TokenAsync(name));
        await ShouldBeLiveAsync(first);
        await ShouldBeLiveAsync(second);

        var newPassword = "Nq7-" + Guid.NewGuid().ToString("N")[..12];
        (await Bearer(first).PostJsonAsync("/api/v1/auth/password",
            new { currentPassword = AppFixture.Password, newPassword })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await ShouldBeEndedAsync(first);
        await ShouldBeEndedAsync(second);
        await ShouldBeLiveAsync(await TokenAsync(name, newPassword));
    }

    [Fact]
    public async Task Token_AfterRoleRevocation_Is401()
    {
        var org = await new TestData(app, await app.AdminAsync()).OrgAsync("league", "committee", null);
        var (id, name) = await UserAsync("orgAdmin", org.Id);
        var token = await TokenAsync(name);
        (await Bearer(token).GetAsync($"/api/v1/orgs/{org.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);

        var revoke = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/users/{id}/roles")
        {
            Content = JsonContent.Create(new { role = "orgAdmin", orgId = org.Id }, options: Api.Json),
        };
        (await (await app.AdminAsync()).SendAsync(revoke)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await ShouldBeEndedAsync(token);
        await (await Bearer(token).GetAsync($"/api/v1/orgs/{org.Id}")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Fact]
    public async Task Token_AfterLockout_Is401_AndStaysEndedWhenTheLockoutIsOver()
    {
        var (_, name) = await UserAsync();
        var token = await TokenAsync(name);
        await ShouldBeLiveAsync(token);

        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await app.Anonymous().PostJsonAsync("/api/v1/auth/token", new { userName = name, password = "wrong-password-1" });
        }

        await last.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.LockedOut);
        await ShouldBeEndedAsync(token);

        // The lockout rotated the stamp: lifting it does not bring the old token back.
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ZhijianUser>>();
            var user = await users.FindByNameAsync(name);
            await users.SetLockoutEndDateAsync(user!, null);
        }

        await ShouldBeEndedAsync(token);
        await ShouldBeLiveAsync(await TokenAsync(name));
    }

    [Fact]
    public async Task Tokens_AfterLogout_Are401()
    {
        var (_, name) = await UserAsync();
        var (first, second) = (await TokenAsync(name), await TokenAsync(name));
        await ShouldBeLiveAsync(second);

        (await Bearer(first).PostAsync("/api/v1/auth/logout", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await ShouldBeEndedAsync(first);
        await ShouldBeEndedAsync(second);
        await (await Bearer(first).PostAsync("/api/v1/auth/logout", null)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        await (await app.Anonymous().PostAsync("/api/v1/auth/logout", null)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        await ShouldBeLiveAsync(await TokenAsync(name));
    }

    [Fact]
    public async Task Cookie_ReplayedAfterSignOut_Is401_AndEndsTheTokensToo()
    {
        var (_, name) = await UserAsync();
        var token = await TokenAsync(name);
        var browser = new ConsoleBrowser(app);
        var signIn = await browser.SignInAsync(name, AppFixture.Password);
        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect, await signIn.Content.ReadAsStringAsync());
        var signedIn = new Dictionary<string, string>(browser.Cookies);
        signedIn.Should().ContainKey(ConsoleBrowser.AuthCookie);
        (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, Me))).StatusCode.Should().Be(HttpStatusCode.OK);

        var signOut = await browser.SignOutAsync();
        signOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        signOut.Headers.Location!.ToString().Should().Be("/login");

        var replay = await browser.SendWithCookiesAsync(new HttpRequestMessage(HttpMethod.Get, Me), signedIn);
        await replay.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        var page = await browser.SendWithCookiesAsync(new HttpRequestMessage(HttpMethod.Get, "/account/password"), signedIn);
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Contain("/login");
        await ShouldBeEndedAsync(token);
    }

    [Fact]
    public async Task Cookie_AfterPasswordChange_Is401()
    {
        var (_, name) = await UserAsync();
        var browser = new ConsoleBrowser(app);
        (await browser.SignInAsync(name, AppFixture.Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var signedIn = new Dictionary<string, string>(browser.Cookies);
        (await browser.SendWithCookiesAsync(new HttpRequestMessage(HttpMethod.Get, Me), signedIn)).StatusCode.Should().Be(HttpStatusCode.OK);

        var newPassword = "Nq7-" + Guid.NewGuid().ToString("N")[..12];
        (await Bearer(await TokenAsync(name)).PostJsonAsync("/api/v1/auth/password",
            new { currentPassword = AppFixture.Password, newPassword })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await browser.SendWithCookiesAsync(new HttpRequestMessage(HttpMethod.Get, Me), signedIn))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    private sealed record CreatedUser(long Id, string UserName);

    private sealed record TokenAnswer(string AccessToken, string TokenType, long ExpiresIn);
}
