namespace Zhijian.Web.Features.Rules;

/// <summary>The Rules module: rules as data. Hosting lists it; nothing else registers its services or maps its routes.</summary>
public static class RulesModule
{
    /// <summary>Services, options (validated on start) and background jobs of Rules.</summary>
    public static IServiceCollection AddRules(this IServiceCollection services, IConfiguration config)
    {
        _ = config;
        services.AddScoped<RuleBook>();
        return services;
    }

    /// <summary>The API routes of Rules (on the group Hosting gives: InputGuard on every route).</summary>
    public static IEndpointRouteBuilder MapRules(this IEndpointRouteBuilder api)
    {
        api.MapRuleEndpoints();
        return api;
    }
}
