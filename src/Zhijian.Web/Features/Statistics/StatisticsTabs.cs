using Zhijian.Web.Components;
using Zhijian.Web.Features.Statistics.Pages;

namespace Zhijian.Web.Features.Statistics;

/// <summary>The statistics feature's tab in the console: the subtree's figures.</summary>
public static class StatisticsTabs
{
    /// <summary>Registers the tabs with the organization console (see <see cref="OrgTabRegistration"/>).</summary>
    public static IServiceCollection AddStatisticsTabs(this IServiceCollection services) => services
        .AddOrgTab<OrgStatsTab>("统计", order: 100, new() { Refresh = ConsoleRefresh.None });
}
