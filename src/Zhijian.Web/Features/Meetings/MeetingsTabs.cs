using Zhijian.Web.Components;
using Zhijian.Web.Features.Meetings.Pages;

namespace Zhijian.Web.Features.Meetings;

/// <summary>The meeting feature's tabs in the console: the meetings (三会一课) and their compliance.</summary>
public static class MeetingsTabs
{
    /// <summary>Registers the tabs with the organization console (see <see cref="OrgTabRegistration"/>).</summary>
    public static IServiceCollection AddMeetingsTabs(this IServiceCollection services) => services
        .AddOrgTab<MeetingsTab>("三会一课", order: 60, new() { Refresh = ConsoleRefresh.None })
        .AddOrgTab<ComplianceTab>("落实情况", order: 70, new() { Refresh = ConsoleRefresh.None });
}
