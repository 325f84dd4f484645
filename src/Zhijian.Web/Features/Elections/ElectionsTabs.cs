using Zhijian.Web.Components;
using Zhijian.Web.Features.Elections.Pages;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Elections;

/// <summary>The 换届 tab of the console.</summary>
public static class ElectionsTabs
{
    public static IServiceCollection AddElectionsTabs(this IServiceCollection services) => services
        .AddOrgTab<TermsTab>("换届", order: 140, new()
        {
            Kinds = new HashSet<OrgKind> { OrgKind.Committee, OrgKind.WorkingCommittee, OrgKind.GeneralBranch, OrgKind.Branch },
        });
}
