using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Cadres;

/// <summary>
/// A committee position with its holder, as the cadre library answers it. <c>memberId</c> is the holder's
/// non-ended membership of the organization's system inside its subtree, if any; <c>age</c> is in whole years
/// today (Asia/Shanghai), null without a birth date; <c>postName</c> is the post in Chinese (书记, 副书记 ...).
/// </summary>
public sealed record PositionDto(long Id, long OrgId, string OrgName, long PersonId, long? MemberId, string Name,
    string Gender, DateOnly? BirthDate, int? Age, string Post, string PostName, DateOnly StartedOn, DateOnly? EndedOn,
    bool FullTime, string? JobLevel, string? EndReason);

/// <summary>Body of <c>POST /api/v1/orgs/{id}/positions</c>: the holder by <c>memberId</c> or <c>personId</c>.</summary>
public sealed record CreatePositionRequest(long? MemberId = null, long? PersonId = null, string? Post = null,
    DateOnly? StartedOn = null, bool? FullTime = null, string? JobLevel = null);

/// <summary>Body of <c>PATCH /api/v1/positions/{id}</c>: fields present are changed; an empty <c>jobLevel</c> clears it.</summary>
public sealed record UpdatePositionRequest(string? Post = null, DateOnly? StartedOn = null, bool? FullTime = null,
    string? JobLevel = null);

/// <summary>Body of <c>POST /api/v1/positions/{id}/end</c>.</summary>
public sealed record EndPositionRequest(DateOnly? On = null, string? Reason = null);

