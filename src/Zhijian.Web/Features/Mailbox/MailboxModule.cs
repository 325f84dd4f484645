using Zhijian.Web.Components;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Mailbox.Pages;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Mailbox;

/// <summary>The Mailbox module: the secretary's mailbox (书记信箱), named or anonymous letters and their replies.</summary>
public static class MailboxModule
{
    public static IServiceCollection AddMailbox(this IServiceCollection services, IConfiguration config)
    {
        _ = config;
        services.AddScoped<MailboxService>();
        services.AddScoped<IOrganizationChangeHandler, MailboxPlacement>();
        services.AddScoped<IDemoContributor, MailboxDemo>();
        services.AddOrgTab<MailboxTab>("书记信箱", order: 160, new() { Refresh = ConsoleRefresh.None });
        services.AddMeSection<MyMailbox>(order: 80);
        return services;
    }

    public static IEndpointRouteBuilder MapMailbox(this IEndpointRouteBuilder api)
    {
        api.MapMailboxEndpoints();
        return api;
    }
}
