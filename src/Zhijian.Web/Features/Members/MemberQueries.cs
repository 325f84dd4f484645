using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Authorization;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Web.Features.Members;

/// <summary>The person part of a member, masked unless revealed; the personal features (专业领域, 特长 ...) last.</summary>
public sealed record PersonDto(long Id, string Name, string Gender, string? Ethnicity, DateOnly? BirthDate,
    string? IdNumber, string? Phone, string? Education, string? PoliticalStatus, string? WorkUnit, string? Post,
    string? Address, string? Degree, string? ProfessionalField = null, string? Specialties = null,
    string? Health = null, string? Family = null, string? Children = null, string? OtherAffiliations = null,
    string? OverseasTies = null);

/// <summary>A membership with its person, as API.md "Members" answers it.</summary>
public sealed record MemberDto(long Id, OrgSystem System, long OrgId, string OrgName, MemberStage Stage,
    MemberState State, DateOnly? JoinedOn, DateOnly? FullOn, string? DevelopmentNumber, PersonDto Person,
    DateOnly? EndedOn, EndReason? EndReason, long? GroupId);

/// <summary>Member lists and details, always filtered to the caller's subtrees in SQL and masked.</summary>
public sealed class MemberQueries(ZhijianDbContext db, CallerScope scope, OrganizationService orgs, OrgCounters counters)
{
    /// <summary>
    /// A page of members of an organization (its subtree by default) or of the caller's whole scope.
    /// <paramref name="q"/> matches name, pinyin initials or a full ID number.
    /// </summary>
    public async Task<PagedList<MemberDto>> ListAsync(long? orgId, bool subtree, string? q, MemberStage? stage,
        MemberState? state, PageRequest page, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Memberships.AsNoTracking(), m => m.OrgPath, ct);
        if (orgId is { } id)
        {
            var org = await orgs.FindReadableAsync(id, ct);
            query = subtree
                ? query.Where(TreePath.In<Membership>(m => m.OrgPath, org.Path))
                : query.Where(m => m.OrgId == id);
        }

        query = state is { } s ? query.Where(m => m.State == s) : query.Where(m => m.State != MemberState.Ended);
        if (stage is { } st)
        {
            query = query.Where(m => m.Stage == st);
        }

        var term = q?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            if (term.Length == CitizenIdNumber.Length && CitizenIdNumber.Check(term).IsValid)
            {
                var idNumber = CitizenIdNumber.Normalize(term);
                query = query.Where(m => m.Person!.IdNumber == idNumber);
            }
            else
            {
                // Names are stored without alignment spaces (冀  雨丹 → 冀雨丹): the term is read the same way.
                term = MemberValidation.NormalizeName(term)!;
                var lower = term.ToLowerInvariant();
                query = query.Where(m => m.SortName.StartsWith(term) || m.Person!.NameInitials.StartsWith(lower));
            }
        }

        // A whole subtree's members (the common case) are counted by its counters, kept exact in the
        // same transaction as every change: one indexed read instead of counting millions of rows.
        var total = orgId is { } counted && subtree && state is null && string.IsNullOrEmpty(term)
            && await counters.GetAsync(counted, ct) is { } c
            ? stage switch
            {
                MemberStage.Probationary => c.Probationary,
                MemberStage.Full => c.Full,
                MemberStage.Member => c.LeagueMembers,
                _ => c.Members,
            }
            : await query.LongCountAsync(ct);
        var items = await Project(query.OrderBy(m => m.SortName).ThenBy(m => m.Id).Skip(page.Skip).Take(page.PageSize))
            .ToListAsync(ct);
        return new PagedList<MemberDto>(items.Select(Masked).ToList(), page.Page, page.PageSize, total, true);
    }

    public async Task<MemberDto> GetAsync(long id, CancellationToken ct = default)
    {
        var query = await scope.Readable(db.Memberships.AsNoTracking().Where(m => m.Id == id), m => m.OrgPath, ct);
        var member = await Project(query).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound("党（团）员");
        return Masked(member);
    }

    /// <summary>
    /// The masked members of a query the caller has already limited to what they may see (for reports
    /// such as the duplicate report), in name order.
    /// </summary>
    internal async Task<List<MemberDto>> MaskedAsync(IQueryable<Membership> query, CancellationToken ct = default)
    {
        var items = await Project(query.OrderBy(m => m.SortName).ThenBy(m => m.Id)).ToListAsync(ct);
        return items.Select(Masked).ToList();
    }

    private IQueryable<MemberDto> Project(IQueryable<Membership> query) =>
        from m in query
        join o in db.Organizations on m.OrgId equals o.Id
        select new MemberDto(m.Id, m.System, m.OrgId, o.ShortName, m.Stage, m.State, m.JoinedOn, m.FullOn,
            m.DevelopmentNumber,
            new PersonDto(m.Person!.Id, m.Person.Name, m.Person.Gender, m.Person.Ethnicity, m.Person.BirthDate,
                m.Person.IdNumber, m.Person.Phone, m.Person.Education, m.Person.PoliticalStatus, m.Person.WorkUnit,
                m.Person.Post, m.Person.Address, m.Person.Degree, m.Person.ProfessionalField, m.Person.Specialties,
                m.Person.Health, m.Person.Family, m.Person.Children, m.Person.OtherAffiliations, m.Person.OverseasTies),
            m.EndedOn, m.EndReason, m.GroupId);

    private static MemberDto Masked(MemberDto m) => m with
    {
        Person = m.Person with
        {
            IdNumber = m.Person.IdNumber is null ? null : CitizenIdNumber.Mask(m.Person.IdNumber),
            Phone = m.Person.Phone is null ? null : PhoneNumber.Mask(m.Person.Phone),
        },
    };
}
