using Zhijian.Web.Components;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Development;

/// <summary>The Development module: 发展党员 / 发展团员 / 推优入党. Hosting lists it.</summary>
public static class DevelopmentModule
{
    public static IServiceCollection AddDevelopment(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<DevelopmentService>();
        services.AddScoped<DevelopmentQueries>();
        services.AddScoped<DevelopmentTallies>();
        services.AddScoped<RecommendToParty>();
        services.AddScoped<DevelopmentWorkbook>();
        services.AddScoped<IDevelopmentPersons, DevelopmentTrainees>(); // applicants and activists as trainees (Learning)
        services.AddScoped<IOrganizationChangeHandler, DevelopmentPlacement>();
        services.AddScoped<IAlertSource, DevelopmentAlertSource>();
        services.AddScoped<Data.Demo.IDemoContributor, DevelopmentDemo>();
        services.AddStatisticsSection<DevelopmentStatisticsSection>(); // its figures in the statistics tab and workbook
        services.AddDevelopmentTabs(); // its tab of the organization console
        services.AddMeSection<Pages.MyDevelopment>(order: 40); // its part of /me
        return services;
    }

    public static IEndpointRouteBuilder MapDevelopment(this IEndpointRouteBuilder api)
    {
        api.MapDevelopmentEndpoints();
        return api;
    }
}
