using Zhijian.Web.Components;
using Zhijian.Web.Features.Corrections.Pages;

namespace Zhijian.Web.Features.Corrections;

/// <summary>The correction feature's tab in the console: the members' correction requests.</summary>
public static class CorrectionsTabs
{
    /// <summary>Registers the tabs with the organization console (see <see cref="OrgTabRegistration"/>).</summary>
    public static IServiceCollection AddCorrectionsTabs(this IServiceCollection services) => services
        .AddOrgTab<CorrectionsTab>("更正申请", order: 90, new() { Refresh = ConsoleRefresh.None });
}
