using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Elections;

/// <summary>Elections and extensions follow a moved subtree; a merged or dissolved organization keeps them as history.</summary>
public sealed class ElectionPlacement(ZhijianDbContext db) : IOrganizationChangeHandler
{
    public async Task OnMovedAsync(SubtreeMoved change, CancellationToken ct)
    {
        var (oldPrefix, newPrefix) = (change.OldPrefix, change.NewPrefix);
        var cut = oldPrefix.Length;
        await db.Set<Election>().Where(TreePath.In<Election>(x => x.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OrgPath, x => newPrefix + x.OrgPath.Substring(cut)), ct);
        await db.Set<TermExtension>().Where(TreePath.In<TermExtension>(x => x.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OrgPath, x => newPrefix + x.OrgPath.Substring(cut)), ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) => Task.CompletedTask;

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
