using Zhijian.Web.Components;
using Zhijian.Web.Features.Organizations.Pages;

namespace Zhijian.Web.Features.Organizations;

/// <summary>
/// The organization feature's tabs in the console: its details, its subordinate organizations, and its audit trail (the
/// tab reads the Audit room's queries; it lives here because a tab takes the organization, and Audit sits below
/// Organizations: Organizations → Audit is an arrow, the reverse would close a cycle).
/// </summary>
public static class OrganizationTabs
{
    /// <summary>Registers the tabs with the organization console (see <see cref="OrgTabRegistration"/>).</summary>
    public static IServiceCollection AddOrganizationTabs(this IServiceCollection services) => services
        .AddOrgTab<OrgInfoTab>("基本信息", order: 10)
        .AddOrgTab<OrgChildrenTab>("下级组织", order: 40, new() { Refresh = ConsoleRefresh.Tree })
        .AddOrgTab<AuditTab>("审计日志", order: 900, new() { Refresh = ConsoleRefresh.None });
}
