namespace Zhijian.Web.Features.ImportExport;

/// <summary>The ImportExport module: member import and the exports. Hosting lists it; nothing else registers its services or maps its routes.</summary>
public static class ImportExportModule
{
    /// <summary>Services, options (validated on start) and background jobs of ImportExport.</summary>
    public static IServiceCollection AddImportExport(this IServiceCollection services, IConfiguration config)
    {
        _ = config;
        services.AddScoped<MemberImporter>();
        services.AddScoped<MemberExporter>();
        return services;
    }

    /// <summary>The API routes of ImportExport (on the group Hosting gives: InputGuard on every route).</summary>
    public static IEndpointRouteBuilder MapImportExport(this IEndpointRouteBuilder api)
    {
        api.MapImportExportEndpoints();
        return api;
    }
}
