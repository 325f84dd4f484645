using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Libraries;

/// <summary>Honors, reserve cadres and archives follow a moved subtree; a merged or dissolved organization keeps them as its history.</summary>
public sealed class LibraryPlacement(ZhijianDbContext db) : IOrganizationChangeHandler
{
    public async Task OnMovedAsync(SubtreeMoved change, CancellationToken ct)
    {
        var (oldPrefix, newPrefix) = (change.OldPrefix, change.NewPrefix);
        await db.Set<Honor>().RebasePathAsync(h => h.OrgPath, oldPrefix, newPrefix, ct);
        await db.Set<ReserveCadre>().RebasePathAsync(c => c.OrgPath, oldPrefix, newPrefix, ct);
        await db.Set<ArchiveDocument>().RebasePathAsync(d => d.OrgPath, oldPrefix, newPrefix, ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) => Task.CompletedTask;

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
