using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Accounts;

namespace Zhijian.Web.Cli;

/// <summary>Verbs of the same binary: <c>migrate</c>, <c>seed</c>, <c>create-admin</c>, <c>backup</c>, <c>scan-alerts</c>.</summary>
public static class CliVerbs
{
    private static readonly string[] Verbs = ["migrate", "seed", "create-admin", "backup", "scan-alerts"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("zhijian");
        try
        {
            switch (args[0])
            {
                case "migrate":
                    await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
                    log.LogInformation("Database is up to date");
                    return 0;
                case "seed":
                    return await SeedAsync(sp, args, log);
                case "create-admin":
                    return await CreateAdminAsync(sp, args, log);
                case "backup":
                    return await BackupAsync(sp, args, log);
                case "scan-alerts":
                    await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
                    var run = await sp.GetRequiredService<Features.Alerts.AlertScanner>().RunAsync(null, "cli");
                    log.LogInformation("Alert scan: {Conditions} conditions, {Opened} opened, {Resolved} resolved in {Ms} ms",
                        run.Conditions, run.Opened, run.Resolved, run.DurationMs);
                    return 0;
                default:
                    return 2;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or DbUpdateException)
        {
            log.LogError("{Verb} failed: {Message}", args[0], e.Message);
            return 1;
        }
    }

    private static async Task<int> SeedAsync(IServiceProvider sp, string[] args, ILogger log)
    {
        await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        var orgs = Option(args, "--orgs");
        var members = Option(args, "--members");
        if (orgs is not null || members is not null)
        {
            var result = await sp.GetRequiredService<BulkSeeder>().SeedAsync(
                (int)(orgs ?? 1000), members ?? 10_000, (int)(Option(args, "--seed") ?? 1));
            log.LogInformation("Seeded {Orgs} organizations and {Members} memberships in {Seconds:0.0} s",
                result.Organizations, result.Memberships, result.Elapsed.TotalSeconds);
            return 0;
        }

        var db = sp.GetRequiredService<ZhijianDbContext>();
        if (await db.Organizations.AnyAsync())
        {
            log.LogError("The database already holds organizations; the demo data is loaded only into an empty database");
            return 1;
        }

        var password = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value.AdminPassword;
        await sp.GetRequiredService<DemoSeeder>().SeedAsync(password);
        log.LogInformation("Demo data loaded");
        return 0;
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider sp, string[] args, ILogger log)
    {
        var user = Text(args, "--user");
        var password = Text(args, "--password");
        if (user is null || password is null)
        {
            log.LogError("Usage: create-admin --user NAME --password PASSWORD");
            return 2;
        }

        await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        var created = await DemoSeeder.EnsureSystemAdminAsync(sp.GetRequiredService<UserManager<ZhijianUser>>(),
            sp.GetRequiredService<ZhijianDbContext>(), user, password);
        log.LogInformation("{Result} system administrator {User}", created ? "Created" : "Updated", user);
        return 0;
    }

    private static async Task<int> BackupAsync(IServiceProvider sp, string[] args, ILogger log)
    {
        var db = sp.GetRequiredService<ZhijianDbContext>();
        if (db.IsPostgres)
        {
            log.LogError("On PostgreSQL use pg_dump or base backups (docs/operations.md)");
            return 1;
        }

        var target = Text(args, "--to") ?? Path.Combine("data", "backup",
            $"zhijian-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        // VACUUM INTO writes a consistent copy while the app keeps running.
        await db.Database.ExecuteSqlAsync($"VACUUM INTO {Path.GetFullPath(target)}");
        log.LogInformation("Backup written to {Target}", Path.GetFullPath(target));
        return 0;
    }

    private static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static long? Option(string[] args, string name) =>
        Text(args, name) is { } v ? long.Parse(v.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : null;
}
