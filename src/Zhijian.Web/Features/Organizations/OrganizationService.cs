using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Shared;
using Zhijian.Web.Shared.Pinyin;

namespace Zhijian.Web.Features.Organizations;

/// <summary>The organization tree: reads filtered to the caller's subtrees, and every change with its counters and audit event in one transaction.</summary>
public sealed class OrganizationService(
    ZhijianDbContext db,
    CallerScope scope,
    OrgCounters counters,
    AuditLog audit,
    IEnumerable<IOrganizationChangeHandler> handlers,
    OrgPathNames pathNames,
    TimeProvider clock)
{
    private const string What = "组织";

    private IQueryable<OrganizationDto> Project(IQueryable<Organization> orgs) =>
        from o in orgs
        join c in db.OrgCounters on o.Id equals c.OrgId into cs
        from c in cs.DefaultIfEmpty()
        select new OrganizationDto(o.Id, o.System, o.Kind, o.ParentId, o.Path, o.Depth, o.Name, o.ShortName,
            o.Category, o.UnitNature, o.UnitName, o.EstablishedOn, o.TermStartedOn, o.TermYears, o.Status, o.Order,
            c == null ? 0 : c.Probationary + c.Full + c.LeagueMembers, c == null ? 0 : c.Children,
            "", o.Contact, o.Phone, o.DissolvedOn, o.MergedIntoId);

    private static OrganizationDto Named(OrganizationDto d) => d with { KindName = ContainmentRules.KindName(d.System, d.Kind) };

    /// <summary>
    /// Lists organizations: the children of <paramref name="parentId"/>, or the caller's top organizations;
    /// with <paramref name="q"/>, a search by name, short name or pinyin initials in that subtree or the whole scope.
    /// </summary>
    public async Task<PagedList<OrganizationDto>> ListAsync(OrgSystem? system, long? parentId, string? q, PageRequest page,
        bool includeDissolved = false, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Organizations.AsNoTracking(), o => o.Path, ct);
        if (system is { } s)
        {
            query = query.Where(o => o.System == s);
        }

        if (!includeDissolved)
        {
            query = query.Where(o => o.Status == OrgStatus.Active);
        }

        var term = q?.Trim();
        if (parentId is { } pid)
        {
            var parent = await FindReadableAsync(pid, ct);
            query = string.IsNullOrEmpty(term)
                ? query.Where(o => o.ParentId == pid)
                : query.Where(TreePath.In<Organization>(o => o.Path, parent.Path)).Where(o => o.Id != pid);
        }
        else if (string.IsNullOrEmpty(term))
        {
            var prefixes = await scope.ReadablePrefixesAsync(ct);
            if (prefixes is null)
            {
                query = query.Where(o => o.ParentId == null);
            }
            else
            {
                var tops = prefixes.ToList();
                query = query.Where(o => tops.Contains(o.Path));
            }
        }

        if (!string.IsNullOrEmpty(term))
        {
            var lower = term.ToLowerInvariant();
            query = query.Where(o => o.Name.Contains(term) || o.ShortName.Contains(term) || o.Initials.Contains(lower));
        }

        var total = await query.LongCountAsync(ct);
        var items = await Project(query.OrderBy(o => o.Depth).ThenBy(o => o.Order).ThenBy(o => o.Id)
            .Skip(page.Skip).Take(page.PageSize)).ToListAsync(ct);
        var parents = await pathNames.ParentsAsync(items.Select(i => i.Path), ct);
        return new PagedList<OrganizationDto>(items.Select(i => Named(i) with { ParentPath = parents(i.Path) }).ToList(),
            page.Page, page.PageSize, total, true);
    }

    public async Task<OrganizationDto> GetAsync(long id, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Organizations.AsNoTracking().Where(o => o.Id == id), o => o.Path, ct);
        var dto = await Project(query).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound(What);
        var parents = await pathNames.ParentsAsync([dto.Path], ct);
        return Named(dto) with { ParentPath = parents(dto.Path) };
    }

    public async Task<IReadOnlyList<OrganizationDto>> ChildrenAsync(long id, bool includeDissolved = false,
        CancellationToken ct = default)
    {
        await FindReadableAsync(id, ct);
        var query = db.Organizations.AsNoTracking().Where(o => o.ParentId == id);
        if (!includeDissolved)
        {
            query = query.Where(o => o.Status == OrgStatus.Active);
        }

        var items = await Project(query.OrderBy(o => o.Order).ThenBy(o => o.Id)).ToListAsync(ct);
        return items.Select(Named).ToList();
    }

    public async Task<OrganizationDto> CreateAsync(CreateOrganizationRequest r, CancellationToken ct = default)
    {
        var (name, shortName) = CheckCreate(r);
        var system = r.System!.Value;
        var kind = r.Kind!.Value;
        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            var parent = await ParentOfNewAsync(r.ParentId, system, kind, ct);
            await EnsureShortNameFree(r.ParentId, shortName, null, ct);
            var now = clock.GetUtcNow();
            var order = r.Order ?? (await db.Organizations.Where(o => o.ParentId == r.ParentId)
                .MaxAsync(o => (int?)o.Order, ct) ?? 0) + 1;
            var profile = new OrgProfile(name, shortName, Blank(r.Category), Blank(r.UnitNature), Blank(r.UnitName),
                r.EstablishedOn, r.TermStartedOn, r.TermYears, Blank(r.Contact), Blank(r.Phone));
            var org = new Organization(system, kind, r.ParentId, "/new/" + Guid.NewGuid().ToString("N") + "/",
                parent is null ? 0 : parent.Depth + 1, profile, InitialsOf(name, shortName), order, now);
            db.Organizations.Add(org);
            await db.SaveChangesAsync(ct);
            org.Locate(TreePath.Child(parent?.Path, org.Id));
            db.OrgCounters.Add(new OrgCounter { OrgId = org.Id });
            await db.SaveChangesAsync(ct);
            await counters.ApplyAsync(org.Path, CounterDelta.OfKind(kind), ct);
            if (parent is not null)
            {
                await counters.AddChildrenAsync(parent.Id, 1, ct);
            }

            await audit.AppendAsync(AuditAction.OrgCreated, org.Id, nameof(Organization), org.Id,
                $"新建{ContainmentRules.KindName(system, kind)}「{name}」（简称「{shortName}」），上级：{parent?.Name ?? "无（最上级）"}", ct);
            return await GetAsync(org.Id, ct);
        }, ct);
    }

    private static (string Name, string ShortName) CheckCreate(CreateOrganizationRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.System is null)
        {
            errors["system"] = ["请选择所属系统（party 党 / league 团）"];
        }

        if (r.Kind is null)
        {
            errors["kind"] = ["请选择组织类型"];
        }

        var name = CheckName(r.Name, "name", "组织全称", Organization.NameMaxLength, errors);
        var shortName = CheckName(r.ShortName, "shortName", "组织简称", Organization.ShortNameMaxLength, errors);
        CheckFields(r.TermYears, r.Category, r.UnitNature, r.UnitName, r.Contact, r.Phone, errors);
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }

        return (name, shortName);
    }

    /// <summary>The parent a new organization goes under (share-locked, writable, may contain it), or null for a root
    /// (system administrators only, and only a committee).</summary>
    private async Task<Organization?> ParentOfNewAsync(long? parentId, OrgSystem system, OrgKind kind, CancellationToken ct)
    {
        if (parentId is { } id)
        {
            // The parent stays as checked until commit: a concurrent dissolve of it waits, or has committed and is seen.
            await db.LockForShareAsync<Organization>(id, ct);
            var parent = await FindWritableAsync(id, ct);
            CheckPlacement(system, kind, parent);
            return parent;
        }

        await scope.EnsureSystemAdmin(ct);
        if (!ContainmentRules.MayBeRoot(kind))
        {
            throw DomainException.Hierarchy("只有党委或团委可以作为最上级组织");
        }

        return null;
    }

    public async Task<OrganizationDto> UpdateAsync(long id, UpdateOrganizationRequest r, CancellationToken ct = default)
    {
        var (name, shortName) = CheckUpdate(r);
        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            await db.LockForUpdateAsync<Organization>(id, ct);
            var org = await FindWritableAsync(id, ct);
            EnsureActive(org);
            var changes = new List<string>();
            if (r.Kind is { } kind && kind != org.Kind)
            {
                await CheckKindChange(org, kind, ct);
                changes.Add($"类型：{ContainmentRules.KindName(org.System, org.Kind)} → {ContainmentRules.KindName(org.System, kind)}");
                await counters.ApplyAsync(org.Path, CounterDelta.OfKind(org.Kind, -1) + CounterDelta.OfKind(kind), ct);
                org.ChangeKind(kind);
            }

            if (shortName is not null && shortName != org.ShortName)
            {
                await EnsureShortNameFree(org.ParentId, shortName, org.Id, ct);
            }

            var (profile, order) = Revised(org, r with { Name = name, ShortName = shortName }, changes);
            if (changes.Count == 0)
            {
                return await GetAsync(id, ct);
            }

            org.Patch(profile, InitialsOf(profile.Name, profile.ShortName), order, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.OrgUpdated, org.Id, nameof(Organization), org.Id,
                $"修改「{org.Name}」：" + string.Join("；", changes), ct);
            return await GetAsync(id, ct);
        }, ct);
    }

    private static (string? Name, string? ShortName) CheckUpdate(UpdateOrganizationRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.ParentId is not null)
        {
            errors["parentId"] = ["调整上级组织请使用“移动”操作"];
        }

        if (r.System is not null)
        {
            errors["system"] = ["组织的所属系统不能修改"];
        }

        var name = r.Name is null ? null : CheckName(r.Name, "name", "组织全称", Organization.NameMaxLength, errors);
        var shortName = r.ShortName is null
            ? null
            : CheckName(r.ShortName, "shortName", "组织简称", Organization.ShortNameMaxLength, errors);
        CheckFields(r.TermYears, r.Category, r.UnitNature, r.UnitName, r.Contact, r.Phone, errors);
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }

        return (name, shortName);
    }

    /// <summary>The profile and order after a PATCH (its names already checked and trimmed), with what changed in words.</summary>
    private static (OrgProfile Profile, int Order) Revised(Organization org, UpdateOrganizationRequest r, List<string> changes)
    {
        var p = org.CurrentProfile();
        p = p with
        {
            Name = Set(p.Name, r.Name, v => v!, "全称", changes)!,
            ShortName = Set(p.ShortName, r.ShortName, v => v!, "简称", changes)!,
            Category = Set(p.Category, Optional(r.Category), Blank, "组织类别", changes),
            UnitNature = Set(p.UnitNature, Optional(r.UnitNature), Blank, "单位性质", changes),
            UnitName = Set(p.UnitName, Optional(r.UnitName), Blank, "所在单位", changes),
            Contact = Set(p.Contact, Optional(r.Contact), Blank, "联系人", changes),
            Phone = Set(p.Phone, Optional(r.Phone), Blank, "联系电话", changes),
        };
        if (r.EstablishedOn is { } est && est != p.EstablishedOn)
        {
            changes.Add($"成立日期：{p.EstablishedOn} → {est}");
            p = p with { EstablishedOn = est };
        }

        if (r.TermStartedOn is { } ts && ts != p.TermStartedOn)
        {
            changes.Add($"本届开始：{p.TermStartedOn} → {ts}");
            p = p with { TermStartedOn = ts };
        }

        if (r.TermYears is { } ty && ty != p.TermYears)
        {
            changes.Add($"任期：{p.TermYears} → {ty} 年");
            p = p with { TermYears = ty };
        }

        var order = org.Order;
        if (r.Order is { } ord && ord != org.Order)
        {
            changes.Add($"排序：{org.Order} → {ord}");
            order = ord;
        }

        return (p, order);
    }

    /// <summary>A PATCH value of an optional text field: null leaves it, blank clears it ("").</summary>
    private static string? Optional(string? requested) => requested is null ? null : Blank(requested) ?? "";

    /// <summary>Moves a subtree under a new parent: every descendant's path, its memberships and positions are rewritten in one transaction.</summary>
    public async Task<OrganizationDto> MoveAsync(long id, long? newParentId, CancellationToken ct = default)
    {
        if (newParentId is null)
        {
            throw DomainException.Validation("newParentId", "请选择新的上级组织");
        }

        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: true, ct);
            var org = await FindWritableAsync(id, ct);
            var parent = await FindWritableAsync(newParentId.Value, ct);
            EnsureActive(org);
            if (org.ParentId == parent.Id)
            {
                return await GetAsync(id, ct);
            }

            if (TreePath.IsWithin(parent.Path, org.Path))
            {
                throw DomainException.Hierarchy("不能把组织移动到它自己或它的下级组织之下");
            }

            CheckPlacement(org.System, org.Kind, parent);
            var subtreeDepth = await db.Organizations.Where(TreePath.In<Organization>(o => o.Path, org.Path))
                .MaxAsync(o => o.Depth, ct) - org.Depth;
            if (parent.Depth + 1 + subtreeDepth >= Organization.MaxDepth)
            {
                throw DomainException.Hierarchy($"移动后组织层级将超过 {Organization.MaxDepth} 级");
            }

            await EnsureShortNameFree(parent.Id, org.ShortName, org.Id, ct);
            var oldParent = org.ParentId is { } op ? await db.Organizations.FindAsync([op], ct) : null;
            var oldPath = org.Path;
            var newPath = TreePath.Child(parent.Path, org.Id);
            var totals = CounterDelta.Of(await counters.GetAsync(org.Id, ct) ?? new OrgCounter());

            // Counters: the old ancestors lose the subtree's figures, the new ones gain them.
            var oldAncestors = TreePath.Ids(oldPath)[..^1];
            await counters.ApplyToAsync(oldAncestors, totals.Negate(), ct);
            await counters.ApplyToAsync(TreePath.Ids(parent.Path), totals, ct);
            if (oldParent is not null)
            {
                await counters.AddChildrenAsync(oldParent.Id, -1, ct);
            }

            await counters.AddChildrenAsync(parent.Id, 1, ct);
            var moved = await RewriteSubtreeAsync(oldPath, newPath, parent.Depth + 1 - org.Depth, ct);
            await db.Organizations.Where(o => o.Id == org.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.ParentId, parent.Id), ct);
            await audit.AppendAsync(AuditAction.OrgMoved, org.Id, nameof(Organization), org.Id,
                $"将「{org.Name}」从「{oldParent?.Name ?? "最上级"}」移到「{parent.Name}」之下，涉及 {moved.Orgs} 个组织、{moved.Members} 条党（团）员关系", ct);
            db.ChangeTracker.Clear();
            return await GetAsync(id, ct);
        }, ct);
    }

    /// <summary>Merges an organization into another of the same system and kind; the merged one is dissolved and keeps its history.</summary>
    public async Task<OrganizationDto> MergeAsync(long id, long? intoId, CancellationToken ct = default)
    {
        if (intoId is null)
        {
            throw DomainException.Validation("intoId", "请选择合并到的组织");
        }

        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: true, ct);
            var source = await FindWritableAsync(id, ct);
            var target = await FindWritableAsync(intoId.Value, ct);
            await CheckMergeAsync(source, target, ct);
            var children = await db.Organizations.Where(o => o.ParentId == source.Id).ToListAsync(ct);
            await CheckMergedChildNamesAsync(children, target, ct);
            await MoveMergedCountersAsync(source, target, children.Count(c => c.Status == OrgStatus.Active), ct);
            var merged = new ReorganizationTally();
            foreach (var handler in handlers)
            {
                await handler.OnMergedAsync(new OrganizationMerged(source.Id, target.Id, target.Path, merged), ct);
            }

            var (orgCount, childMembers) = await MoveMergedChildrenAsync(children, source, target, ct);
            await CloseMergedAsync(source, target, ct);
            await audit.AppendAsync(AuditAction.OrgMerged, target.Id, nameof(Organization), source.Id,
                $"「{source.Name}」并入「{target.Name}」：迁入 {merged.Memberships + childMembers} 条党（团）员关系、{orgCount} 个下级组织、{merged.Positions} 条班子职务、{merged.OpenTransfers} 件办理中的关系转接；「{source.Name}」已撤销", ct);
            db.ChangeTracker.Clear();
            return await GetAsync(target.Id, ct);
        }, ct);
    }

    /// <summary>Both active, neither within the other, the same system and kind, and the merged depth within the limit.</summary>
    private async Task CheckMergeAsync(Organization source, Organization target, CancellationToken ct)
    {
        EnsureActive(source);
        EnsureActive(target);
        if (source.Id == target.Id || TreePath.IsWithin(target.Path, source.Path) || TreePath.IsWithin(source.Path, target.Path))
        {
            throw DomainException.Hierarchy("不能合并到自身、上级或下级组织");
        }

        if (source.System != target.System || source.Kind != target.Kind)
        {
            throw DomainException.Hierarchy(
                $"只能合并同一系统、同一类型的组织（{ContainmentRules.KindName(source.System, source.Kind)} ≠ {ContainmentRules.KindName(target.System, target.Kind)}）");
        }

        var subtreeDepth = await db.Organizations.Where(TreePath.In<Organization>(o => o.Path, source.Path))
            .MaxAsync(o => o.Depth, ct) - source.Depth;
        if (target.Depth + subtreeDepth >= Organization.MaxDepth)
        {
            throw DomainException.Hierarchy($"合并后组织层级将超过 {Organization.MaxDepth} 级");
        }
    }

    /// <summary>The merged organization's active children must not clash by short name with the target's.</summary>
    private async Task CheckMergedChildNamesAsync(List<Organization> children, Organization target, CancellationToken ct)
    {
        var activeChildNames = children.Where(c => c.Status == OrgStatus.Active).Select(c => c.ShortName).ToList();
        var clashes = await db.Organizations
            .Where(o => o.ParentId == target.Id && o.Status == OrgStatus.Active && activeChildNames.Contains(o.ShortName))
            .Select(o => o.ShortName).ToListAsync(ct);
        if (clashes.Count > 0)
        {
            throw DomainException.Conflict(ErrorCodes.DuplicateShortName,
                $"合并后下级组织简称重复：{string.Join("、", clashes)}，请先修改其中一方的简称");
        }
    }

    /// <summary>The merged organization's figures leave its ancestors and join the target's path.</summary>
    private async Task MoveMergedCountersAsync(Organization source, Organization target, int activeChildren, CancellationToken ct)
    {
        var totals = CounterDelta.Of(await counters.GetAsync(source.Id, ct) ?? new OrgCounter());
        var movedFigures = totals + CounterDelta.OfKind(source.Kind, -1);
        await counters.ApplyToAsync(TreePath.Ids(source.Path)[..^1], totals.Negate(), ct);
        await counters.ApplyAsync(target.Path, movedFigures, ct);
        if (source.ParentId is { } sp)
        {
            await counters.AddChildrenAsync(sp, -1, ct);
        }

        await counters.AddChildrenAsync(target.Id, activeChildren, ct);
    }

    /// <summary>The children (with their subtrees) move under the target: how many organizations and memberships moved.</summary>
    private async Task<(int Orgs, int Members)> MoveMergedChildrenAsync(List<Organization> children, Organization source,
        Organization target, CancellationToken ct)
    {
        var orgCount = 0;
        var memberCount = 0;
        foreach (var child in children)
        {
            var moved = await RewriteSubtreeAsync(child.Path, TreePath.Child(target.Path, child.Id), target.Depth - source.Depth, ct);
            orgCount += moved.Orgs;
            memberCount += moved.Members;
        }

        await db.Organizations.Where(o => o.ParentId == source.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.ParentId, target.Id), ct);
        return (orgCount, memberCount);
    }

    /// <summary>The merged organization is dissolved into the target, with empty counters.</summary>
    private async Task CloseMergedAsync(Organization source, Organization target, CancellationToken ct)
    {
        var today = clock.Today();
        await db.Organizations.Where(o => o.Id == source.Id).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.Status, OrgStatus.Dissolved)
            .SetProperty(o => o.DissolvedOn, today)
            .SetProperty(o => o.DissolvedReason, $"并入「{target.Name}」")
            .SetProperty(o => o.MergedIntoId, target.Id)
            .SetProperty(o => o.UpdatedAt, clock.GetUtcNow()), ct);
        await db.OrgCounters.Where(c => c.OrgId == source.Id).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Children, 0).SetProperty(c => c.Probationary, 0L).SetProperty(c => c.Full, 0L)
            .SetProperty(c => c.LeagueMembers, 0L).SetProperty(c => c.Committees, 0)
            .SetProperty(c => c.WorkingCommittees, 0).SetProperty(c => c.GeneralBranches, 0)
            .SetProperty(c => c.Branches, 0).SetProperty(c => c.Groups, 0).SetProperty(c => c.Cadres, 0L), ct);
    }

    /// <summary>Dissolves an empty organization; its current positions end; it stays in the tree as history.</summary>
    public async Task<OrganizationDto> DissolveAsync(long id, string? reason, DateOnly? on, CancellationToken ct = default)
    {
        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why))
        {
            throw DomainException.Validation("reason", "请填写撤销原因");
        }

        if (why.Length > 500)
        {
            throw DomainException.Validation("reason", "撤销原因不能超过 500 字");
        }

        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);

            // Locked before it is read: of N identical requests one dissolves it and the others read it dissolved (409).
            // Additions to it share this lock, so the counters read next include every committed one.
            await db.LockForUpdateAsync<Organization>(id, ct);
            var org = await FindWritableAsync(id, ct);
            EnsureActive(org);
            var c = await counters.GetAsync(org.Id, ct) ?? new OrgCounter();
            if (c.Members > 0 || c.Children > 0)
            {
                throw DomainException.Conflict(ErrorCodes.NotEmpty,
                    $"「{org.Name}」还有 {c.Members} 名在册党（团）员、{c.Children} 个下级组织，请先转出或合并后再撤销");
            }

            var day = on ?? clock.Today();
            var dissolved = new ReorganizationTally();
            foreach (var handler in handlers)
            {
                await handler.OnDissolvedAsync(new OrganizationDissolved(org.Id, day, dissolved), ct);
            }

            var ended = dissolved.Positions;
            await counters.ApplyAsync(org.Path, CounterDelta.OfKind(org.Kind, -1) + new CounterDelta(Cadres: -ended), ct);
            if (org.ParentId is { } p)
            {
                await counters.AddChildrenAsync(p, -1, ct);
            }

            org.Dissolve(day, why, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditAction.OrgDissolved, org.Id, nameof(Organization), org.Id,
                $"撤销「{org.Name}」，原因：{why}；结束班子职务 {ended} 条", ct);
            return await GetAsync(id, ct);
        }, ct);
    }

    /// <summary>Short names of organizations by id (for lists of another room that store only the id).</summary>
    public async Task<Dictionary<long, string>> ShortNamesAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default) =>
        ids.Count == 0
            ? []
            : await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.ShortName, ct);

    /// <summary>Loads an organization the caller may read, or 404.</summary>
    public async Task<Organization> FindReadableAsync(long id, CancellationToken ct = default)
    {
        var org = await db.Organizations.FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw DomainException.NotFound(What);
        await scope.EnsureReadable(org.Path, What, ct);
        return org;
    }

    /// <summary>Loads an organization the caller may change: 404 outside their sight, 403 when read-only.</summary>
    public async Task<Organization> FindWritableAsync(long id, CancellationToken ct = default)
    {
        var org = await db.Organizations.FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw DomainException.NotFound(What);
        await scope.EnsureWritable(org.Path, What, ct);
        return org;
    }

    private async Task<(int Orgs, int Members)> RewriteSubtreeAsync(string oldPrefix, string newPrefix, int depthDelta,
        CancellationToken ct)
    {
        var cut = oldPrefix.Length;
        var now = clock.GetUtcNow();
        var orgs = await db.Organizations.Where(TreePath.In<Organization>(o => o.Path, oldPrefix))
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Path, o => newPrefix + o.Path.Substring(cut))
                .SetProperty(o => o.Depth, o => o.Depth + depthDelta)
                .SetProperty(o => o.UpdatedAt, now), ct);
        var moved = new ReorganizationTally();
        foreach (var handler in handlers)
        {
            await handler.OnMovedAsync(new SubtreeMoved(oldPrefix, newPrefix, moved), ct);
        }

        return (orgs, moved.Memberships);
    }

    private static void CheckPlacement(OrgSystem system, OrgKind kind, Organization parent)
    {
        if (parent.System != system)
        {
            throw DomainException.Hierarchy("上级组织属于另一个系统（党/团组织不能互为上下级）");
        }

        if (parent.Status != OrgStatus.Active)
        {
            throw DomainException.Hierarchy($"上级组织「{parent.Name}」已撤销");
        }

        if (!ContainmentRules.MaySitUnder(kind, parent.Kind))
        {
            throw DomainException.Hierarchy(ContainmentRules.Violation(system, kind, parent.Kind));
        }

        if (parent.Depth + 1 >= Organization.MaxDepth)
        {
            throw DomainException.Hierarchy($"组织层级不能超过 {Organization.MaxDepth} 级");
        }
    }

    private async Task CheckKindChange(Organization org, OrgKind kind, CancellationToken ct)
    {
        if (org.ParentId is { } pid)
        {
            var parent = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == pid, ct);
            if (!ContainmentRules.MaySitUnder(kind, parent.Kind))
            {
                throw DomainException.Hierarchy(ContainmentRules.Violation(org.System, kind, parent.Kind));
            }
        }
        else if (!ContainmentRules.MayBeRoot(kind))
        {
            throw DomainException.Hierarchy("只有党委或团委可以作为最上级组织");
        }

        var childKinds = await db.Organizations.Where(o => o.ParentId == org.Id && o.Status == OrgStatus.Active)
            .Select(o => o.Kind).Distinct().ToListAsync(ct);
        var bad = childKinds.FirstOrDefault(k => !ContainmentRules.MaySitUnder(k, kind), (OrgKind)(-1));
        if ((int)bad != -1)
        {
            throw DomainException.Hierarchy(ContainmentRules.Violation(org.System, bad, kind));
        }

        foreach (var handler in handlers)
        {
            await handler.OnKindChangingAsync(new OrganizationKindChanging(org.Id, org.Kind, kind), ct);
        }
    }

    private async Task EnsureShortNameFree(long? parentId, string shortName, long? self, CancellationToken ct)
    {
        var taken = await db.Organizations.AnyAsync(o => o.ParentId == parentId && o.ShortName == shortName
            && o.Status == OrgStatus.Active && o.Id != self, ct);
        if (taken)
        {
            throw DomainException.Conflict(ErrorCodes.DuplicateShortName, $"同一上级下已有简称为「{shortName}」的组织");
        }
    }

    private static void EnsureActive(Organization org) => org.EnsureActive();

    private static string CheckName(string? value, string field, string label, int max, Dictionary<string, string[]> errors)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0)
        {
            errors[field] = [$"请填写{label}"];
        }
        else if (v.Length > max)
        {
            errors[field] = [$"{label}不能超过 {max} 个字"];
        }

        return v;
    }

    private static void CheckFields(int? termYears, string? category, string? unitNature, string? unitName,
        string? contact, string? phone, Dictionary<string, string[]> errors)
    {
        if (termYears is < 1 or > 10)
        {
            errors["termYears"] = ["任期年限应在 1 到 10 年之间"];
        }

        void Max(string? v, string field, string label, int max)
        {
            if (v is not null && v.Trim().Length > max)
            {
                errors[field] = [$"{label}不能超过 {max} 个字"];
            }
        }

        Max(category, "category", "组织类别", 32);
        Max(unitNature, "unitNature", "单位性质", 32);
        Max(unitName, "unitName", "所在单位", 100);
        Max(contact, "contact", "联系人", 50);
        Max(phone, "phone", "联系电话", 30);
    }

    /// <summary>The field's value after a PATCH: <paramref name="next"/> (through <paramref name="apply"/>) when given and
    /// different, with the change in words; else the current value.</summary>
    private static string? Set(string? current, string? next, Func<string?, string?> apply, string label, List<string> changes)
    {
        if (next is not null && next != (current ?? ""))
        {
            changes.Add($"{label}：{(string.IsNullOrEmpty(current) ? "（空）" : current)} → {(next.Length == 0 ? "（空）" : next)}");
            return apply(next);
        }

        return current;
    }

    private static string? Blank(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();

    /// <summary>Pinyin initials of the full and short names, space-separated, for search.</summary>
    public static string InitialsOf(string name, string shortName)
    {
        var text = PinyinInitials.Of(name) + " " + PinyinInitials.Of(shortName);
        return text.Length > 200 ? text[..200] : text;
    }
}
