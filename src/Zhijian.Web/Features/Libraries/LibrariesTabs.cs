using Zhijian.Web.Components;
using Zhijian.Web.Features.Libraries.Pages;

namespace Zhijian.Web.Features.Libraries;

/// <summary>The libraries' tab in the console: archive search with highlighted matches, honors, reserve cadres.</summary>
public static class LibrariesTabs
{
    public static IServiceCollection AddLibrariesTabs(this IServiceCollection services) => services
        .AddOrgTab<LibrariesTab>("资料库", order: 180, new() { Refresh = ConsoleRefresh.None });
}
