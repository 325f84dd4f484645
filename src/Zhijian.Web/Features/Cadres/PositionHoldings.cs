using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Cadres;

/// <summary>Positions as holdings of a person's record, for the Members room (<see cref="IPersonHoldings"/>).</summary>
public sealed class PositionHoldings(ZhijianDbContext db) : IPersonHoldings
{
    public IQueryable<long> CurrentHolders(OrgSystem system) =>
        from p in db.Positions
        join o in db.Organizations on p.OrgId equals o.Id
        where p.EndedOn == null && o.System == system
        select p.PersonId;

    public Task<List<long>> HeldOutsideAsync(IReadOnlyCollection<long> personIds, IReadOnlyCollection<string> prefixes,
        CancellationToken ct)
    {
        var inside = TreePath.InAny<Position>(p => p.OrgPath, prefixes);
        var outside = Expression.Lambda<Func<Position, bool>>(Expression.Not(inside.Body), inside.Parameters);
        return db.Positions.AsNoTracking().Where(p => personIds.Contains(p.PersonId))
            .Where(outside).Select(p => p.PersonId).Distinct().ToListAsync(ct);
    }
}
