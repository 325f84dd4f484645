using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;

namespace Zhijian.Web.Features.Transfers;

/// <summary>
/// What other features may do to transfers when the tree changes: after a merge, the open transfers of the dissolved
/// organization follow its members to the organization it joined, which now answers for them. Closed transfers keep
/// the organizations they were decided by. Always inside the caller's transaction.
/// </summary>
public sealed class TransferPlacement(ZhijianDbContext db, TimeProvider clock)
{
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
