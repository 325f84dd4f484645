using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Evaluations;

/// <summary>
/// 团籍注册: a League branch registers, for a year, its current members graded 基本合格 or better in that year's closed
/// evaluation; the others are listed with the reason. Each run rewrites the branch's tally row, which the statistics sum.
/// </summary>
public sealed class RegistrationService(
    ZhijianDbContext db,
    CallerScope scope,
    OrganizationService orgs,
    AuditLog audit,
    TimeProvider clock)
{
    /// <summary>The most branches the statistics list one by one.</summary>
    public const int MaxBranches = 500;

    public async Task<RegistrationResultDto> RegisterAsync(long orgId, RegisterRequest r, CancellationToken ct = default)
    {
        if (r.Year is not { } year || year < 2000 || year > clock.Today().Year)
        {
            throw DomainException.Validation("year", $"请填写注册年度（2000 至 {clock.Today().Year}）");
        }

        return await db.InTransactionAsync(async () =>
        {
            await db.LockForUpdateAsync<Organization>(orgId, ct);
            var org = await orgs.FindWritableAsync(orgId, ct);
            org.EnsureActive();
            if (org.System != OrgSystem.League || org.Kind != OrgKind.Branch)
            {
                throw DomainException.Validation("id", "团籍注册以团支部为单位进行");
            }

            var evaluation = await db.Set<Evaluation>().AsNoTracking().FirstOrDefaultAsync(e => e.OrgId == org.Id && e.Year == year
                && e.Kind == EvaluationKind.LeagueEducation, ct);
            if (evaluation is not { State: EvaluationState.Closed })
            {
                throw DomainException.InvalidState($"「{org.ShortName}」{year} 年的团员教育评议尚未完成（须先结束评议再注册）");
            }

            var members = await db.Memberships.AsNoTracking()
                .Where(m => m.OrgId == org.Id && m.System == OrgSystem.League && m.State != MemberState.Ended)
                .OrderBy(m => m.SortName).Select(m => new { m.Id, m.PersonId, m.Person!.Name }).ToListAsync(ct);
            var grades = await db.Set<EvaluationEntry>().AsNoTracking().Where(x => x.EvaluationId == evaluation.Id)
                .ToDictionaryAsync(x => x.MembershipId, x => x.Grade, ct);
            var already = (await db.Set<Registration>().AsNoTracking().Where(x => x.OrgId == org.Id && x.Year == year)
                .Select(x => x.MembershipId).ToListAsync(ct)).ToHashSet();
            var refused = new List<NotRegisteredDto>();
            var now = clock.GetUtcNow();
            foreach (var m in members)
            {
                if (!grades.TryGetValue(m.Id, out var grade))
                {
                    refused.Add(new NotRegisteredDto(m.Id, m.Name, "未参加本年度教育评议"));
                }
                else if (!EvaluationRules.Registrable(grade))
                {
                    refused.Add(new NotRegisteredDto(m.Id, m.Name, $"本年度评议为{EvaluationRules.NameOf(grade!.Value)}"));
                }
                else if (!already.Contains(m.Id))
                {
                    db.Add(new Registration(org.Id, org.Path, year, m.Id, m.PersonId, evaluation.Id, now));
                }
            }

            await db.SaveChangesAsync(ct);
            var registered = await db.Set<Registration>().CountAsync(x => x.OrgId == org.Id && x.Year == year, ct);
            await TallyAsync(org, year, members.Count, registered, ct);
            await audit.AppendAsync(AuditAction.RegistrationRecorded, org.Id, nameof(Registration), null,
                $"「{org.ShortName}」{year} 年团籍注册：注册 {registered} 人，未注册 {refused.Count} 人", ct);
            return new RegistrationResultDto(registered, refused);
        }, ct);
    }

    /// <summary>Registered over members of a subtree: both read from one row each (the rollup of the year, the subtree counters).</summary>
    public async Task<RegistrationStatsDto> StatsAsync(long orgId, int? year, CancellationToken ct = default)
    {
        var y = year ?? clock.Today().Year;
        var org = await orgs.FindReadableAsync(orgId, ct);
        var members = await db.OrgCounters.Where(c => c.OrgId == org.Id).Select(c => c.LeagueMembers).FirstOrDefaultAsync(ct);
        var registered = await db.Set<RegistrationRollup>().Where(r => r.OrgId == org.Id && r.Year == y)
            .Select(r => r.Registered).FirstOrDefaultAsync(ct);
        var branches = await db.Organizations.AsNoTracking()
            .Where(TreePath.In<Organization>(o => o.Path, org.Path))
            .Where(o => o.System == OrgSystem.League && o.Kind == OrgKind.Branch && o.Status == OrgStatus.Active)
            .OrderBy(o => o.Path).Take(MaxBranches + 1)
            .Select(o => new
            {
                o.Id,
                o.ShortName,
                Members = db.OrgCounters.Where(c => c.OrgId == o.Id).Select(c => c.LeagueMembers).FirstOrDefault(),
                Registered = db.Set<RegistrationTally>().Where(t => t.OrgId == o.Id && t.Year == y).Select(t => t.Registered)
                    .FirstOrDefault(),
            }).ToListAsync(ct);
        var byBranch = branches.Take(MaxBranches)
            .Select(b => new BranchRegistrationDto(b.Id, b.ShortName, b.Members, b.Registered, Rate(b.Registered, b.Members))).ToList();
        return new RegistrationStatsDto(y, members, registered, Rate(registered, members), byBranch, branches.Count <= MaxBranches);
    }

    /// <summary>Current League members of a subtree without a registration for the year (the library's flag), paged.</summary>
    public async Task<PagedList<UnregisteredMemberDto>> UnregisteredAsync(long orgId, int? year, bool subtree, PageRequest page,
        CancellationToken ct = default)
    {
        var y = year ?? clock.Today().Year;
        var org = await orgs.FindReadableAsync(orgId, ct);
        var query = db.Memberships.AsNoTracking()
            .Where(subtree ? TreePath.In<Membership>(m => m.OrgPath, org.Path) : m => m.OrgId == org.Id)
            .Where(m => m.System == OrgSystem.League && m.State != MemberState.Ended)
            .Where(m => !db.Set<Registration>().Any(x => x.MembershipId == m.Id && x.Year == y));
        query = await scope.Readable(query, m => m.OrgPath, ct);
        var total = await query.LongCountAsync(ct);
        var items = await query.OrderBy(m => m.OrgPath).ThenBy(m => m.SortName).Skip(page.Skip).Take(page.PageSize)
            .Select(m => new UnregisteredMemberDto(m.Id, m.OrgId,
                db.Organizations.Where(o => o.Id == m.OrgId).Select(o => o.ShortName).First(), m.Person!.Name))
            .ToListAsync(ct);
        return new PagedList<UnregisteredMemberDto>(items, page.Page, page.PageSize, total, true);
    }

    /// <summary>The grades and registrations of the given memberships (the caller's own, for /me), newest year first.</summary>
    public async Task<IReadOnlyList<MyCycleYearDto>> MineAsync(IReadOnlyCollection<long> membershipIds, CancellationToken ct = default)
    {
        var ids = membershipIds.ToList();
        var grades = await (from x in db.Set<EvaluationEntry>().AsNoTracking()
                            where ids.Contains(x.MembershipId)
                            join e in db.Set<Evaluation>() on x.EvaluationId equals e.Id
                            join o in db.Organizations on e.OrgId equals o.Id
                            select new { x.MembershipId, e.Year, e.Kind, o.ShortName, x.Grade }).ToListAsync(ct);
        var registered = (await db.Set<Registration>().AsNoTracking().Where(r => ids.Contains(r.MembershipId))
            .Select(r => new { r.MembershipId, r.Year }).ToListAsync(ct)).ToHashSet();
        return grades.OrderByDescending(g => g.Year)
            .Select(g => new MyCycleYearDto(g.Year, g.Kind, g.ShortName, g.Grade, registered.Contains(new { g.MembershipId, g.Year })))
            .Take(20).ToList();
    }

    private async Task TallyAsync(Organization org, int year, int members, int registered, CancellationToken ct)
    {
        var tally = await db.Set<RegistrationTally>().FirstOrDefaultAsync(t => t.OrgId == org.Id && t.Year == year, ct);
        if (tally is null)
        {
            tally = new RegistrationTally(org.Id, year, org.Path);
            db.Add(tally);
        }

        var before = tally.Registered;
        tally.Set(members, registered, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await RegistrationRollups.ChangedAsync(db, org.Path, year, registered - before, ct);
    }

    internal static decimal Rate(long part, long whole) => whole <= 0 ? 0m : Math.Round((decimal)part / whole, 4);
}
