using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Development;

/// <summary>Records and their tallies follow a moved subtree (paths) and a merged branch (re-homed to the target). A
/// dissolved branch keeps its records as history.</summary>
public sealed class DevelopmentPlacement(ZhijianDbContext db, DevelopmentTallies tallies) : IOrganizationChangeHandler
{
    public async Task OnMovedAsync(SubtreeMoved change, CancellationToken ct)
    {
        var (oldPrefix, newPrefix) = (change.OldPrefix, change.NewPrefix);
        var cut = oldPrefix.Length;
        await db.Set<DevelopmentRecord>().RebasePathAsync(r => r.OrgPath, oldPrefix, newPrefix, ct);
        await tallies.RewritePrefixAsync(oldPrefix, newPrefix, ct);
    }

    public async Task OnMergedAsync(OrganizationMerged change, CancellationToken ct)
    {
        await db.Set<DevelopmentRecord>().Where(r => r.OrgId == change.SourceId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.OrgId, change.TargetId).SetProperty(r => r.OrgPath, change.TargetPath), ct);
        await tallies.MergeAsync(change.SourceId, change.TargetId, change.TargetPath, ct);
    }

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
