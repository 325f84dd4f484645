using Zhijian.Web.Components;
using Zhijian.Web.Features.Meetings.Pages;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Meetings;

/// <summary>The Meetings module: organizational life (三会一课). Hosting lists it; nothing else registers its services or maps its routes.</summary>
public static class MeetingsModule
{
    /// <summary>Services, options (validated on start) and background jobs of Meetings.</summary>
    public static IServiceCollection AddMeetings(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<MeetingOptions>().Bind(config.GetSection(MeetingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<MeetingService>();
        services.AddScoped<MeetingCompliance>();
        services.AddScoped<IOrganizationChangeHandler, MeetingPlacement>();
        services.AddScoped<IAlertSource, MeetingAlertSource>();
        services.AddScoped<Zhijian.Web.Data.Demo.IDemoContributor, MeetingDemo>(); // a year of meetings in the demo
        services.AddMeetingsTabs(); // its tabs of the organization console
        services.AddMeSection<MyMeetings>(order: 20); // its part of /me
        return services;
    }

    /// <summary>The API routes of Meetings (on the group Hosting gives: InputGuard on every route).</summary>
    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder api)
    {
        api.MapMeetingEndpoints();
        return api;
    }
}
