using Zhijian.Web.Components;
using Zhijian.Web.Features.Dues.Pages;

namespace Zhijian.Web.Features.Dues;

/// <summary>The dues feature's tab in the console (党费/团费 by the organization's system).</summary>
public static class DuesTabs
{
    public static IServiceCollection AddDuesTabs(this IServiceCollection services) => services
        .AddOrgTab<DuesTab>("党费/团费", order: 110, new() { Refresh = ConsoleRefresh.None });
}
