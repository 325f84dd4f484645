using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Web.Authorization;
using Zhijian.Web.Features.Accounts;
using Zhijian.Web.Shared;

namespace Zhijian.Bench;

/// <summary>The application's own service graph for a benchmark, without HTTP; calls run as a request would.</summary>
public static class BenchHost
{
    /// <summary>The app as configured in production on the given database, information logs off (console I/O would be timed).</summary>
    public static WebApplication Build(string provider, string connection, IDictionary<string, string>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Configuration["Database:Provider"] = provider;
        builder.Configuration["ConnectionStrings:Zhijian"] = connection;
        builder.Configuration["Demo:Enabled"] = "false";
        builder.Configuration["Serilog:MinimumLevel:Default"] = "Warning";
        // One line per import with where its time went (reading and checking, writing): not in the timed loop.
        builder.Configuration["Serilog:MinimumLevel:Override:Zhijian.Web.Features.ImportExport.MemberImporter"] = "Information";
        // Benchmarks run background jobs themselves, when they measure them.
        builder.Configuration["Statistics:RollupInterval"] = "00:00:00";
        builder.Configuration["Alerts:Enabled"] = "false";
        builder.Configuration["Transfers:ReportJob"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.Configuration[key] = value;
        }

        builder.AddZhijian();
        return builder.Build();
    }

    /// <summary>Runs <paramref name="work"/> in a fresh DI scope (new DbContext) as a system administrator.</summary>
    public static async Task<T> InScope<T>(this WebApplication app, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerScope>().UseGrants([new ScopeGrant(Role.SystemAdmin, null, null)]);
        return await work(scope.ServiceProvider);
    }
}
