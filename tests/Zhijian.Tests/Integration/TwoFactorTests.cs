using System.Net;
using System.Net.Http.Headers;
using AwesomeAssertions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Accounts;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

/// <summary>The application with <c>Security:RequireTwoFactorForAdmins</c> on, as in production.</summary>
public sealed class TwoFactorSqliteApp() : AppFixture(DbProvider.Sqlite)
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Security:RequireTwoFactorForAdmins", "true");
}

/// <summary>The same on PostgreSQL.</summary>
public sealed class TwoFactorPostgresApp() : AppFixture(DbProvider.Postgres)
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Security:RequireTwoFactorForAdmins", "true");
}

public sealed class TwoFactorTestsOnSqlite(TwoFactorSqliteApp app) : TwoFactorTests(app), IClassFixture<TwoFactorSqliteApp>;

public sealed class TwoFactorTestsOnPostgres(TwoFactorPostgresApp app) : TwoFactorTests(app), IClassFixture<TwoFactorPostgresApp>;

/// <summary>Two-factor sign-in (TOTP) through the API and the console's sign-in form; mandatory for administrators.</summary>
public abstract class TwoFactorTests(AppFixture app)
{
    /// <summary>An account made directly (the fixture's admin cannot get a token here without a second factor).</summary>
    private async Task<string> UserAsync(Role? role = null)
    {
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ZhijianUser>>();
        var name = $"t{Guid.NewGuid():N}"[..16];
        var user = new ZhijianUser { UserName = name, CreatedAt = DateTimeOffset.UtcNow };
        (await users.CreateAsync(user, AppFixture.Password)).Succeeded.Should().BeTrue();
        if (role is { } r)
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
            db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = r, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        return name;
    }

    private Task<HttpResponseMessage> TokenAsync(string name, string? twoFactorCode = null, string? recoveryCode = null,
        string password = AppFixture.Password) =>
        app.Anonymous().PostJsonAsync("/api/v1/auth/token", new { userName = name, password, twoFactorCode, recoveryCode });

    private HttpClient Bearer(string token)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<HttpClient> SignedInAsync(string name, string? code = null) =>
        Bearer((await (await TokenAsync(name, code)).ReadAsync<TokenAnswer>()).AccessToken);

    /// <summary>Enrols through the API; answers the key and the recovery codes.</summary>
    private async Task<(string Key, List<string> RecoveryCodes)> EnrolAsync(HttpClient client)
    {
        var setup = await (await client.PostAsync("/api/v1/auth/two-factor/setup", null)).ReadAsync<TwoFactorSetupDto>();
        var enabled = await (await client.PostJsonAsync("/api/v1/auth/two-factor/enable", new { code = Totp.Code(setup.SharedKey) }))
            .ReadAsync<RecoveryCodesDto>();
        return (setup.SharedKey, enabled.RecoveryCodes.ToList());
    }

