using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhijian.Web.Data.Demo;

namespace Zhijian.Web.Data;

/// <summary>Demo data settings (DESIGN.md "Configuration keys").</summary>
public sealed class DemoOptions
{
    public const string DefaultAdminPassword = "ZhijianDemo#2026";

    /// <summary>Load the demo data on the first start of an empty database; default true on SQLite, false on PostgreSQL.</summary>
    public bool? Enabled { get; set; }
    public string AdminPassword { get; set; } = DefaultAdminPassword;
}

/// <summary>First start: apply migrations (SQLite by default) and load the demo data into an empty database.</summary>
public sealed class DatabaseInitializer(
    ZhijianDbContext db,
    DatabaseOptions database,
    IOptions<DemoOptions> demo,
    DemoSeeder seeder,
    ILogger<DatabaseInitializer> log)
{
    public static async Task RunAtStartAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().RunAsync(ct);
    }

    public async Task RunAsync(CancellationToken ct = default)
    {
        if (database.AutoMigrate ?? !database.IsPostgres)
        {
            await MigrateAsync(ct);
        }

        if ((demo.Value.Enabled ?? !database.IsPostgres) && !await db.Organizations.AnyAsync(ct))
        {
            log.LogInformation("Empty database: loading the demo data");
            await seeder.SeedAsync(demo.Value.AdminPassword, ct);
        }
    }

    /// <summary>Applies pending migrations of the configured provider.</summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        if (!DatabaseSetup.MigrationsAvailable(database.IsPostgres))
        {
            throw new InvalidOperationException(
                "The migrations assembly is missing beside Zhijian.Web.dll; build the solution (dotnet build Zhijian.slnx).");
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            log.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(ct);
        }

        if (!database.IsPostgres)
        {
            // WAL lets readers go on while a writer works.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}
