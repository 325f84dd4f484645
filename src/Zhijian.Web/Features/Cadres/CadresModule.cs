using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Cadres;

/// <summary>The Cadres module: positions (班子职务). Hosting lists it; nothing else registers its services or maps its routes.</summary>
public static class CadresModule
{
    /// <summary>Services, options (validated on start) and background jobs of Cadres.</summary>
    public static IServiceCollection AddCadres(this IServiceCollection services, IConfiguration config)
    {
        _ = config;
        services.AddScoped<PositionPlacement>();
        services.AddScoped<IOrganizationChangeHandler>(sp => sp.GetRequiredService<PositionPlacement>());
        services.AddScoped<PositionService>();
        services.AddScoped<CommitteeElection>(); // an election replaces the committee (换届), for the Elections feature
        services.AddScoped<IPersonHoldings, PositionHoldings>();
        services.AddCadresTabs(); // its tabs of the organization console
        return services;
    }

    /// <summary>The API routes of Cadres (on the group Hosting gives: InputGuard on every route).</summary>
    public static IEndpointRouteBuilder MapCadres(this IEndpointRouteBuilder api)
    {
        api.MapPositionEndpoints();
        return api;
    }
}
