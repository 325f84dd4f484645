using Zhijian.Web.Components;
using Zhijian.Web.Features.Evaluations.Pages;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Evaluations;

/// <summary>The console tabs of the yearly evaluation (评议) and 团籍注册.</summary>
public static class EvaluationsTabs
{
    public static IServiceCollection AddEvaluationsTabs(this IServiceCollection services) => services
        .AddOrgTab<EvaluationsTab>("评议", order: 130, new()
        {
            Kinds = new HashSet<OrgKind> { OrgKind.Committee, OrgKind.WorkingCommittee, OrgKind.GeneralBranch, OrgKind.Branch },
            Refresh = ConsoleRefresh.None,
        })
        .AddOrgTab<RegistrationTab>("团籍注册", order: 135, new()
        {
            Systems = new HashSet<OrgSystem> { OrgSystem.League },
            Kinds = new HashSet<OrgKind> { OrgKind.Committee, OrgKind.WorkingCommittee, OrgKind.GeneralBranch, OrgKind.Branch },
            Refresh = ConsoleRefresh.None,
        });
}
