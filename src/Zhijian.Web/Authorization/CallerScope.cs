using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Accounts;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Authorization;

/// <summary>One of the caller's role assignments with its organization's current path.</summary>
public sealed record ScopeGrant(Role Role, long? OrgId, string? Path);

/// <summary>
/// What the caller may see and change: the subtrees of their role assignments, loaded once per
/// request. Queries are filtered with <see cref="Readable{T}"/> in SQL; single objects are checked
/// with <see cref="EnsureReadable"/> (404 outside) and <see cref="EnsureWritable"/> (403 when read-only).
/// </summary>
public sealed class CallerScope(ZhijianDbContext db, IActor actor)
{
    private IReadOnlyList<ScopeGrant>? grants;

    public long? UserId => actor.UserId;

    /// <summary>The caller's grants (loaded on first use).</summary>
    public async Task<IReadOnlyList<ScopeGrant>> GrantsAsync(CancellationToken ct = default)
    {
        if (grants is not null)
        {
            return grants;
        }

        if (actor.UserId is not { } userId)
        {
            return grants = [];
        }

        grants = await (from r in db.RoleAssignments.AsNoTracking()
                        where r.UserId == userId
                        join o in db.Organizations on r.OrgId equals o.Id into orgs
                        from o in orgs.DefaultIfEmpty()
                        select new ScopeGrant(r.Role, r.OrgId, o == null ? null : o.Path)).ToListAsync(ct);
        return grants;
    }

    /// <summary>Overrides the grants (the CLI acts as system administrator).</summary>
    public void UseGrants(IReadOnlyList<ScopeGrant> value) => grants = value;

    public async Task<bool> IsSystemAdminAsync(CancellationToken ct = default) =>
        (await GrantsAsync(ct)).Any(g => g.Role == Role.SystemAdmin);

    /// <summary>Subtree prefixes the caller may read; null means everything (system administrator).</summary>
    public async Task<IReadOnlyList<string>?> ReadablePrefixesAsync(CancellationToken ct = default)
    {
        var all = await GrantsAsync(ct);
        if (all.Any(g => g.Role == Role.SystemAdmin))
        {
            return null;
        }

        return Minimal(all.Where(g => g.Role is Role.OrgAdmin or Role.Observer && g.Path is not null)
            .Select(g => g.Path!));
    }

    /// <summary>Subtree prefixes the caller may change; null means everything.</summary>
    public async Task<IReadOnlyList<string>?> WritablePrefixesAsync(CancellationToken ct = default)
    {
        var all = await GrantsAsync(ct);
        if (all.Any(g => g.Role == Role.SystemAdmin))
        {
            return null;
        }

        return Minimal(all.Where(g => g.Role == Role.OrgAdmin && g.Path is not null).Select(g => g.Path!));
    }

    /// <summary>Filters a query to the caller's readable subtrees, in SQL.</summary>
    public async Task<IQueryable<T>> Readable<T>(IQueryable<T> query, Expression<Func<T, string>> path,
        CancellationToken ct = default)
    {
        var prefixes = await ReadablePrefixesAsync(ct);
        return prefixes is null ? query : query.Where(TreePath.InAny(path, prefixes));
    }

    /// <summary>The ids of the organizations the caller may read, as a query (for rooms that store only an organization id).</summary>
    public async Task<IQueryable<long>> ReadableOrgIdsAsync(CancellationToken ct = default) =>
        (await Readable(db.Organizations.AsNoTracking(), o => o.Path, ct)).Select(o => o.Id);

    /// <summary>
    /// The ids of the organizations in the subtree of <paramref name="orgId"/> (itself included), as a query, for rooms
    /// that store only an organization id; 404 when the organization is outside the caller's sight.
    /// </summary>
    public async Task<IQueryable<long>> SubtreeOrgIdsAsync(long orgId, CancellationToken ct = default)
    {
        var path = await db.Organizations.AsNoTracking().Where(o => o.Id == orgId).Select(o => o.Path).FirstOrDefaultAsync(ct);
        if (path is null || !await CanReadAsync(path, ct))
        {
            throw DomainException.NotFound("组织");
        }

        return db.Organizations.AsNoTracking().Where(TreePath.In<Features.Organizations.Organization>(o => o.Path, path)).Select(o => o.Id);
    }

    public async Task<bool> CanReadAsync(string path, CancellationToken ct = default)
    {
        var prefixes = await ReadablePrefixesAsync(ct);
        return prefixes is null || prefixes.Any(p => TreePath.IsWithin(path, p));
    }

    public async Task<bool> CanWriteAsync(string path, CancellationToken ct = default)
    {
        var prefixes = await WritablePrefixesAsync(ct);
        return prefixes is null || prefixes.Any(p => TreePath.IsWithin(path, p));
    }

    /// <summary>404 when the path is outside what the caller may see (existence is not revealed).</summary>
    public async Task EnsureReadable(string path, string what, CancellationToken ct = default)
    {
        if (!await CanReadAsync(path, ct))
        {
            throw DomainException.NotFound(what);
        }
    }

    /// <summary>404 outside the caller's sight, 403 where they may only read.</summary>
    public async Task EnsureWritable(string path, string what, CancellationToken ct = default)
    {
        await EnsureReadable(path, what, ct);
        if (!await CanWriteAsync(path, ct))
        {
            throw DomainException.Forbidden();
        }
    }

    /// <summary>403 unless the caller is a system administrator.</summary>
    public async Task EnsureSystemAdmin(CancellationToken ct = default)
    {
        if (!await IsSystemAdminAsync(ct))
        {
            throw DomainException.Forbidden("此操作需要系统管理员权限");
        }
    }

    /// <summary>Drops prefixes covered by another one, so SQL gets the fewest ranges.</summary>
    private static List<string> Minimal(IEnumerable<string> paths)
    {
        var sorted = paths.Distinct().OrderBy(p => p, StringComparer.Ordinal).ToList();
        var result = new List<string>();
        foreach (var p in sorted)
        {
            if (result.Count == 0 || !TreePath.IsWithin(p, result[^1]))
            {
                result.Add(p);
            }
        }

        return result;
    }
}
