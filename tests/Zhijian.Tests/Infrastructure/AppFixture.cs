using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Accounts;

namespace Zhijian.Tests.Infrastructure;

/// <summary>The two databases every integration test runs on.</summary>
public enum DbProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The whole application over a fresh database of one provider, shared by the tests of one class.
/// Tests build their own organizations, so they do not depend on each other's data.
/// </summary>
public abstract class AppFixture(DbProvider provider) : IAsyncLifetime
{
    public const string AdminUser = "admin";
    public const string Password = "Test-Passw0rd";

    private WebApplicationFactory<Program>? factory;
    private string? sqliteFile;
    private string? adminToken;
    private string? connection;

    public DbProvider Provider { get; } = provider;

    /// <summary>The file store's directory (<c>Storage:Path</c>) of this application, a fresh temporary one.</summary>
    public string StoragePath { get; } = Path.Combine(Path.GetTempPath(), $"zhijian-files-{Guid.NewGuid():N}");

    /// <summary>The application's clock: real time unless a test fixes or shifts it (and puts it back).</summary>
    public TestClock Clock { get; } = new();

    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("Not initialized");

    public async ValueTask InitializeAsync()
    {
        string connection;
        if (Provider == DbProvider.Postgres)
        {
            var server = await PostgresServer.GetAsync();
            connection = await server.CreateDatabaseAsync("app");
        }
        else
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), $"zhijian-test-{Guid.NewGuid():N}.db");
            connection = $"Data Source={sqliteFile}";
        }

        this.connection = connection;
        factory = CreateFactory(connection);

        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await DemoSeeder.EnsureSystemAdminAsync(sp.GetRequiredService<UserManager<ZhijianUser>>(),
            sp.GetRequiredService<ZhijianDbContext>(), AdminUser, Password);
    }

    /// <summary>
    /// Another instance of the application over the same database, as a second server behind a load balancer
    /// would be (the caller disposes it).
    /// </summary>
    public WebApplicationFactory<Program> SecondInstance() =>
        CreateFactory(connection ?? throw new InvalidOperationException("Not initialized"));

    /// <summary>
    /// An instance of the application over another database (the caller disposes it), with the fixture's settings and
    /// then <paramref name="configure"/>'s.
    /// </summary>
    public WebApplicationFactory<Program> InstanceOver(string connection, Action<IWebHostBuilder> configure) =>
        CreateFactory(connection, configure);

    /// <summary>The connection string of a new, empty database of this fixture's provider.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        if (Provider == DbProvider.Postgres)
        {
            return await (await PostgresServer.GetAsync()).CreateDatabaseAsync("extra");
        }

        var file = Path.Combine(Path.GetTempPath(), $"zhijian-test-{Guid.NewGuid():N}.db");
        return $"Data Source={file}";
    }

    private WebApplicationFactory<Program> CreateFactory(string connection, Action<IWebHostBuilder>? configure = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("Database:Provider", Provider == DbProvider.Postgres ? "postgres" : "sqlite");
            b.UseSetting("Database:AutoMigrate", "true");
            b.UseSetting("ConnectionStrings:Zhijian", connection);
            b.UseSetting("Demo:Enabled", "false");
            b.UseSetting("Statistics:RollupInterval", "00:00:00"); // tests refresh rollups explicitly
            b.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            b.UseSetting("Alerts:Enabled", "false");
            b.UseSetting("Meetings:AttachmentDirectory", Path.Combine(Path.GetTempPath(), $"zhijian-attachments-{Guid.NewGuid():N}"));
            b.UseSetting("Storage:Path", StoragePath);
            b.UseSetting("Transfers:ReportJob", "false");
            b.UseSetting("Dues:MonthJob", "false");
            b.UseSetting("Security:RequireTwoFactorForAdmins", "false"); // two-factor tests turn it on for their own app
            // The suite signs in hundreds of times from one address; AccountTrustTests lowers these to prove the limiter.
            b.UseSetting("Security:RateLimits:TokenPermitLimit", "1000000");
            b.UseSetting("Security:RateLimits:PasswordPermitLimit", "1000000");
            b.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
            Configure(b);
            configure?.Invoke(b);
        });

    /// <summary>Settings of a derived fixture, applied after the common ones.</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    public async ValueTask DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        if (sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" })
            {
                File.Delete(f);
            }
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous() => Factory.CreateClient();

    /// <summary>A client signed in as the system administrator.</summary>
    public async Task<HttpClient> AdminAsync()
    {
        adminToken ??= await TokenAsync(AdminUser, Password);
        return WithToken(adminToken);
    }

    /// <summary>A client signed in as <paramref name="user"/>.</summary>
    public async Task<HttpClient> SignInAsync(string user, string password = Password) =>
        WithToken(await TokenAsync(user, password));

    /// <summary>Creates an account with one role over an organization's subtree and signs it in.</summary>
    public async Task<HttpClient> UserWithRoleAsync(string role, long? orgId)
    {
        var admin = await AdminAsync();
        var name = $"{role}-{Guid.NewGuid():N}"[..20];
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { userName = name, password = Password }, Api.Json);
        created.EnsureSuccessStatusCode();
        var user = await created.Content.ReadFromJsonAsync<CreatedUser>(Api.Json);
        var grant = await admin.PostAsJsonAsync($"/api/v1/users/{user!.Id}/roles", new { role, orgId }, Api.Json);
        grant.EnsureSuccessStatusCode();
        return await SignInAsync(name);
    }

    /// <summary>A service scope over the application's container (for direct database checks).</summary>
    public AsyncServiceScope Scope() => Factory.Services.CreateAsyncScope();

    private async Task<string> TokenAsync(string user, string password)
    {
        var response = await Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password }, Api.Json);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenAnswer>(Api.Json);
        return token!.AccessToken;
    }

    private HttpClient WithToken(string token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private sealed record TokenAnswer(string AccessToken, string TokenType, long ExpiresIn);

    private sealed record CreatedUser(long Id, string UserName);
}

/// <summary>
/// The application's clock: real time, unless a test fixes it (<see cref="Now"/>) or shifts it (<see cref="Offset"/>);
/// tests put it back when they are done.
/// </summary>
public sealed class TestClock : TimeProvider
{
    public DateTimeOffset? Now { get; set; }

    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => (Now ?? base.GetUtcNow()) + Offset;
}

/// <summary>The application on SQLite.</summary>
public sealed class SqliteApp() : AppFixture(DbProvider.Sqlite);

/// <summary>The application on PostgreSQL.</summary>
public sealed class PostgresApp() : AppFixture(DbProvider.Postgres);
