using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Notices;

/// <summary>
/// Notices and their receipts follow a moved subtree (their denormalized paths). A merged or dissolved organization keeps
/// the notices it sent: they are its history, with their counts as they were.
/// </summary>
public sealed class NoticePlacement(ZhijianDbContext db) : IOrganizationChangeHandler
{
    public async Task OnMovedAsync(SubtreeMoved change, CancellationToken ct)
    {
        var (oldPrefix, newPrefix) = (change.OldPrefix, change.NewPrefix);
        var cut = oldPrefix.Length;
        await db.Set<Notice>().Where(TreePath.In<Notice>(n => n.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.OrgPath, n => newPrefix + n.OrgPath.Substring(cut)), ct);
        await db.Set<NoticeRead>().Where(TreePath.In<NoticeRead>(r => r.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.OrgPath, r => newPrefix + r.OrgPath.Substring(cut)), ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) => Task.CompletedTask;

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
