using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;

namespace Zhijian.Bench;

/// <summary>
/// Migrates an empty database and seeds the national dataset with <see cref="BulkSeeder"/>, then vacuums it; module
/// benchmarks copy it with <c>CREATE DATABASE … TEMPLATE</c> instead of seeding 10,000,000 memberships each.
/// </summary>
public static class SeedOnly
{
    public static async Task<int> MainAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: Zhijian.Bench --seed-only --connection CS [--orgs N] [--members M]");
            return 2;
        }

        await using var app = BenchHost.Build("postgres", options.Connection);
        await app.InScope(async sp =>
        {
            await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            return 0;
        });
        var watch = Stopwatch.StartNew();
        var seeded = await app.InScope(sp => sp.GetRequiredService<BulkSeeder>().SeedAsync(options.Orgs, options.Members, 1));
        Log.Line(string.Create(CultureInfo.InvariantCulture,
            $"Seeded {options.Orgs:N0} organizations and {options.Members:N0} memberships in {watch.Elapsed.TotalSeconds:0} s (root {seeded.RootId})"));
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<ZhijianDbContext>();
            db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
            await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE)");
            return 0;
        });
        return 0;
    }
}
