using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Elections;

/// <summary>Elections and extensions follow a moved subtree; a merged or dissolved organization keeps them as history.</summary>
public sealed class ElectionPlacement(ZhijianDbContext db) : IOrganizationChangeHandler
{
    public async Task OnMovedAsync(SubtreeMoved change, CancellationToken ct)
    {
        var (oldPrefix, newPrefix) = (change.OldPrefix, change.NewPrefix);
        await db.Set<Election>().RebasePathAsync(x => x.OrgPath, oldPrefix, newPrefix, ct);
        await db.Set<TermExtension>().RebasePathAsync(x => x.OrgPath, oldPrefix, newPrefix, ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) => Task.CompletedTask;

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
