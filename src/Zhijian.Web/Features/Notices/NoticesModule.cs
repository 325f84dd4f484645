using Zhijian.Web.Components;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Notices.Pages;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Notices;

/// <summary>The Notices module: notices (通知) with read receipts and the member's inbox.</summary>
public static class NoticesModule
{
    /// <summary>Services, options (validated on start), tabs, /me section and demo data of Notices.</summary>
    public static IServiceCollection AddNotices(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<NoticeOptions>().Bind(config.GetSection(NoticeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<NoticeService>();
        services.AddScoped<NoticeInbox>();
        services.AddScoped<IOrganizationChangeHandler, NoticePlacement>();
        services.AddScoped<IDemoContributor, NoticeDemo>();
        services.AddOrgTab<NoticesTab>("通知", order: 150, new() { Refresh = ConsoleRefresh.None });
        services.AddMeSection<MyNotices>(order: 10);
        return services;
    }

    /// <summary>The API routes of Notices.</summary>
    public static IEndpointRouteBuilder MapNotices(this IEndpointRouteBuilder api)
    {
        api.MapNoticeEndpoints();
        return api;
    }
}
