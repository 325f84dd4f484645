using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Alerts;

/// <summary>The Alerts module: the alert centre (every source is an IAlertSource registered by its own feature). Hosting lists it; nothing else registers its services or maps its routes.</summary>
public static class AlertsModule
{
    /// <summary>Services, options (validated on start) and background jobs of Alerts.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AlertJobOptions>().Bind(config.GetSection(AlertJobOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<AlertService>();
        services.AddScoped<AlertScanner>();
        services.AddScoped<IOrganizationChangeHandler, AlertPlacement>();
        services.AddHostedService<AlertJob>();
        return services;
    }

    /// <summary>The API routes of Alerts (on the group Hosting gives: InputGuard on every route).</summary>
    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder api)
    {
        api.MapAlertEndpoints();
        return api;
    }
}
