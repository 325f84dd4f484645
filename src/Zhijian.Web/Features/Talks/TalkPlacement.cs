using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Talks;

/// <summary>Talk records follow a moved subtree; a merged or dissolved organization keeps its records (history).</summary>
public sealed class TalkPlacement(ZhijianDbContext db) : IOrganizationChangeHandler
{
    public Task OnMovedAsync(SubtreeMoved change, CancellationToken ct)
    {
        var (oldPrefix, newPrefix) = (change.OldPrefix, change.NewPrefix);
        return db.Set<Talk>().RebasePathAsync(t => t.OrgPath, oldPrefix, newPrefix, ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) => Task.CompletedTask;

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
