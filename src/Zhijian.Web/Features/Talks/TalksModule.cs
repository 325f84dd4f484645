using Zhijian.Web.Components;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Talks.Pages;

namespace Zhijian.Web.Features.Talks;

/// <summary>The Talks module: talk records (谈心谈话) and their yearly rule.</summary>
public static class TalksModule
{
    public static IServiceCollection AddTalks(this IServiceCollection services, IConfiguration config)
    {
        _ = config;
        services.AddScoped<TalkService>();
        services.AddScoped<IOrganizationChangeHandler, TalkPlacement>();
        services.AddScoped<IDemoContributor, TalkDemo>();
        services.AddOrgTab<TalksTab>("谈心谈话", order: 155, new() { Refresh = ConsoleRefresh.None });
        return services;
    }

    public static IEndpointRouteBuilder MapTalks(this IEndpointRouteBuilder api)
    {
        api.MapTalkEndpoints();
        return api;
    }
}
