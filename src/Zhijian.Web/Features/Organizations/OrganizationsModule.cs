using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Organizations;

/// <summary>The Organizations module: the organization tree. Hosting lists it; nothing else registers its services or maps its routes.</summary>
public static class OrganizationsModule
{
    /// <summary>Services, options (validated on start) and background jobs of Organizations.</summary>
    public static IServiceCollection AddOrganizations(this IServiceCollection services, IConfiguration config)
    {
        _ = config;
        services.AddScoped<OrgCounters>();
        services.AddScoped<OrganizationService>();
        services.AddScoped<OrganizationTerms>(); // term restarts and extensions for the Elections feature (换届)
        services.AddScoped<OrgPathNames>();
        services.AddScoped<IAlertSource, TermAlertSource>();
        services.AddOrganizationTabs(); // its tabs of the organization console
        return services;
    }

    /// <summary>The API routes of Organizations (on the group Hosting gives: InputGuard on every route).</summary>
    public static IEndpointRouteBuilder MapOrganizations(this IEndpointRouteBuilder api)
    {
        api.MapOrganizationEndpoints();
        return api;
    }
}
