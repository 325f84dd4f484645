using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Transfers;

/// <summary>One decision as API.md shows it, with the deciding organization's name and the decider.</summary>
public sealed record TransferStepDto(TransferStepKind Step, long OrgId, string? OrgName, TransferDecision Decision,
    DateTimeOffset DecidedAt, string? Note, double? HoursTaken, bool? OnTime, string UserName);

/// <summary>A transfer as API.md "Transfers" answers it; the fields after <c>dueAt</c> are additions.</summary>
public sealed record TransferDto(long Id, long MemberId, long FromOrgId, long? ToOrgId, OutsideDestination? Outside,
    TransferReason Reason, TransferState State, DateTimeOffset CreatedAt, IReadOnlyList<TransferStepDto> Steps,
    DateTimeOffset? DueAt, OrgSystem System, string MemberName, string FromOrgName, string? ToOrgName, long? PlacedOrgId,
    string? PlacedOrgName, long? AwaitingOrgId, bool Overdue, string? Note, string ApplicantName, bool AppliedByMember,
    string? LetterSerial, DateOnly? LetterValidUntil, DateTimeOffset? ClosedAt, long? BatchId);

/// <summary>An open transfer past its due time: what the alert centre needs (the organization that must act).</summary>
public sealed record OverdueTransfer(long TransferId, long OrgId, DateTimeOffset DueAt, string MemberName);

/// <summary>A period of a membership in one branch, from the transfers that moved it.</summary>
public sealed record MembershipPeriod(long OrgId, string OrgName, DateOnly? From, DateOnly? Until, long? TransferId);

/// <summary>An organization a transfer may go to (names only: members choose destinations outside their sight).</summary>
public sealed record TransferDestination(long Id, string Name, string ShortName, OrgKind Kind, string KindName);

/// <summary>Which transfers of an organization: coming in, going out, or both.</summary>
public enum TransferDirection
{
    In,
    Out,
}

/// <summary>Reads of transfers, filtered to the caller's sight in SQL: a transfer is seen by both sides of its route and by its member.</summary>
public sealed class TransferQueries(ZhijianDbContext db, CallerScope scope, IActor actor, TimeProvider clock)
{
    public async Task<TransferDto> GetAsync(long id, CancellationToken ct = default)
    {
        var t = await db.Set<Transfer>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw DomainException.NotFound(TransferService.What);
        await SideAsync(t, ct, forRead: true);
        return (await ToDtosAsync([t], ct))[0];
    }

    /// <summary>A page of transfers: of an organization's subtree (<paramref name="direction"/> in, out or both) or of everything the caller sees.</summary>
    public async Task<PagedList<TransferDto>> ListAsync(long? orgId, TransferDirection? direction, TransferState? state,
        bool overdue, PageRequest page, CancellationToken ct = default)
    {
        var q = await VisibleAsync(ct);
        if (orgId is { } id)
        {
            var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct)
                ?? throw DomainException.NotFound("组织");
            await scope.EnsureReadable(org.Path, "组织", ct);
            var ids = SubtreeIds(org.Path);
            q = direction switch
            {
                // Overdue of an organization: those it (or a subordinate) must act on.
                null when overdue => q.Where(t => t.AwaitingOrgId != null && ids.Contains(t.AwaitingOrgId.Value)),
                TransferDirection.In => q.Where(t => t.ToOrgId != null && ids.Contains(t.ToOrgId.Value)),
                TransferDirection.Out => q.Where(t => ids.Contains(t.FromOrgId)),
                _ => q.Where(t => ids.Contains(t.FromOrgId) || (t.ToOrgId != null && ids.Contains(t.ToOrgId.Value))),
            };
        }

        if (state is { } s)
        {
            q = q.Where(t => t.State == s);
        }

        if (overdue)
        {
            var now = clock.GetUtcNow();
            q = q.Where(t => Transfer.OpenStates.Contains(t.State) && t.DueAt < now);
        }

