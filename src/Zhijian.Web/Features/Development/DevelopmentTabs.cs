using Zhijian.Web.Components;
using Zhijian.Web.Features.Development.Pages;

namespace Zhijian.Web.Features.Development;

/// <summary>Development's tab of the organization console (发展).</summary>
public static class DevelopmentTabs
{
    public static IServiceCollection AddDevelopmentTabs(this IServiceCollection services) => services
        .AddOrgTab<DevelopmentTab>("发展", order: 120);
}
