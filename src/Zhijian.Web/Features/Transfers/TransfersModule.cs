using Zhijian.Web.Components;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Transfers.Pages;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Transfers;

/// <summary>The Transfers module: transfers of membership (组织关系转接). Hosting lists it; nothing else registers its services or maps its routes.</summary>
public static class TransfersModule
{
    /// <summary>Services, options (validated on start) and background jobs of Transfers.</summary>
    public static IServiceCollection AddTransfers(this IServiceCollection services, IConfiguration config)
    {
        _ = config;
        services.AddScoped<TransferPlacement>();
        services.AddScoped<IOrganizationChangeHandler>(sp => sp.GetRequiredService<TransferPlacement>());
        services.AddScoped<TransferQueries>();
        services.AddScoped<TransferService>();
        services.AddScoped<TransferBatchService>();
        services.AddScoped<TransferStatistics>();
        services.AddScoped<TransferLetter>();
        services.AddScoped<IAlertSource, TransferAlertSource>();
        services.AddHostedService<TransferWeeklyReportJob>();
        services.AddTransfersTabs(); // its tabs of the organization console
        services.AddMeSection<MyTransfers>(order: 60); // its part of /me
        return services;
    }

    /// <summary>The API routes of Transfers (on the group Hosting gives: InputGuard on every route).</summary>
    public static IEndpointRouteBuilder MapTransfers(this IEndpointRouteBuilder api)
    {
        api.MapTransferEndpoints();
        return api;
    }
}
