using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Meetings;

/// <summary>
/// Meetings follow a moved subtree (their denormalized path). A merged or dissolved organization keeps its meetings:
/// they are its history.
/// </summary>
public sealed class MeetingPlacement(ZhijianDbContext db) : IOrganizationChangeHandler
{
    public Task OnMovedAsync(SubtreeMoved change, CancellationToken ct)
    {
        var (oldPrefix, newPrefix) = (change.OldPrefix, change.NewPrefix);
        var cut = oldPrefix.Length;
        return db.Set<Meeting>().Where(TreePath.In<Meeting>(m => m.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.OrgPath, m => newPrefix + m.OrgPath.Substring(cut)), ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) => Task.CompletedTask;

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