        var total = await q.CountAsync(ct);
        var ordered = overdue ? q.OrderBy(t => t.DueAt).ThenBy(t => t.Id) : q.OrderByDescending(t => t.Id);
        var rows = await ordered.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new PagedList<TransferDto>(await ToDtosAsync(rows, ct), page.Page, page.PageSize, total, true);
    }

    /// <summary>
    /// Every open transfer past its due time with the organization that must act, unscoped: the alert centre
    /// (issue 7) wraps this and applies its own scope.
    /// </summary>
    public async Task<IReadOnlyList<OverdueTransfer>> OverdueAsync(DateTimeOffset now, CancellationToken ct = default) =>
        await (from t in db.Set<Transfer>().AsNoTracking()
               where Transfer.OpenStates.Contains(t.State) && t.DueAt < now && t.AwaitingOrgId != null
               join m in db.Memberships on t.MembershipId equals m.Id
               orderby t.DueAt
               select new OverdueTransfer(t.Id, t.AwaitingOrgId!.Value, t.DueAt!.Value, m.SortName)).ToListAsync(ct);

    /// <summary>Overdue transfers awaiting an organization in the caller's sight (its own or a subordinate's): the count and the
    /// most overdue ones, for the dashboard.</summary>
    public async Task<(int Count, IReadOnlyList<OverdueTransfer> First)> OverdueInSightAsync(int take = 5, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var prefixes = await scope.ReadablePrefixesAsync(ct);
        var q = db.Set<Transfer>().AsNoTracking().Where(t => Transfer.OpenStates.Contains(t.State) && t.DueAt < now && t.AwaitingOrgId != null);
        if (prefixes is not null)
        {
            if (prefixes.Count == 0)
            {
                return (0, []);
            }

            var ids = db.Organizations.Where(TreePath.InAny<Organization>(o => o.Path, prefixes)).Select(o => o.Id);
            q = q.Where(t => ids.Contains(t.AwaitingOrgId!.Value));
        }

        var count = await q.CountAsync(ct);
        var first = await (from t in q
                           join m in db.Memberships on t.MembershipId equals m.Id
                           orderby t.DueAt
                           select new OverdueTransfer(t.Id, t.AwaitingOrgId!.Value, t.DueAt!.Value, m.SortName)).Take(take).ToListAsync(ct);
        return (count, first);
    }

    /// <summary>The branches a membership has belonged to, oldest first, from its completed transfers.</summary>
    public async Task<IReadOnlyList<MembershipPeriod>> HistoryAsync(long memberId, CancellationToken ct = default)
    {
        var m = await db.Memberships.AsNoTracking().FirstOrDefaultAsync(x => x.Id == memberId, ct)
            ?? throw DomainException.NotFound("党（团）员");
        if (await CallerPersonIdAsync(ct) != m.PersonId)
        {
            await scope.EnsureReadable(m.OrgPath, "党（团）员", ct);
        }

        var moves = await db.Set<Transfer>().AsNoTracking()
            .Where(t => t.MembershipId == memberId && t.State == TransferState.Completed)
            .OrderBy(t => t.ClosedAt).ThenBy(t => t.Id)
            .Select(t => new { t.Id, t.FromOrgId, t.PlacedOrgId, t.ClosedAt }).ToListAsync(ct);
        var orgIds = moves.SelectMany(x => new[] { x.FromOrgId, x.PlacedOrgId ?? x.FromOrgId }).Append(m.OrgId).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var result = new List<MembershipPeriod>();
        DateOnly? from = m.JoinedOn;
        foreach (var x in moves)
        {
            var day = ChinaTime.DateOf(x.ClosedAt!.Value);
            result.Add(new MembershipPeriod(x.FromOrgId, names.GetValueOrDefault(x.FromOrgId, ""), from, day, x.Id));
            from = day;
        }

        result.Add(new MembershipPeriod(m.OrgId, names.GetValueOrDefault(m.OrgId, ""), from, m.EndedOn, null));
        return result;
    }

    /// <summary>Active organizations of a system a transfer may go to, by name, short name or pinyin initials (at most 20).</summary>
    public async Task<IReadOnlyList<TransferDestination>> DestinationsAsync(OrgSystem system, string? q, CancellationToken ct = default)
    {
        var term = q?.Trim() ?? "";
        if (term.Length == 0)
        {
            return [];
        }

        var lower = term.ToLowerInvariant();
        var rows = await db.Organizations.AsNoTracking()
            .Where(o => o.System == system && o.Status == OrgStatus.Active && o.Kind != OrgKind.Group
                && (o.Name.Contains(term) || o.ShortName.Contains(term) || o.Initials.Contains(lower)))
            .OrderBy(o => o.Depth).ThenBy(o => o.Path).Take(20)
            .Select(o => new { o.Id, o.Name, o.ShortName, o.Kind }).ToListAsync(ct);
        return rows.Select(o => new TransferDestination(o.Id, o.Name, o.ShortName, o.Kind, ContainmentRules.KindName(system, o.Kind))).ToList();
    }

    /// <summary>Active branches in an organization's subtree (where the receiving side may place a member), at most 200.</summary>
    public async Task<IReadOnlyList<TransferDestination>> BranchesAsync(long orgId, CancellationToken ct = default)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct) ?? throw DomainException.NotFound("组织");
        await scope.EnsureReadable(org.Path, "组织", ct);
        var rows = await db.Organizations.AsNoTracking().Where(TreePath.In<Organization>(o => o.Path, org.Path))
            .Where(o => o.Kind == OrgKind.Branch && o.Status == OrgStatus.Active)
            .OrderBy(o => o.Path).Take(200).Select(o => new { o.Id, o.Name, o.ShortName, o.Kind }).ToListAsync(ct);
        return rows.Select(o => new TransferDestination(o.Id, o.Name, o.ShortName, o.Kind, ContainmentRules.KindName(org.System, o.Kind))).ToList();
    }

    /// <summary>The person linked to the caller's account (members apply for and follow their own transfers).</summary>
    public async Task<long?> CallerPersonIdAsync(CancellationToken ct = default) =>
        actor.UserId is { } userId
            ? await db.Users.Where(u => u.Id == userId).Select(u => u.PersonId).FirstOrDefaultAsync(ct)
            : null;

    /// <summary>The caller's transfers as a member (their own person's), newest first.</summary>
    public async Task<IReadOnlyList<TransferDto>> MineAsync(CancellationToken ct = default)
    {
        if (await CallerPersonIdAsync(ct) is not { } personId)
        {
            return [];
        }

        var rows = await db.Set<Transfer>().AsNoTracking().Where(t => t.PersonId == personId)
            .OrderByDescending(t => t.Id).Take(20).ToListAsync(ct);
        return await ToDtosAsync(rows, ct);
    }

    /// <summary>
    /// The sides of the route the caller stands on. 404 when the caller sees neither side nor is the member;
    /// 403 when they only see it (observers), unless <paramref name="forRead"/>.
    /// </summary>
    public async Task<TransferSide> SideAsync(Transfer t, CancellationToken ct = default, bool forRead = false)
    {
        var paths = await db.Organizations.AsNoTracking().Where(o => o.Id == t.FromOrgId || o.Id == t.ToOrgId)
            .Select(o => new { o.Id, o.Path }).ToListAsync(ct);
        var fromPath = paths.First(p => p.Id == t.FromOrgId).Path;
        var toPath = paths.FirstOrDefault(p => p.Id == t.ToOrgId)?.Path;
        var own = await CallerPersonIdAsync(ct) == t.PersonId;
        var readable = own || await scope.CanReadAsync(fromPath, ct) || (toPath is not null && await scope.CanReadAsync(toPath, ct));
        if (!readable)
        {
            throw DomainException.NotFound(TransferService.What);
        }

        var side = TransferSide.None;
        if (await scope.CanWriteAsync(fromPath, ct))
        {
            side |= TransferSide.Sending;
        }

        if (toPath is not null && await scope.CanWriteAsync(toPath, ct))
        {
            side |= TransferSide.Receiving;
        }

        if (own || (t.ApplicantUserId is { } u && u == actor.UserId))
        {
            side |= TransferSide.Applicant;
        }

        if (side == TransferSide.None && !forRead)
        {
            throw DomainException.Forbidden("您只能查看，不能处理该转接");
        }

        return side;
    }

    private IQueryable<long> SubtreeIds(string path) =>
        db.Organizations.Where(TreePath.In<Organization>(o => o.Path, path)).Select(o => o.Id);

    private async Task<IQueryable<Transfer>> VisibleAsync(CancellationToken ct)
    {
        var q = db.Set<Transfer>().AsNoTracking();
        var prefixes = await scope.ReadablePrefixesAsync(ct);
        if (prefixes is null)
        {
            return q;
        }

        var personId = await CallerPersonIdAsync(ct) ?? -1;
        if (prefixes.Count == 0)
        {
            return q.Where(t => t.PersonId == personId);
        }

        var ids = db.Organizations.Where(TreePath.InAny<Organization>(o => o.Path, prefixes)).Select(o => o.Id);
        return q.Where(t => ids.Contains(t.FromOrgId) || (t.ToOrgId != null && ids.Contains(t.ToOrgId.Value)) || t.PersonId == personId);
    }

    private async Task<List<TransferDto>> ToDtosAsync(IReadOnlyList<Transfer> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(t => t.Id).ToList();
        var steps = await db.Set<TransferStep>().AsNoTracking().Where(s => ids.Contains(s.TransferId))
            .OrderBy(s => s.DecidedAt).ThenBy(s => s.Id).ToListAsync(ct);
        var memberIds = rows.Select(t => t.MembershipId).Distinct().ToList();
        var names = await db.Memberships.AsNoTracking().Where(m => memberIds.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, m => m.SortName, ct);
        var orgIds = rows.SelectMany(t => new[] { t.FromOrgId, t.ToOrgId ?? 0, t.PlacedOrgId ?? 0 })
            .Concat(steps.Select(s => s.OrgId)).Where(i => i != 0).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var now = clock.GetUtcNow();
        var byTransfer = steps.ToLookup(s => s.TransferId);
        return rows.Select(t => new TransferDto(t.Id, t.MembershipId, t.FromOrgId, t.ToOrgId,
            t.IsOutside ? new OutsideDestination(t.OutsideOrgName, t.OutsideContact) : null, t.Reason, t.State, t.CreatedAt,
            byTransfer[t.Id].Select(s => new TransferStepDto(s.Step, s.OrgId, orgs.GetValueOrDefault(s.OrgId), s.Decision,
                s.DecidedAt, s.Note, s.HoursTaken, s.OnTime, s.UserName)).ToList(),
            t.DueAt, t.System, names.GetValueOrDefault(t.MembershipId, ""), orgs.GetValueOrDefault(t.FromOrgId, ""),
            t.ToOrgId is { } to ? orgs.GetValueOrDefault(to) : t.OutsideOrgName, t.PlacedOrgId,
            t.PlacedOrgId is { } p ? orgs.GetValueOrDefault(p) : null, t.AwaitingOrgId,
            t.IsOpen && t.DueAt < now, t.Note, t.ApplicantName, t.AppliedByMember, t.LetterSerial, t.LetterValidUntil,
            t.ClosedAt, t.BatchId)).ToList();
    }
}
