using Zhijian.Web.Components;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Evaluations;

/// <summary>The Evaluations module: 教育评议 / 民主评议党员 and 团籍注册. Hosting lists it.</summary>
public static class EvaluationsModule
{
    public static IServiceCollection AddEvaluations(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<EvaluationService>();
        services.AddScoped<RegistrationService>();
        services.AddScoped<EvaluationBoard>();
        services.AddScoped<RegistrationExport>();
        services.AddScoped<IOrganizationChangeHandler, EvaluationPlacement>();
        services.AddEvaluationsTabs(); // 评议 and 团籍注册 in the console
        services.AddScoped<Zhijian.Web.Data.Demo.IDemoContributor, EvaluationDemo>();
        services.AddMeSection<Pages.MyCycles>(order: 50); // grades and registration by year on /me
        return services;
    }

    public static IEndpointRouteBuilder MapEvaluations(this IEndpointRouteBuilder api)
    {
        api.MapEvaluationEndpoints();
        return api;
    }
}
