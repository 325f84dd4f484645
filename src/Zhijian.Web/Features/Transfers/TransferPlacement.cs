using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Transfers;

/// <summary>
/// What other features may do to transfers when the tree changes: after a merge, the open transfers of the dissolved
/// organization follow its members to the organization it joined, which now answers for them. Closed transfers keep
/// the organizations they were decided by. Always inside the caller's transaction.
/// </summary>
public sealed class TransferPlacement(ZhijianDbContext db, TimeProvider clock) : IOrganizationChangeHandler
{
    /// <summary>Transfers name organizations by id, not path: a move changes nothing.</summary>
    public Task OnMovedAsync(SubtreeMoved change, CancellationToken ct) => Task.CompletedTask;

    public async Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) =>
        change.Tally.OpenTransfers += await MoveOpenAsync(change.SourceId, change.TargetId, ct);

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;

    public async Task<int> MoveOpenAsync(long fromOrgId, long toOrgId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var open = db.Set<Transfer>().Where(t => t.State == TransferState.PendingOut || t.State == TransferState.PendingIn);
        var moved = await open.Where(t => t.FromOrgId == fromOrgId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.FromOrgId, toOrgId).SetProperty(t => t.UpdatedAt, now), ct);
        moved += await open.Where(t => t.ToOrgId == fromOrgId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ToOrgId, toOrgId).SetProperty(t => t.UpdatedAt, now), ct);
        await open.Where(t => t.AwaitingOrgId == fromOrgId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.AwaitingOrgId, toOrgId), ct);
        return moved;
    }
}
