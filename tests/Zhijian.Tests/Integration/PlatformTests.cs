using System.Net;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class PlatformTestsOnSqlite(SqliteApp app) : PlatformTests(app), IClassFixture<SqliteApp>;

public sealed class PlatformTestsOnPostgres(PostgresApp app) : PlatformTests(app), IClassFixture<PostgresApp>;

/// <summary>Edges of the platform: health, OpenAPI, migrations, the audit chain.</summary>
public abstract class PlatformTests(AppFixture app)
{
    [Fact]
    public async Task Health_And_Ready()
    {
        var health = await app.Anonymous().GetAsync("/health");
        (await health.ReadAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("healthy");
        var ready = await app.Anonymous().GetAsync("/health/ready");
        (await ready.ReadAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("healthy");
    }

    [Fact]
    public async Task Ready_IsUnhealthy_WhileMigrationsArePending()
    {
        var empty = await app.NewDatabaseAsync();
        await using var instance = app.InstanceOver(empty, b => b.UseSetting("Database:AutoMigrate", "false"));
        var ready = await instance.CreateClient().GetAsync("/health/ready");
        var body = await ready.Content.ReadAsStringAsync();
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, body);
        var doc = JsonDocument.Parse(body).RootElement;
        doc.GetProperty("status").GetString().Should().Be("unhealthy");
        doc.GetProperty("checks").GetProperty("migrations").GetString().Should().Be("unhealthy");
        doc.GetProperty("checks").GetProperty("database").GetString().Should().Be("healthy");
    }

    [Fact]
    public async Task Telemetry_IsOff_UntilAnOtlpEndpointIsConfigured()
    {
        app.Factory.Services.GetService<OpenTelemetry.Trace.TracerProvider>().Should().BeNull();
        await using var instance = app.InstanceOver(await app.NewDatabaseAsync(),
            b => b.UseSetting("Telemetry:OtlpEndpoint", "http://127.0.0.1:4317"));
        instance.Services.GetService<OpenTelemetry.Trace.TracerProvider>().Should().NotBeNull();
        instance.Services.GetService<OpenTelemetry.Metrics.MeterProvider>().Should().NotBeNull();
        var health = await instance.CreateClient().GetAsync("/health");
        health.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OpenApi_DescribesTheContract_AndTheReferenceIsServed()
    {
        var doc = await app.Anonymous().GetOkAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in new[]
                 {
                     "/api/v1/auth/token", "/api/v1/auth/me", "/api/v1/auth/password", "/api/v1/users", "/api/v1/users/{id}/roles", "/api/v1/orgs",
                     "/api/v1/orgs/{id}", "/api/v1/orgs/{id}/children", "/api/v1/orgs/{id}/move", "/api/v1/orgs/{id}/merge",
                     "/api/v1/orgs/{id}/dissolve", "/api/v1/orgs/{id}/stats", "/api/v1/members", "/api/v1/members/{id}",
                     "/api/v1/audit", "/api/v1/audit/verify", "/api/v1/orgs/{id}/positions", "/api/v1/positions/{id}",
                     "/api/v1/positions/{id}/end", "/api/v1/orgs/{id}/completeness", "/api/v1/members/duplicates",
                 })
        {
            paths.TryGetProperty(path, out _).Should().BeTrue(path);
        }

        var reference = await app.Anonymous().GetAsync("/api-docs");
        reference.StatusCode.Should().Be(HttpStatusCode.OK);
        (await reference.Content.ReadAsStringAsync()).Should().Contain("openapi/v1.json");
    }

    [Fact]
    public async Task Model_HasNoChangesWithoutMigration()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        db.Database.HasPendingModelChanges().Should().BeFalse(
            $"the {app.Provider} model changed: add a migration with dotnet ef migrations add NAME --project src/Zhijian.Migrations.{app.Provider}");
        (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task UnknownRoute_Is404Problem()
    {
        var response = await (await app.AdminAsync()).GetAsync("/api/v1/nothing-here");
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task BadQueryValues_AreValidationFailed()
    {
        var admin = await app.AdminAsync();
        await (await admin.GetAsync("/api/v1/orgs?system=army")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.GetAsync("/api/v1/orgs?page=abc")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.GetAsync("/api/v1/members?stage=general")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
    }
}

public sealed class AuditChainTestsOnSqlite(SqliteApp app) : AuditChainTests(app), IClassFixture<SqliteApp>;

public sealed class AuditChainTestsOnPostgres(PostgresApp app) : AuditChainTests(app), IClassFixture<PostgresApp>;

/// <summary>The hash chain: every write leaves an event; altering a row directly is found. Own database, since it breaks the chain.</summary>
public abstract class AuditChainTests(AppFixture app)
{
    [Fact]
    public async Task EveryWrite_IsAudited_AndVerifyNamesTheFirstBrokenLink()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var a = await data.OrgAsync("league", "branch", root.Id);
        var b = await data.OrgAsync("league", "branch", root.Id);
        await admin.PatchJsonAsync($"/api/v1/orgs/{a.Id}", new { unitName = "某单位" });
        var c = await data.OrgAsync("league", "committee", root.Id);
        await admin.PostJsonAsync($"/api/v1/orgs/{b.Id}/move", new { newParentId = c.Id });
        await admin.PostJsonAsync($"/api/v1/orgs/{a.Id}/merge", new { intoId = b.Id });
        var d = await data.OrgAsync("league", "branch", root.Id);
        await admin.PostJsonAsync($"/api/v1/orgs/{d.Id}/dissolve", new { reason = "测试" });

        var events = await admin.GetOkAsync<PagedList<AuditEventDto>>("/api/v1/audit?pageSize=200");
        var actions = events.Items.Select(e => e.Action).ToList();
        actions.Should().Contain([AuditAction.OrgCreated, AuditAction.OrgUpdated, AuditAction.OrgMoved, AuditAction.OrgMerged, AuditAction.OrgDissolved]);
        events.Items.Should().OnlyContain(e => e.UserName == AppFixture.AdminUser || e.Action == AuditAction.UserCreated);
        events.Items.Should().OnlyContain(e => e.Hash.Length == 64);

        var verified = await admin.GetOkAsync<JsonElement>("/api/v1/audit/verify");
        verified.GetProperty("valid").GetBoolean().Should().BeTrue();
        verified.GetProperty("events").GetInt64().Should().Be(events.Total);

        // Someone with database access rewrites history.
        var victim = events.Items.Single(e => e.Action == AuditAction.OrgMoved);
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
            await db.AuditEvents.Where(e => e.Id == victim.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Summary, "什么也没发生"));
        }

        var broken = await admin.GetOkAsync<JsonElement>("/api/v1/audit/verify");
        broken.GetProperty("valid").GetBoolean().Should().BeFalse();
        broken.GetProperty("firstBrokenId").GetInt64().Should().Be(victim.Id);
    }

    [Fact]
    public async Task Verify_NeedsSystemAdmin()
    {
        var data = new TestData(app, await app.AdminAsync());
        var root = await data.OrgAsync("party", "committee", null);
        var client = await app.UserWithRoleAsync("orgAdmin", root.Id);
        await (await client.GetAsync("/api/v1/audit/verify")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        var own = await client.GetOkAsync<PagedList<AuditEventDto>>("/api/v1/audit");
        own.Items.Should().OnlyContain(e => e.OrgId == root.Id);
    }
}
