using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Members;

/// <summary>
/// Whose person record the caller may touch (issue 13, items 1 and 2). A person is shared by every
/// membership and position they hold, so a caller changes the stored fields only when all of them lie in
/// the caller's writable subtrees; and links an account only to a person with a current membership there.
/// </summary>
public sealed class PersonAccess(ZhijianDbContext db, CallerScope scope, IPersonHoldings holdings)
{
    /// <summary>
    /// True when the caller may link an account to the person: a system administrator for any existing
    /// person; an organization administrator for a person with a membership that has not ended in their
    /// writable subtrees. False for a missing person, so that the answer does not reveal existence.
    /// </summary>
    public async Task<bool> MayLinkAccountAsync(long personId, CancellationToken ct = default)
    {
        var writable = await scope.WritablePrefixesAsync(ct);
        if (writable is null)
        {
            return await db.Persons.AnyAsync(p => p.Id == personId, ct);
        }

        if (writable.Count == 0)
        {
            return false;
        }

        var current = db.Memberships.AsNoTracking().Where(m => m.PersonId == personId && m.State != MemberState.Ended);
        return await current.Where(TreePath.InAny<Membership>(m => m.OrgPath, writable)).AnyAsync(ct);
    }

    /// <summary>
    /// True when the caller may change the person's stored fields: a system administrator always; anyone
    /// else only when every membership (ended ones included: their history shows the person) and every
    /// position of the person lies in the caller's writable subtrees.
    /// </summary>
    public async Task<bool> MayChangeAsync(long personId, CancellationToken ct = default) =>
        (await NotChangeableAsync([personId], ct)).Count == 0;

    /// <summary>Of the given people, those whose stored fields the caller may not change (for bulk imports: two queries).</summary>
    public async Task<HashSet<long>> NotChangeableAsync(IReadOnlyCollection<long> personIds, CancellationToken ct = default)
    {
        var writable = await scope.WritablePrefixesAsync(ct);
        if (writable is null || personIds.Count == 0)
        {
            return [];
        }

        if (writable.Count == 0)
        {
            return [.. personIds];
        }

        var memberships = await db.Memberships.AsNoTracking().Where(m => personIds.Contains(m.PersonId))
            .Where(Outside<Membership>(m => m.OrgPath, writable)).Select(m => m.PersonId).Distinct().ToListAsync(ct);
        var positions = await holdings.HeldOutsideAsync(personIds, writable, ct);
        return [.. memberships, .. positions];
    }

    /// <summary>"The path lies in none of these subtrees", in SQL.</summary>
    private static Expression<Func<T, bool>> Outside<T>(Expression<Func<T, string>> path, IReadOnlyCollection<string> prefixes)
    {
        var inside = TreePath.InAny(path, prefixes);
        return Expression.Lambda<Func<T, bool>>(Expression.Not(inside.Body), inside.Parameters);
    }
}
