namespace Zhijian.Web.Features.SelfService;

/// <summary>The SelfService module: a member's own record (/me; console pages only, no API routes of its own). Hosting lists it; nothing else registers its services or maps its routes.</summary>
public static class SelfServiceModule
{
    /// <summary>Services, options (validated on start) and background jobs of SelfService.</summary>
    public static IServiceCollection AddSelfService(this IServiceCollection services, IConfiguration config)
    {
        _ = config;
        services.AddScoped<MyRecord>();
        return services;
    }
}
