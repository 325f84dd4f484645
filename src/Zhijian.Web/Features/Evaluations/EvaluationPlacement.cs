using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Evaluations;

/// <summary>
/// Evaluations, registrations and tallies follow a moved subtree (their denormalized path). A merged or dissolved branch
/// keeps them: they are its history (statistics of later years no longer see it). The registration rollups of the old
/// ancestors lose the moved subtree's figures and the new ancestors gain them.
/// </summary>
public sealed class EvaluationPlacement(ZhijianDbContext db) : IOrganizationChangeHandler
{
    public async Task OnMovedAsync(SubtreeMoved change, CancellationToken ct)
    {
        var (oldPrefix, newPrefix) = (change.OldPrefix, change.NewPrefix);
        await db.Set<Evaluation>().RebasePathAsync(x => x.OrgPath, oldPrefix, newPrefix, ct);
        await db.Set<Registration>().RebasePathAsync(x => x.OrgPath, oldPrefix, newPrefix, ct);
        await db.Set<RegistrationTally>().RebasePathAsync(x => x.OrgPath, oldPrefix, newPrefix, ct);
        await RegistrationRollups.MovedAsync(db, oldPrefix, newPrefix, ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) => Task.CompletedTask;

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
