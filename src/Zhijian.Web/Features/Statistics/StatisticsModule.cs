namespace Zhijian.Web.Features.Statistics;

/// <summary>The Statistics module: statistics and their rollups. Hosting lists it; nothing else registers its services or maps its routes.</summary>
public static class StatisticsModule
{
    /// <summary>Services, options (validated on start) and background jobs of Statistics.</summary>
    public static IServiceCollection AddStatistics(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<StatisticsService>();
        services.AddScoped<StatsRollups>();
        services.AddOptions<StatisticsOptions>().Bind(config.GetSection(StatisticsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<StatsRollupJob>();
        services.AddStatisticsTabs(); // its tabs of the organization console
        return services;
    }

    /// <summary>The API routes of Statistics (on the group Hosting gives: InputGuard on every route).</summary>
    public static IEndpointRouteBuilder MapStatistics(this IEndpointRouteBuilder api)
    {
        api.MapStatisticsEndpoints();
        return api;
    }
}
