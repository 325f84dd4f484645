namespace Zhijian.Web.Features.Corrections;

/// <summary>The Corrections module: correction requests (更正申请). Hosting lists it; nothing else registers its services or maps its routes.</summary>
public static class CorrectionsModule
{
    /// <summary>Services, options (validated on start) and background jobs of Corrections.</summary>
    public static IServiceCollection AddCorrections(this IServiceCollection services, IConfiguration config)
    {
        _ = config;
        services.AddScoped<CorrectionService>();
        services.AddCorrectionsTabs(); // its tabs of the organization console
        return services;
    }

    /// <summary>The API routes of Corrections (on the group Hosting gives: InputGuard on every route).</summary>
    public static IEndpointRouteBuilder MapCorrections(this IEndpointRouteBuilder api)
    {
        api.MapCorrectionEndpoints();
        return api;
    }
}
