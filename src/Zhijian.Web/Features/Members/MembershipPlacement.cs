using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Members;

/// <summary>
/// What other features may do to memberships when the tree changes: rewrite paths after a move and
/// re-home a branch's memberships after a merge (as the tree's <see cref="IOrganizationChangeHandler"/>); move or end
/// one membership after a transfer. Always inside the caller's transaction.
/// </summary>
public sealed class MembershipPlacement(ZhijianDbContext db, TimeProvider clock) : IOrganizationChangeHandler
{
    public async Task OnMovedAsync(SubtreeMoved change, CancellationToken ct) =>
        change.Tally.Memberships += await RewritePrefixAsync(change.OldPrefix, change.NewPrefix, ct);

    public async Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) =>
        change.Tally.Memberships += await MoveAllAsync(change.SourceId, change.TargetId, change.TargetPath, ct);

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;

    /// <summary>A branch that still has memberships that have not ended cannot change kind.</summary>
    public async Task OnKindChangingAsync(OrganizationKindChanging change, CancellationToken ct)
    {
        if (change.From == OrgKind.Branch && await CountActiveAsync(change.OrgId, ct) > 0)
        {
            throw DomainException.Hierarchy("支部还有在册党（团）员，不能改为其他类型");
        }
    }

    /// <summary>Rewrites the denormalized paths of every membership under a moved subtree.</summary>
    public Task<int> RewritePrefixAsync(string oldPrefix, string newPrefix, CancellationToken ct = default)
    {
        var cut = oldPrefix.Length;
        return db.Memberships.Where(TreePath.In<Membership>(m => m.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.OrgPath, m => newPrefix + m.OrgPath.Substring(cut))
                .SetProperty(m => m.UpdatedAt, clock.GetUtcNow()), ct);
    }

    /// <summary>Moves every membership (ended ones too, history follows) of one branch to another.</summary>
    public Task<int> MoveAllAsync(long fromOrgId, long toOrgId, string toPath, CancellationToken ct = default) =>
        db.Memberships.Where(m => m.OrgId == fromOrgId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.OrgId, toOrgId)
                .SetProperty(m => m.OrgPath, toPath)
                .SetProperty(m => m.UpdatedAt, clock.GetUtcNow()), ct);

    /// <summary>Active memberships directly in an organization.</summary>
    public Task<int> CountActiveAsync(long orgId, CancellationToken ct = default) =>
        db.Memberships.CountAsync(m => m.OrgId == orgId && m.State != MemberState.Ended, ct);

    /// <summary>
    /// Moves one current membership to another branch (a completed transfer), only if it is still where the
    /// caller saw it (<paramref name="fromPath"/>, <paramref name="stage"/>); the group is cleared. Returns
    /// false when it changed meanwhile, so the caller can refuse instead of counting the wrong stage.
    /// </summary>
    public async Task<bool> TransferAsync(long membershipId, string fromPath, MemberStage stage, long toBranchId,
        string toPath, CancellationToken ct = default) =>
        await db.Memberships.Where(m => m.Id == membershipId && m.OrgPath == fromPath && m.Stage == stage && m.State != MemberState.Ended)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.OrgId, toBranchId)
                .SetProperty(m => m.OrgPath, toPath)
                .SetProperty(m => m.GroupId, (long?)null)
                .SetProperty(m => m.UpdatedAt, clock.GetUtcNow()), ct) == 1;

    /// <summary>Ends one current membership as <c>transferredOut</c> (the letter's receipt came back); false when it changed meanwhile.</summary>
    public async Task<bool> EndTransferredOutAsync(long membershipId, string fromPath, MemberStage stage, DateOnly on,
        CancellationToken ct = default) =>
        await db.Memberships.Where(m => m.Id == membershipId && m.OrgPath == fromPath && m.Stage == stage && m.State != MemberState.Ended)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, MemberState.Ended)
                .SetProperty(m => m.EndReason, EndReason.TransferredOut)
                .SetProperty(m => m.EndedOn, on)
                .SetProperty(m => m.UpdatedAt, clock.GetUtcNow()), ct) == 1;
}