/// <summary>
/// The cadre library's positions (班子职务): appointments, changes and departures of an organization's
/// committee, each with its counter and audit event in one transaction. Ended positions stay as history.
/// </summary>
public sealed class PositionService(
    ZhijianDbContext db,
    CallerScope scope,
    OrganizationService orgs,
    OrgCounters counters,
    AuditLog audit,
    TimeProvider clock)
{
    private const string What = "班子职务";

    // Key class of the PostgreSQL advisory lock (two-int keyspace) that serializes appointments per organization.
    private const int AppointmentLockClass = 0x5A48_4341;

    private DateOnly Today => clock.Today();

    /// <summary>The committee of an organization: current positions, or the whole history with <paramref name="includeEnded"/>.</summary>
    public async Task<IReadOnlyList<PositionDto>> ListAsync(long orgId, bool includeEnded = false, CancellationToken ct = default)
    {
        var org = await orgs.FindReadableAsync(orgId, ct);
        var query = db.Positions.AsNoTracking().Where(p => p.OrgId == org.Id);
        if (!includeEnded)
        {
            query = query.Where(p => p.EndedOn == null);
        }

        return await ProjectAsync(query, ct);
    }

    public async Task<PositionDto> GetAsync(long id, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Positions.AsNoTracking().Where(p => p.Id == id), p => p.OrgPath, ct);
        return (await ProjectAsync(query, ct)).FirstOrDefault() ?? throw DomainException.NotFound(What);
    }

    /// <summary>Appoints a holder to a post of an active organization the caller may change.</summary>
    public async Task<PositionDto> CreateAsync(long orgId, CreatePositionRequest r, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.MemberId is null && r.PersonId is null)
        {
            errors["memberId"] = ["请指定任职人：memberId（党（团）员）或 personId（人员）"];
        }

        var post = PositionValidation.CheckPost(r.Post, required: true, errors);
        PositionValidation.CheckStartedOn(r.StartedOn, required: true, Today, errors);
        PositionValidation.CheckJobLevel(r.JobLevel, errors);
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }

        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);

            // The organization stays active until commit: a concurrent dissolve waits, or has committed and is seen here.
            await db.LockForShareAsync<Organization>(orgId, ct);
            var org = await orgs.FindWritableAsync(orgId, ct);
            EnsureActive(org);
            PositionValidation.EnsurePostOf(post!, org.System);
            await LockAppointmentsAsync(org.Id, ct);
            var (personId, name) = await HolderAsync(org, r, ct);
            if (post!.Code == Posts.Secretary)
            {
                await EnsureNoOtherSecretaryAsync(org, null, ct);
            }

            if (await db.Positions.AnyAsync(p => p.OrgId == org.Id && p.PersonId == personId && p.Post == post.Code
                    && p.EndedOn == null, ct))
            {
                throw DomainException.InvalidState($"{name}已是「{org.ShortName}」的现任{post.Name}");
            }

            var position = new Position(post.Code, r.StartedOn!.Value, r.FullTime ?? false, Blank(r.JobLevel))
            {
                PersonId = personId,
                OrgId = org.Id,
                OrgPath = org.Path,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Positions.Add(position);
            await db.SaveChangesAsync(ct);
            await counters.ApplyAsync(org.Path, new CounterDelta(Cadres: 1), ct);
            await audit.AppendAsync(AuditAction.PositionCreated, org.Id, nameof(Position), position.Id,
                $"「{org.ShortName}」任命{name}为{post.Name}，{position.StartedOn:yyyy-MM-dd} 起{(position.FullTime ? "，专职" : "")}", ct);
            return await GetAsync(position.Id, ct);
        }, ct);
    }

    /// <summary>Changes a current position's post, start, full-time flag or job level.</summary>
    public async Task<PositionDto> UpdateAsync(long id, UpdatePositionRequest r, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var post = PositionValidation.CheckPost(r.Post, required: false, errors);
        PositionValidation.CheckStartedOn(r.StartedOn, required: false, Today, errors);
        PositionValidation.CheckJobLevel(r.JobLevel, errors);
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }

        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            await db.LockForUpdateAsync<Position>(id, ct);
            var (position, org, name) = await FindWritableAsync(id, ct);
            var changes = new List<string>();
            if (post is not null && post.Code != position.Post)
            {
                PositionValidation.EnsurePostOf(post, org.System);
                if (post.Code == Posts.Secretary)
                {
                    await LockAppointmentsAsync(org.Id, ct);
                    await EnsureNoOtherSecretaryAsync(org, position.Id, ct);
                }

                changes.Add($"职务：{Posts.NameOf(position.Post)} → {post.Name}");
                position.ChangePost(post.Code);
            }

            if (r.StartedOn is { } started && started != position.StartedOn)
            {
                changes.Add($"任职时间：{position.StartedOn:yyyy-MM-dd} → {started:yyyy-MM-dd}");
                position.CorrectStart(started);
            }

            if (r.FullTime is { } fullTime && fullTime != position.FullTime)
            {
                changes.Add(fullTime ? "改为专职" : "改为兼职");
                position.SetFullTime(fullTime);
            }

            if (r.JobLevel is not null && Blank(r.JobLevel) != position.JobLevel)
            {
                changes.Add($"职级：{position.JobLevel} → {Blank(r.JobLevel)}");
                position.SetJobLevel(Blank(r.JobLevel));
            }

            if (changes.Count > 0)
            {
                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(AuditAction.PositionUpdated, org.Id, nameof(Position), position.Id,
                    $"修改{name}在「{org.ShortName}」的任职信息：" + string.Join("；", changes), ct);
            }

            return await GetAsync(id, ct);
        }, ct);
    }

    /// <summary>Ends a position on a day with a reason; it stays in the committee's history.</summary>
    public async Task<PositionDto> EndAsync(long id, EndPositionRequest r, CancellationToken ct = default)
    {
        var on = r.On ?? Today;
        var errors = new Dictionary<string, string[]>();
        PositionValidation.CheckEnd(r.Reason, on, Today, errors);
        if (errors.Count > 0)
        {
            throw DomainException.Validation(errors);
        }

        var why = r.Reason!.Trim();

        return await db.InTransactionAsync(async () =>
        {
            await db.LockTreeAsync(exclusive: false, ct);
            await db.LockForUpdateAsync<Position>(id, ct);
            var (position, org, name) = await FindWritableAsync(id, ct);
            // The row is locked, so it is still current here: of N identical requests one ends it, the others get 409.
            position.End(on, why);
            await db.SaveChangesAsync(ct);
            await counters.ApplyAsync(position.OrgPath, new CounterDelta(Cadres: -1), ct);
            await audit.AppendAsync(AuditAction.PositionEnded, org.Id, nameof(Position), position.Id,
                $"{name}于 {on:yyyy-MM-dd} 不再担任「{org.ShortName}」{Posts.NameOf(position.Post)}，原因：{why}", ct);
            return await GetAsync(id, ct);
        }, ct);
    }

    /// <summary>
    /// Rows with holder and organization in two queries whatever their number: the positions, then the
    /// holders' memberships inside each organization's subtree.
    /// </summary>
    private async Task<List<PositionDto>> ProjectAsync(IQueryable<Position> query, CancellationToken ct)
    {
        var rows = await (from p in query
                          join person in db.Persons on p.PersonId equals person.Id
                          join o in db.Organizations on p.OrgId equals o.Id
                          select new
                          {
                              Position = p,
                              OrgName = o.ShortName,
                              OrgPath = o.Path,
                              o.System,
                              person.Name,
                              person.Gender,
                              person.BirthDate,
                          }).ToListAsync(ct);

        var memberIds = new Dictionary<(string Path, long PersonId), long>();
        foreach (var org in rows.GroupBy(x => (x.OrgPath, x.System)))
        {
            var personIds = org.Select(x => x.Position.PersonId).Distinct().ToList();
            var (path, system) = org.Key;
            var found = await db.Memberships.AsNoTracking()
                .Where(TreePath.In<Membership>(m => m.OrgPath, path))
                .Where(m => m.System == system && m.State != MemberState.Ended && personIds.Contains(m.PersonId))
                .GroupBy(m => m.PersonId)
                .Select(g => new { PersonId = g.Key, Id = g.Min(m => m.Id) })
                .ToListAsync(ct);
            foreach (var f in found)
            {
                memberIds[(path, f.PersonId)] = f.Id;
            }
        }

        var today = Today;
        return rows
            .Select(x => new PositionDto(x.Position.Id, x.Position.OrgId, x.OrgName, x.Position.PersonId,
                memberIds.TryGetValue((x.OrgPath, x.Position.PersonId), out var memberId) ? memberId : null,
                x.Name, x.Gender, x.BirthDate, x.BirthDate is { } b ? Age.On(b, today) : null,
                x.Position.Post, Posts.NameOf(x.Position.Post), x.Position.StartedOn, x.Position.EndedOn,
                x.Position.FullTime, x.Position.JobLevel, x.Position.EndReason))
            .OrderBy(p => Posts.RankOf(p.Post)).ThenBy(p => p.StartedOn).ThenBy(p => p.Id)
            .ToList();
    }

    /// <summary>
    /// The holder: a member by <c>memberId</c> (active, same system, inside the organization's subtree) or
    /// any person the caller may see by <c>personId</c>. Unknown or unseen ones answer 404.
    /// </summary>
    private async Task<(long PersonId, string Name)> HolderAsync(Organization org, CreatePositionRequest r, CancellationToken ct)
    {
        if (r.MemberId is { } memberId)
        {
            var m = await db.Memberships.AsNoTracking().Where(x => x.Id == memberId)
                .Select(x => new { x.PersonId, x.System, x.State, x.OrgPath, x.Person!.Name })
                .FirstOrDefaultAsync(ct);
            if (m is null || !await scope.CanReadAsync(m.OrgPath, ct))
            {
                throw DomainException.NotFound("党（团）员");
            }

            if (r.PersonId is { } personId && personId != m.PersonId)
            {
                throw DomainException.Validation("personId", "personId 与 memberId 不是同一个人");
            }

            if (m.System != org.System)
            {
                throw DomainException.Validation("memberId",
                    $"{m.Name}的这条记录属于{SystemName(m.System)}，不能在{SystemName(org.System)}「{org.ShortName}」任职（可用 personId 指定本人）");
            }

            if (m.State != MemberState.Active)
            {
                throw DomainException.Validation("memberId", $"{m.Name}的党（团）员记录不是正常在册状态，不能任职");
            }

            if (!TreePath.IsWithin(m.OrgPath, org.Path))
            {
                throw DomainException.Validation("memberId", $"{m.Name}不在「{org.ShortName}」及其下级组织中，不能在本组织任职");
            }

            return (m.PersonId, m.Name);
        }

        var id = r.PersonId!.Value;
        var name = await db.Persons.AsNoTracking().Where(p => p.Id == id).Select(p => p.Name).FirstOrDefaultAsync(ct);
        if (name is null || !await MaySeePersonAsync(id, ct))
        {
            throw DomainException.NotFound("人员");
        }

        return (id, name);
    }

    /// <summary>A person is in sight through any membership or position (past ones too) in the caller's subtrees.</summary>
    private async Task<bool> MaySeePersonAsync(long personId, CancellationToken ct)
    {
        if (await scope.ReadablePrefixesAsync(ct) is null)
        {
            return true;
        }

        var memberships = await scope.Readable(db.Memberships.AsNoTracking().Where(m => m.PersonId == personId), m => m.OrgPath, ct);
        if (await memberships.AnyAsync(ct))
        {
            return true;
        }

        var positions = await scope.Readable(db.Positions.AsNoTracking().Where(p => p.PersonId == personId), p => p.OrgPath, ct);
        return await positions.AnyAsync(ct);
    }

    private async Task EnsureNoOtherSecretaryAsync(Organization org, long? except, CancellationToken ct)
    {
        var holder = await (from p in db.Positions
                            where p.OrgId == org.Id && p.Post == Posts.Secretary && p.EndedOn == null
                                  && (except == null || p.Id != except)
                            join person in db.Persons on p.PersonId equals person.Id
                            select person.Name).FirstOrDefaultAsync(ct);
        if (holder is not null)
        {
            throw DomainException.InvalidState($"「{org.ShortName}」已有现任书记{holder}，请先办理其离任再任命新的书记");
        }
    }

    /// <summary>
    /// PostgreSQL runs writes at READ COMMITTED: two concurrent appointments of a secretary would both pass
    /// the check, so appointments to one organization queue here. SQLite's writers are serialized already.
    /// </summary>
    private async Task LockAppointmentsAsync(long orgId, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            var key = (int)(orgId % int.MaxValue);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AppointmentLockClass}, {key})", ct);
        }
    }

    private async Task<(Position Position, Organization Org, string Name)> FindWritableAsync(long id, CancellationToken ct)
    {
        var position = await db.Positions.FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw DomainException.NotFound(What);
        await scope.EnsureWritable(position.OrgPath, What, ct);
        position.EnsureCurrent();

        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == position.OrgId, ct);
        EnsureActive(org);
        var name = await db.Persons.Where(p => p.Id == position.PersonId).Select(p => p.Name).FirstAsync(ct);
        return (position, org, name);
    }

    private static void EnsureActive(Organization org)
    {
        if (org.Status != OrgStatus.Active)
        {
            throw DomainException.InvalidState($"「{org.Name}」已撤销，不能再调整班子成员");
        }
    }

    private static string SystemName(OrgSystem system) => system == OrgSystem.League ? "团组织" : "党组织";

    private static string? Blank(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
}
