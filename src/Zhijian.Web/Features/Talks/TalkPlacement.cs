using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Talks;

/// <summary>Talk records follow a moved subtree; a merged or dissolved organization keeps its records (history).</summary>
public sealed class TalkPlacement(ZhijianDbContext db) : IOrganizationChangeHandler
{
    public Task OnMovedAsync(SubtreeMoved change, CancellationToken ct)
    {
        var (oldPrefix, newPrefix) = (change.OldPrefix, change.NewPrefix);
        var cut = oldPrefix.Length;
        return db.Set<Talk>().Where(TreePath.In<Talk>(t => t.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.OrgPath, t => newPrefix + t.OrgPath.Substring(cut)), ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) => Task.CompletedTask;

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
