using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Alerts;

/// <summary>
/// Alerts follow a moved subtree (their denormalized path). A merged or dissolved organization's alerts resolve on the
/// next scan, when their condition is gone.
/// </summary>
public sealed class AlertPlacement(ZhijianDbContext db) : IOrganizationChangeHandler
{
    public Task OnMovedAsync(SubtreeMoved change, CancellationToken ct)
    {
        var (oldPrefix, newPrefix) = (change.OldPrefix, change.NewPrefix);
        return db.Set<Alert>().RebasePathAsync(a => a.OrgPath, oldPrefix, newPrefix, ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) => Task.CompletedTask;

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
