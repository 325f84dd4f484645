using System.Reflection;
using System.Runtime.Loader;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Zhijian.Web.Data;

/// <summary>Database configuration (DESIGN.md "Configuration keys").</summary>
public sealed class DatabaseOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Apply pending migrations at start; default true on SQLite, false on PostgreSQL (use <c>migrate</c>).</summary>
    public bool? AutoMigrate { get; set; }

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Chooses the provider from configuration and wires the per-provider migrations assembly.</summary>
public static class DatabaseSetup
{
    public const string SqliteMigrations = "Zhijian.Migrations.Sqlite";
    public const string PostgresMigrations = "Zhijian.Migrations.Postgres";
    public const string DefaultSqlite = "Data Source=data/zhijian.db";

    public static IServiceCollection AddZhijianDatabase(this IServiceCollection services, IConfiguration config,
        string contentRoot)
    {
        var options = config.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (!options.IsPostgres && !string.Equals(options.Provider, DatabaseOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Database:Provider must be 'sqlite' or 'postgres', not '{options.Provider}'.");
        }

        services.AddSingleton(options);
        var connection = config.GetConnectionString("Zhijian");
        LoadMigrationAssembliesBesideTheApp();
        services.AddDbContext<ZhijianDbContext>(o => Configure(o, options.IsPostgres, connection, contentRoot));
        return services;
    }

    private static readonly SqlitePragmas SqlitePragmasInstance = new();

    /// <summary>Configures a context for a provider (shared by the app, the CLI and the design-time factories).</summary>
    public static void Configure(DbContextOptionsBuilder o, bool postgres, string? connection, string contentRoot)
    {
        if (postgres)
        {
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new InvalidOperationException(
                    "Database:Provider is 'postgres' but ConnectionStrings:Zhijian is empty. " +
                    "Set ConnectionStrings__Zhijian, e.g. 'Host=localhost;Database=zhijian;Username=zhijian;Password=...'.");
            }

            o.UseNpgsql(connection, n => n.MigrationsAssembly(PostgresMigrations));
        }
        else
        {
            // A list in a query goes as one JSON parameter (json_each), not one parameter per element: Microsoft.Data.Sqlite
            // binds parameters by name, a linear search each, so a 2,000-element Contains cost more than the query.
            o.UseSqlite(SqliteConnectionString(connection, contentRoot), s => s.MigrationsAssembly(SqliteMigrations)
                    .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
                .AddInterceptors(SqlitePragmasInstance);
        }

        o.AddInterceptors(StoredTextGuard.Instance);
        o.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();
    }

    /// <summary>Resolves a relative SQLite file against the content root and makes sure its folder exists.</summary>
    public static string SqliteConnectionString(string? connection, string contentRoot)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(connection) ? DefaultSqlite : connection);
        if (builder.DataSource != ":memory:" && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
        {
            var path = Path.IsPathRooted(builder.DataSource)
                ? builder.DataSource
                : Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        builder.Pooling = true;
        builder.DefaultTimeout = 60;
        return builder.ToString();
    }

    /// <summary>
    /// The migrations projects reference this one, so they are not in its dependency manifest;
    /// their assemblies are copied beside it and resolved here.
    /// </summary>
    private static void LoadMigrationAssembliesBesideTheApp()
    {
        if (Interlocked.Exchange(ref resolverInstalled, 1) == 1)
        {
            return;
        }

        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            if (name.Name is not (SqliteMigrations or PostgresMigrations))
            {
                return null;
            }

            var file = Path.Combine(AppContext.BaseDirectory, name.Name + ".dll");
            return File.Exists(file) ? context.LoadFromAssemblyPath(file) : null;
        };
    }

    private static int resolverInstalled;

    /// <summary>Whether the migrations assembly of the configured provider can be loaded.</summary>
    public static bool MigrationsAvailable(bool postgres)
    {
        try
        {
            Assembly.Load(postgres ? PostgresMigrations : SqliteMigrations);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }
}
