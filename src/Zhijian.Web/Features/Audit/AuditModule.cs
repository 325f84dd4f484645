namespace Zhijian.Web.Features.Audit;

/// <summary>The Audit module: the hash-chained audit log. Hosting lists it; nothing else registers its services or maps its routes.</summary>
public static class AuditModule
{
    /// <summary>Services, options (validated on start) and background jobs of Audit.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration config)
    {
        _ = config;
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditQueries>();
        return services;
    }

    /// <summary>The API routes of Audit (on the group Hosting gives: InputGuard on every route).</summary>
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder api)
    {
        api.MapAuditEndpoints();
        return api;
    }
}
