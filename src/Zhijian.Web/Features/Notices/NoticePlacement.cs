using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;

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
        await db.Set<Notice>().RebasePathAsync(n => n.OrgPath, oldPrefix, newPrefix, ct);
        await db.Set<NoticeRead>().RebasePathAsync(r => r.OrgPath, oldPrefix, newPrefix, ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) => Task.CompletedTask;

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
