using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Members;

/// <summary>Why records were grouped as duplicates.</summary>
public enum DuplicateKind
{
    /// <summary>One person with more than one non-ended membership in the same system.</summary>
    MultipleMemberships,

    /// <summary>Different person records with the same name and birth date (likely a mistyped ID number).</summary>
    SameNameAndBirthDate,
}

/// <summary>
/// One group of the duplicate report: <c>system</c> is that of a <c>multipleMemberships</c> group (null for
/// <c>sameNameAndBirthDate</c>); <c>members</c> are the group's non-ended members inside the report's scope,
/// masked; <c>outsideScope</c> counts its non-ended memberships outside that scope, which are not shown.
/// </summary>
public sealed record DuplicateGroup(DuplicateKind Kind, string Name, DateOnly? BirthDate, OrgSystem? System,
    IReadOnlyList<MemberDto> Members, long OutsideScope);

/// <summary>
/// Answer of <c>GET /api/v1/members/duplicates</c>: <c>orgId</c> is the subtree reported on (null for the
/// caller's whole scope); <c>truncated</c> is true when a kind had more than <see cref="DuplicateReport.MaxGroups"/>
/// groups (the first ones are shown).
/// </summary>
public sealed record DuplicateReportDto(long? OrgId, IReadOnlyList<DuplicateGroup> Groups, bool Truncated);

/// <summary>
/// Duplicate detection across the whole system (数据质量): groups are found over every non-ended membership,
/// so a record inside the caller's scope is reported even when its twin lies outside it; only the members
/// inside the scope are shown (masked), the others are counted.
/// </summary>
public sealed class DuplicateReport(ZhijianDbContext db, CallerScope scope, OrganizationService orgs, MemberQueries queries)
{
    /// <summary>At most this many groups of each kind per answer.</summary>
    public const int MaxGroups = 200;

    public async Task<DuplicateReportDto> ForAsync(long? orgId, CancellationToken ct = default)
    {
        IQueryable<Membership> inScope = db.Memberships.AsNoTracking().Where(m => m.State != MemberState.Ended);
        if (orgId is { } id)
        {
            var org = await orgs.FindReadableAsync(id, ct);
            inScope = inScope.Where(TreePath.In<Membership>(m => m.OrgPath, org.Path));
        }
        else
        {
            inScope = await scope.Readable(inScope, m => m.OrgPath, ct);
        }

        var multiple = await MultipleMembershipsAsync(inScope, ct);
        var twins = await SameNameAndBirthDateAsync(inScope, ct);
        var truncated = multiple.Count > MaxGroups || twins.Count > MaxGroups;
        multiple = multiple.Take(MaxGroups).ToList();
        twins = twins.Take(MaxGroups).ToList();

        var personIds = multiple.Select(k => k.PersonId).Distinct().ToList();
        var names = twins.Select(k => k.Name).Distinct().ToList();
        var shown = personIds.Count + names.Count == 0
            ? []
            : await queries.MaskedAsync(inScope.Where(m => personIds.Contains(m.PersonId) || names.Contains(m.Person!.Name)), ct);
        return new DuplicateReportDto(orgId, Groups(multiple, twins, shown), truncated);
    }

    private sealed record MultipleKey(long PersonId, OrgSystem System, int Count);

    private sealed record TwinKey(string Name, DateOnly? BirthDate, int Count);

    /// <summary>(a) One person, several non-ended memberships of one system (one more than shown, to tell truncation).</summary>
    private async Task<List<MultipleKey>> MultipleMembershipsAsync(IQueryable<Membership> inScope, CancellationToken ct)
    {
        var live = db.Memberships.AsNoTracking().Where(m => m.State != MemberState.Ended);
        var keys = await live
            .GroupBy(m => new { m.PersonId, m.System })
            .Where(g => g.Count() > 1)
            .Select(g => new { g.Key.PersonId, g.Key.System, Count = g.Count() })
            .Where(k => inScope.Any(m => m.PersonId == k.PersonId && m.System == k.System))
            .OrderBy(k => k.PersonId).ThenBy(k => k.System)
            .Take(MaxGroups + 1)
            .ToListAsync(ct);
        return keys.ConvertAll(k => new MultipleKey(k.PersonId, k.System, k.Count));
    }

    /// <summary>(b) Several person records, one name and birth date.</summary>
    private async Task<List<TwinKey>> SameNameAndBirthDateAsync(IQueryable<Membership> inScope, CancellationToken ct)
    {
        var live = db.Memberships.AsNoTracking().Where(m => m.State != MemberState.Ended);
        var people = from m in live
                     join p in db.Persons on m.PersonId equals p.Id
                     where p.BirthDate != null
                     select new { m.PersonId, p.Name, p.BirthDate };
        var scopedPeople = from m in inScope
                           join p in db.Persons on m.PersonId equals p.Id
                           select new { p.Name, p.BirthDate };
        var keys = await people
            .GroupBy(x => new { x.Name, x.BirthDate })
            .Where(g => g.Select(x => x.PersonId).Distinct().Count() > 1)
            .Select(g => new { g.Key.Name, g.Key.BirthDate, Count = g.Count() })
            .Where(k => scopedPeople.Any(s => s.Name == k.Name && s.BirthDate == k.BirthDate))
            .OrderBy(k => k.Name).ThenBy(k => k.BirthDate)
            .Take(MaxGroups + 1)
            .ToListAsync(ct);
        return keys.ConvertAll(k => new TwinKey(k.Name, k.BirthDate, k.Count));
    }

    private static List<DuplicateGroup> Groups(List<MultipleKey> multiple, List<TwinKey> twins, IReadOnlyList<MemberDto> shown)
    {
        var groups = new List<DuplicateGroup>();
        foreach (var k in multiple)
        {
            var members = shown.Where(m => m.Person.Id == k.PersonId && m.System == k.System).ToList();
            if (members.Count == 0)
            {
                continue; // ended between the two queries
            }

            groups.Add(new DuplicateGroup(DuplicateKind.MultipleMemberships, members[0].Person.Name,
                members[0].Person.BirthDate, k.System, members, k.Count - members.Count));
        }

        foreach (var k in twins)
        {
            var members = shown.Where(m => m.Person.Name == k.Name && m.Person.BirthDate == k.BirthDate).ToList();
            if (members.Count == 0)
            {
                continue;
            }

            groups.Add(new DuplicateGroup(DuplicateKind.SameNameAndBirthDate, k.Name, k.BirthDate, null, members,
                k.Count - members.Count));
        }

        return groups;
    }
}
