using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Cadres;

/// <summary>What other features may do to positions when the tree changes; inside the caller's transaction.</summary>
public sealed class PositionPlacement(ZhijianDbContext db) : IOrganizationChangeHandler
{
    public Task OnMovedAsync(SubtreeMoved change, CancellationToken ct) => RewritePrefixAsync(change.OldPrefix, change.NewPrefix, ct);

    public async Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) =>
        change.Tally.Positions += await MoveAllAsync(change.SourceId, change.TargetId, change.TargetPath, ct);

    public async Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) =>
        change.Tally.Positions += await EndAllAsync(change.OrgId, change.On, ct);

    /// <summary>The end reason written on the positions of a dissolved organization.</summary>
    public const string DissolvedReason = "所在组织撤销";

    /// <summary>Rewrites the denormalized paths of every position under a moved subtree.</summary>
    public Task<int> RewritePrefixAsync(string oldPrefix, string newPrefix, CancellationToken ct = default)
    {
        var cut = oldPrefix.Length;
        return db.Positions.Where(TreePath.In<Position>(p => p.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.OrgPath, p => newPrefix + p.OrgPath.Substring(cut)), ct);
    }

    /// <summary>Moves every position (past ones too) of one organization to another.</summary>
    public Task<int> MoveAllAsync(long fromOrgId, long toOrgId, string toPath, CancellationToken ct = default) =>
        db.Positions.Where(p => p.OrgId == fromOrgId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.OrgId, toOrgId).SetProperty(p => p.OrgPath, toPath), ct);

    /// <summary>Ends the current positions of an organization (on dissolution); returns how many.</summary>
    public Task<int> EndAllAsync(long orgId, DateOnly on, CancellationToken ct = default) =>
        db.Positions.Where(p => p.OrgId == orgId && p.EndedOn == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.EndedOn, on).SetProperty(p => p.EndReason, DissolvedReason), ct);
}
