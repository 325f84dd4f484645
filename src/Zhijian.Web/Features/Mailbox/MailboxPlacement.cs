using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Mailbox;

/// <summary>Letters follow a moved subtree; a merged organization's letters go to the organization it merged into.</summary>
public sealed class MailboxPlacement(ZhijianDbContext db) : IOrganizationChangeHandler
{
    public Task OnMovedAsync(SubtreeMoved change, CancellationToken ct)
    {
        var (oldPrefix, newPrefix) = (change.OldPrefix, change.NewPrefix);
        var cut = oldPrefix.Length;
        return db.Set<Letter>().RebasePathAsync(l => l.ToOrgPath, oldPrefix, newPrefix, ct);
    }

    public Task OnMergedAsync(OrganizationMerged change, CancellationToken ct) =>
        db.Set<Letter>().Where(l => l.ToOrgId == change.SourceId).ExecuteUpdateAsync(s => s
            .SetProperty(l => l.ToOrgId, change.TargetId).SetProperty(l => l.ToOrgPath, change.TargetPath), ct);

    public Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct) => Task.CompletedTask;
}
