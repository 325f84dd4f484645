using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Cadres;

/// <summary>One seat of an elected committee: the holder and the post.</summary>
public sealed record ElectedSeat(long PersonId, string Post);

/// <summary>
/// Cadres' own write for an election (换届), called by the Elections feature inside its transaction: the organization's
/// current positions end on the election day (reason 换届) and the elected ones begin that day; the ended ones stay as history.
/// </summary>
public sealed class CommitteeElection(ZhijianDbContext db, OrgCounters counters, TimeProvider clock)
{
    public const string EndReason = "换届";

    /// <summary>Replaces the committee; 400 when a current position started after the election day.</summary>
    public async Task<(int Ended, int Begun)> ReplaceAsync(Organization org, DateOnly on, IReadOnlyList<ElectedSeat> seats,
        CancellationToken ct = default)
    {
        var current = await db.Positions.Where(p => p.OrgId == org.Id && p.EndedOn == null).ToListAsync(ct);
        if (current.FirstOrDefault(p => p.StartedOn > on) is { } later)
        {
            throw DomainException.Validation("heldOn", $"现任班子成员的任职时间（{later.StartedOn:yyyy-MM-dd}）晚于选举日期");
        }

        foreach (var p in current)
        {
            p.End(on, EndReason);
        }

        var now = clock.GetUtcNow();
        db.Positions.AddRange(seats.Select(s => new Position(s.Post, on)
        {
            PersonId = s.PersonId,
            OrgId = org.Id,
            OrgPath = org.Path,
            CreatedAt = now,
        }));
        await db.SaveChangesAsync(ct);
        await counters.ApplyAsync(org.Path, new CounterDelta(Cadres: seats.Count - current.Count), ct);
        return (current.Count, seats.Count);
    }
}
