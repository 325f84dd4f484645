using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Dues;

/// <summary>
/// Lines, payments and month totals follow a moved subtree (their denormalized paths). A merged or dissolved organization
/// keeps its lines: they are its history (new months are generated where the members now are).
/// </summary>
public sealed class DuesPlacement(ZhijianDbContext db) : IOrganizationChangeHandler
{
    public async Task OnMovedAsync(SubtreeMoved change, CancellationToken ct)
    {
        var (oldPrefix, newPrefix) = (change.OldPrefix, change.NewPrefix);
        await db.Set<DuesLine>().RebasePathAsync(l => l.OrgPath, oldPrefix, newPrefix, ct);
        await db.Set<DuesPayment>().RebasePathAsync(p => p.OrgPath, oldPrefix, newPrefix, ct);
        await db.Set<DuesMonthTotal>().RebasePathAsync(t => t.OrgPath, oldPrefix, newPrefix, ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) => Task.CompletedTask;

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
