using Zhijian.Web.Components;
using Zhijian.Web.Features.Audit.Pages;

namespace Zhijian.Web.Features.Audit;

/// <summary>The audit feature's tab in the console: the subtree's audit log.</summary>
public static class AuditTabs
{
    /// <summary>Registers the tabs with the organization console (see <see cref="OrgTabRegistration"/>).</summary>
    public static IServiceCollection AddAuditTabs(this IServiceCollection services) => services
        .AddOrgTab<AuditTab>("审计日志", order: 110, new() { Refresh = ConsoleRefresh.None });
}
