using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Evaluations;

/// <summary>
/// Evaluations, registrations and tallies follow a moved subtree (their denormalized path). A merged or dissolved branch
/// keeps them: they are its history (statistics of later years no longer see it).
/// </summary>
public sealed class EvaluationPlacement(ZhijianDbContext db) : IOrganizationChangeHandler
{
    public async Task OnMovedAsync(SubtreeMoved change, CancellationToken ct)
    {
        var (oldPrefix, newPrefix) = (change.OldPrefix, change.NewPrefix);
        var cut = oldPrefix.Length;
        await db.Set<Evaluation>().Where(TreePath.In<Evaluation>(x => x.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OrgPath, x => newPrefix + x.OrgPath.Substring(cut)), ct);
        await db.Set<Registration>().Where(TreePath.In<Registration>(x => x.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OrgPath, x => newPrefix + x.OrgPath.Substring(cut)), ct);
        await db.Set<RegistrationTally>().Where(TreePath.In<RegistrationTally>(x => x.OrgPath, oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OrgPath, x => newPrefix + x.OrgPath.Substring(cut)), ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) => Task.CompletedTask;

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