    [Fact]
    public async Task Enrol_ThenTheTokenEndpointAsksForTheCode()
    {
        var name = await UserAsync();
        var client = await SignedInAsync(name);
        (await client.GetOkAsync<TwoFactorStatusDto>("/api/v1/auth/two-factor")).Should().Be(new TwoFactorStatusDto(false, false, 0));

        var setup = await (await client.PostAsync("/api/v1/auth/two-factor/setup", null)).ReadAsync<TwoFactorSetupDto>();
        setup.AuthenticatorUri.Should().StartWith("otpauth://totp/").And.Contain("secret=" + setup.SharedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        await (await client.PostJsonAsync("/api/v1/auth/two-factor/enable", new { code = Totp.WrongCode(setup.SharedKey) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var enabled = await (await client.PostJsonAsync("/api/v1/auth/two-factor/enable", new { code = Totp.Code(setup.SharedKey) }))
            .ReadAsync<RecoveryCodesDto>();
        enabled.RecoveryCodes.Should().HaveCount(10).And.OnlyHaveUniqueItems();

        // Sessions started with one factor end when the second one is switched on.
        await (await client.GetAsync("/api/v1/auth/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);

        await (await TokenAsync(name)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.TwoFactorRequired);
        await (await TokenAsync(name, Totp.WrongCode(setup.SharedKey))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode);
        await (await TokenAsync(name, Totp.Code(setup.SharedKey), password: "Wrong-Passw0rd")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
        var signedIn = await SignedInAsync(name, Totp.Code(setup.SharedKey));
        (await signedIn.GetOkAsync<TwoFactorStatusDto>("/api/v1/auth/two-factor")).Should().Be(new TwoFactorStatusDto(true, false, 10));
        await (await signedIn.PostAsync("/api/v1/auth/two-factor/setup", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
    }

    [Fact]
    public async Task RecoveryCode_SignsInOnce()
    {
        var name = await UserAsync();
        var (_, codes) = await EnrolAsync(await SignedInAsync(name));

        var client = Bearer((await (await TokenAsync(name, recoveryCode: codes[0].ToLowerInvariant())).ReadAsync<TokenAnswer>()).AccessToken);
        (await client.GetOkAsync<TwoFactorStatusDto>("/api/v1/auth/two-factor")).RecoveryCodesLeft.Should().Be(9);
        await (await TokenAsync(name, recoveryCode: codes[0])).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode);
        (await TokenAsync(name, recoveryCode: codes[1])).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WrongCodes_CountTowardsTheLockout()
    {
        var name = await UserAsync();
        var (key, _) = await EnrolAsync(await SignedInAsync(name));

        for (var i = 0; i < 4; i++)
        {
            await (await TokenAsync(name, Totp.WrongCode(key))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode);
        }

        await (await TokenAsync(name, Totp.WrongCode(key))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.LockedOut);
        await (await TokenAsync(name, Totp.Code(key))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.LockedOut);
    }

    [Fact]
    public async Task Disable_NeedsACode_ThenThePasswordAloneSignsIn()
    {
        var name = await UserAsync();
        var (key, _) = await EnrolAsync(await SignedInAsync(name));
        var client = await SignedInAsync(name, Totp.Code(key));

        await (await client.PostJsonAsync("/api/v1/auth/two-factor/disable", new { code = Totp.WrongCode(key) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await client.PostJsonAsync("/api/v1/auth/two-factor/disable", new { code = Totp.Code(key) })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await client.GetAsync("/api/v1/auth/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
        (await TokenAsync(name)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RecoveryCodes_Renewed_WithACode_OldOnesStopWorking()
    {
        var name = await UserAsync();
        var (key, old) = await EnrolAsync(await SignedInAsync(name));
        var client = await SignedInAsync(name, Totp.Code(key));

        await (await client.PostJsonAsync("/api/v1/auth/two-factor/recovery-codes", new { code = "" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var renewed = await (await client.PostJsonAsync("/api/v1/auth/two-factor/recovery-codes", new { code = Totp.Code(key) }))
            .ReadAsync<RecoveryCodesDto>();
        renewed.RecoveryCodes.Should().HaveCount(10).And.NotIntersectWith(old);
        await (await TokenAsync(name, recoveryCode: old[0])).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.InvalidTwoFactorCode);
    }

    [Fact]
    public async Task Admin_WithoutTwoFactor_MayOnlyEnrol()
    {
        var name = await UserAsync(Role.SystemAdmin);
        await (await TokenAsync(name)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.TwoFactorEnrolmentRequired);

        // The console signs the admin in, but only to the enrolment page.
        var browser = new ConsoleBrowser(app);
        var signIn = await browser.SignInAsync(name, AppFixture.Password);
        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        signIn.Headers.Location!.ToString().Should().EndWith(SessionHosting.EnrolmentPath);
        var home = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/orgs"));
        home.StatusCode.Should().Be(HttpStatusCode.Redirect);
        home.Headers.Location!.ToString().Should().EndWith(SessionHosting.EnrolmentPath);
        await (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/orgs")))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.TwoFactorEnrolmentRequired);
        (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, SessionHosting.EnrolmentPath))).StatusCode.Should().Be(HttpStatusCode.OK);

        var status = await (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/two-factor"))).ReadAsync<TwoFactorStatusDto>();
        status.Should().Be(new TwoFactorStatusDto(false, true, 0));
        var setup = await (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/two-factor/setup"))).ReadAsync<TwoFactorSetupDto>();
        var enable = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/two-factor/enable")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { code = Totp.Code(setup.SharedKey) }, options: Api.Json),
        };
        (await browser.SendAsync(enable)).StatusCode.Should().Be(HttpStatusCode.OK);

        var admin = await SignedInAsync(name, Totp.Code(setup.SharedKey));
        (await admin.GetAsync("/api/v1/orgs")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OrgAdmin_IsAdministratorToo_ButMembersAndObserversAreNotForced()
    {
        var admin = await EnrolledAdminAsync();
        var org = await new TestData(app, admin).OrgAsync("league", "committee", null);
        var orgAdmin = await UserAsync();
        var observer = await UserAsync();
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
            var ids = db.Users.Where(u => u.UserName == orgAdmin || u.UserName == observer).ToDictionary(u => u.UserName!, u => u.Id);
            foreach (var (user, role) in new[] { (orgAdmin, "orgAdmin"), (observer, "observer") })
            {
                (await admin.PostJsonAsync($"/api/v1/users/{ids[user]}/roles", new { role, orgId = org.Id })).StatusCode
                    .Should().Be(HttpStatusCode.NoContent);
            }
        }

        await (await TokenAsync(orgAdmin)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.TwoFactorEnrolmentRequired);
        (await TokenAsync(observer)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ConsoleSignIn_AsksForTheCodeInASecondStep()
    {
        var name = await UserAsync();
        var (key, _) = await EnrolAsync(await SignedInAsync(name));
        var browser = new ConsoleBrowser(app);

        var step1 = await browser.SignInAsync(name, AppFixture.Password);
        var html = await step1.Content.ReadAsStringAsync();
        step1.StatusCode.Should().Be(HttpStatusCode.OK, html);
        html.Should().Contain("id=\"twoFactorCode\"");
        browser.Cookies.Should().NotContainKey(ConsoleBrowser.AuthCookie);
        (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var wrong = await browser.SubmitCodeAsync(html, Totp.WrongCode(key));
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        wrong.StatusCode.Should().Be(HttpStatusCode.OK);
        wrongHtml.Should().Contain("data-testid=\"login-error\"").And.Contain("id=\"twoFactorCode\"");
        browser.Cookies.Should().NotContainKey(ConsoleBrowser.AuthCookie);

        var right = await browser.SubmitCodeAsync(wrongHtml, Totp.Code(key));
        right.StatusCode.Should().Be(HttpStatusCode.Redirect, await right.Content.ReadAsStringAsync());
        browser.Cookies.Should().ContainKey(ConsoleBrowser.AuthCookie);
        (await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me"))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>The fixture's system administrator, enrolled directly, signed in with a code.</summary>
    private async Task<HttpClient> EnrolledAdminAsync()
    {
        string key;
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ZhijianUser>>();
            var admin = (await users.FindByNameAsync(AppFixture.AdminUser))!;
            if (!admin.TwoFactorEnabled)
            {
                await users.ResetAuthenticatorKeyAsync(admin);
                await users.SetTwoFactorEnabledAsync(admin, true);
            }

            key = (await users.GetAuthenticatorKeyAsync(admin))!;
        }

        return await SignedInAsync(AppFixture.AdminUser, Totp.Code(key));
    }

    private sealed record TokenAnswer(string AccessToken, string TokenType, long ExpiresIn);
}
