using Zhijian.Web.Components;
using Zhijian.Web.Features.Transfers.Pages;

namespace Zhijian.Web.Features.Transfers;

/// <summary>The transfer feature's tab in the console: transfers awaiting, in and out, and their statistics.</summary>
public static class TransfersTabs
{
    /// <summary>Registers the tabs with the organization console (see <see cref="OrgTabRegistration"/>).</summary>
    public static IServiceCollection AddTransfersTabs(this IServiceCollection services) => services
        .AddOrgTab<TransfersTab>("关系转接", order: 50);
}
