namespace Zhijian.Web.Features.Organizations;

/// <summary>
/// How a reorganization reaches the rooms whose rows hang on organizations (memberships, positions, transfers,
/// meetings, alerts): each implements this interface and registers it in its module; Organizations references none of
/// them. Handlers run inside the reorganization's transaction, in registration order (the modules' order in
/// <c>Hosting</c>, which follows the lock order: memberships → positions → other rows), and write only their own tables.
/// </summary>
public interface IOrganizationChangeHandler
{
    /// <summary>A subtree moved: rewrite the denormalized paths under <see cref="SubtreeMoved.OldPrefix"/>.</summary>
    Task OnMovedAsync(SubtreeMoved change, CancellationToken ct);

    /// <summary>An organization merged into another: its rows (history too, where the room keeps it) follow.</summary>
    Task OnMergedAsync(OrganizationMerged change, CancellationToken ct);

    /// <summary>An (empty) organization was dissolved: end what ends with it.</summary>
    Task OnDissolvedAsync(OrganizationDissolved change, CancellationToken ct);

    /// <summary>An organization is about to change kind: throw a DomainException to refuse.</summary>
    Task OnKindChangingAsync(OrganizationKindChanging change, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>What the handlers did during one reorganization, for the counters and the audit text.</summary>
public sealed class ReorganizationTally
{
    /// <summary>Memberships re-pathed or re-homed.</summary>
    public int Memberships { get; set; }

    /// <summary>Positions re-homed (merge) or ended (dissolve).</summary>
    public int Positions { get; set; }

    /// <summary>Open transfers that followed a merge.</summary>
    public int OpenTransfers { get; set; }
}

/// <summary>Every path starting with <paramref name="OldPrefix"/> now starts with <paramref name="NewPrefix"/>.</summary>
public sealed record SubtreeMoved(string OldPrefix, string NewPrefix, ReorganizationTally Tally);

/// <summary><paramref name="SourceId"/> merged into <paramref name="TargetId"/> (path <paramref name="TargetPath"/>).</summary>
public sealed record OrganizationMerged(long SourceId, long TargetId, string TargetPath, ReorganizationTally Tally);

/// <summary><paramref name="OrgId"/> dissolved on <paramref name="On"/>.</summary>
public sealed record OrganizationDissolved(long OrgId, DateOnly On, ReorganizationTally Tally);

/// <summary><paramref name="OrgId"/> (now <paramref name="From"/>) is to become <paramref name="To"/>.</summary>
public sealed record OrganizationKindChanging(long OrgId, OrgKind From, OrgKind To);
