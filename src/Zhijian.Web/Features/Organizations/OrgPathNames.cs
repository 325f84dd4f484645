using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Organizations;

/// <summary>One ancestor of an organization, for breadcrumbs and parent paths.</summary>
public sealed record OrgCrumb(long Id, string ShortName);

/// <summary>
/// Parent paths of organizations (「某市团委 / 某公司团委」) so that same-named ones (four 勘查团支部, seven 第一团支部) can be
/// told apart wherever a short name is shown. The ancestor ids come from the materialized paths themselves, so a page of
/// rows costs one indexed <c>WHERE id IN (…)</c> over their distinct ancestors (depth ≤ 10), never a query per row.
/// </summary>
public sealed class OrgPathNames(ZhijianDbContext db)
{
    public const string Separator = " / ";

    /// <summary>For each path, its ancestors (root first, the organization itself excluded) with their short names.</summary>
    public async Task<Func<string, IReadOnlyList<OrgCrumb>>> AncestorsAsync(IEnumerable<string> paths, CancellationToken ct = default)
    {
        var ids = paths.SelectMany(p => TreePath.Ids(p)[..^1]).Distinct().ToList();
        var names = ids.Count == 0
            ? []
            : await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id))
                .Select(o => new { o.Id, o.ShortName }).ToDictionaryAsync(o => o.Id, o => o.ShortName, ct);
        return path => TreePath.Ids(path)[..^1]
            .Where(names.ContainsKey).Select(id => new OrgCrumb(id, names[id])).ToList();
    }

    /// <summary>For each path, its ancestors' short names joined by <see cref="Separator"/> ("" for a root).</summary>
    public async Task<Func<string, string>> ParentsAsync(IEnumerable<string> paths, CancellationToken ct = default)
    {
        var ancestors = await AncestorsAsync(paths, ct);
        return path => Join(ancestors(path));
    }

    public static string Join(IEnumerable<OrgCrumb> crumbs) => string.Join(Separator, crumbs.Select(c => c.ShortName));
}
