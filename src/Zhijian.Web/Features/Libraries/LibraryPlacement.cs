using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Libraries;

/// <summary>Honors, reserve cadres and archives follow a moved subtree; a merged or dissolved organization keeps them as its history.</summary>
public sealed class LibraryPlacement(ZhijianDbContext db) : IOrganizationChangeHandler
{
    public async Task OnMovedAsync(SubtreeMoved change, CancellationToken ct)
    {
        var (oldPrefix, newPrefix) = (change.OldPrefix, change.NewPrefix);
        var cut = oldPrefix.Length;
        await db.Set<Honor>().Where(TreePath.In<Honor>(h => h.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.OrgPath, h => newPrefix + h.OrgPath.Substring(cut)), ct);
        await db.Set<ReserveCadre>().Where(TreePath.In<ReserveCadre>(c => c.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.OrgPath, c => newPrefix + c.OrgPath.Substring(cut)), ct);
        await db.Set<ArchiveDocument>().Where(TreePath.In<ArchiveDocument>(d => d.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.OrgPath, d => newPrefix + d.OrgPath.Substring(cut)), ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) => Task.CompletedTask;

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
