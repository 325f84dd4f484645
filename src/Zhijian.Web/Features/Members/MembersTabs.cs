using Zhijian.Web.Components;
using Zhijian.Web.Features.Members.Pages;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Members;

/// <summary>The member feature's tabs in the console: the roll (团员 or 党员) and the completeness of the records.</summary>
public static class MembersTabs
{
    /// <summary>Registers the tabs with the organization console (see <see cref="OrgTabRegistration"/>).</summary>
    public static IServiceCollection AddMembersTabs(this IServiceCollection services) => services
        .AddOrgTab<MembersTab>(org => org.System == OrgSystem.League ? "团员" : "党员", order: 20)
        .AddOrgTab<CompletenessTab>("信息完整度", order: 80, new() { Refresh = ConsoleRefresh.None });
}
