using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Elections;

/// <summary>The Elections module: elections, term extensions and the terms board (换届). Hosting lists it.</summary>
public static class ElectionsModule
{
    public static IServiceCollection AddElections(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<ElectionService>();
        services.AddScoped<TermBoard>();
        services.AddScoped<IOrganizationChangeHandler, ElectionPlacement>();
        services.AddElectionsTabs(); // 换届 in the console
        services.AddScoped<Zhijian.Web.Data.Demo.IDemoContributor, ElectionDemo>();
        return services;
    }

    public static IEndpointRouteBuilder MapElections(this IEndpointRouteBuilder api)
    {
        api.MapElectionEndpoints();
        return api;
    }
}
