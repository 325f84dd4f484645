using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Libraries;

/// <summary>The Libraries module: honors (荣誉库), archives with Chinese full-text search (史料库), reserve cadres (后备干部库).</summary>
public static class LibrariesModule
{
    public static IServiceCollection AddLibraries(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<LibraryOptions>().Bind(config.GetSection(LibraryOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<LibraryService>();
        services.AddScoped<ArchiveService>();
        services.AddScoped<ArchiveIndex>();
        services.AddScoped<IOrganizationChangeHandler, LibraryPlacement>();
        services.AddScoped<IDemoContributor, LibraryDemo>();
        services.AddLibrariesTabs();
        return services;
    }

    public static IEndpointRouteBuilder MapLibraries(this IEndpointRouteBuilder api)
    {
        api.MapLibraryEndpoints();
        return api;
    }
}
