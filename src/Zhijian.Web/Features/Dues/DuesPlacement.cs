using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

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
        var cut = oldPrefix.Length;
        await db.Set<DuesLine>().Where(TreePath.In<DuesLine>(l => l.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.OrgPath, l => newPrefix + l.OrgPath.Substring(cut)), ct);
        await db.Set<DuesPayment>().Where(TreePath.In<DuesPayment>(p => p.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.OrgPath, p => newPrefix + p.OrgPath.Substring(cut)), ct);
        await db.Set<DuesMonthTotal>().Where(TreePath.In<DuesMonthTotal>(t => t.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.OrgPath, t => newPrefix + t.OrgPath.Substring(cut)), ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) => Task.CompletedTask;

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
