using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Development;

/// <summary>
/// The persons of open development records (申请人, 积极分子, 发展对象) a training class may enrol (docs/learning.md): records not
/// closed and not yet a membership, in the class's subtree.
/// </summary>
public sealed class DevelopmentTrainees(ZhijianDbContext db) : IDevelopmentPersons
{
    private static readonly DevelopmentStage[] Trainable = [DevelopmentStage.Applicant, DevelopmentStage.Activist, DevelopmentStage.Candidate];

    public async Task<IReadOnlyList<DevelopmentPerson>> InSubtreeAsync(string orgPath, IReadOnlyCollection<long> personIds, CancellationToken ct)
    {
        if (personIds.Count == 0)
        {
            return [];
        }

        var ids = personIds.ToList();
        var rows = await db.Set<DevelopmentRecord>().AsNoTracking()
            .Where(TreePath.In<DevelopmentRecord>(r => r.OrgPath, orgPath))
            .Where(r => Trainable.Contains(r.Stage) && ids.Contains(r.PersonId))
            .Select(r => new { r.PersonId, r.Name }).ToListAsync(ct);
        return rows.DistinctBy(r => r.PersonId).Select(r => new DevelopmentPerson(r.PersonId, r.Name)).ToList();
    }

    public async Task<IReadOnlyList<DevelopmentPerson>> FindAsync(string orgPath, string? name, int limit, CancellationToken ct)
    {
        var query = db.Set<DevelopmentRecord>().AsNoTracking()
            .Where(TreePath.In<DevelopmentRecord>(r => r.OrgPath, orgPath))
            .Where(r => Trainable.Contains(r.Stage));
        if (!string.IsNullOrWhiteSpace(name))
        {
            var term = name.Trim();
            query = query.Where(r => r.Name.Contains(term));
        }

        var rows = await query.OrderBy(r => r.Name).ThenBy(r => r.Id).Take(limit)
            .Select(r => new { r.PersonId, r.Name, r.System, r.Stage }).ToListAsync(ct);
        return rows.DistinctBy(r => r.PersonId)
            .Select(r => new DevelopmentPerson(r.PersonId, r.Name, DevelopmentRules.StageName(r.System, r.Stage))).ToList();
    }
}
