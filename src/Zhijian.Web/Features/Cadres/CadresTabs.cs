using Zhijian.Web.Components;
using Zhijian.Web.Features.Cadres.Pages;

namespace Zhijian.Web.Features.Cadres;

/// <summary>The cadre feature's tab in the console: the organization's committee members (班子成员).</summary>
public static class CadresTabs
{
    /// <summary>Registers the tabs with the organization console (see <see cref="OrgTabRegistration"/>).</summary>
    public static IServiceCollection AddCadresTabs(this IServiceCollection services) => services
        .AddOrgTab<PositionsTab>("班子成员", order: 30);
}
