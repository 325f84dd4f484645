using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Shared;
using Zhijian.Web.Shared.Identity;

namespace Zhijian.Web.Features.SelfService;

/// <summary>What a member sees of their own record: masked, read-only.</summary>
public sealed record MyRecordDto(string Name, string Gender, DateOnly? BirthDate, string? IdNumber, string? Phone,
    string? Education, string? WorkUnit, string? Post, IReadOnlyList<MyMembership> Memberships);

/// <summary>The member's own record (the only data a member-only account may read).</summary>
public sealed class MyRecord(ZhijianDbContext db, IActor actor)
{
    public async Task<MyRecordDto?> GetAsync(CancellationToken ct = default)
    {
        if (actor.UserId is not { } userId)
        {
            return null;
        }

        var personId = await db.Users.Where(u => u.Id == userId).Select(u => u.PersonId).FirstOrDefaultAsync(ct);
        if (personId is null)
        {
            return null;
        }

        var person = await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null)
        {
            return null;
        }

        var memberships = await (from m in db.Memberships.AsNoTracking()
                                 where m.PersonId == personId
                                 join o in db.Organizations on m.OrgId equals o.Id
                                 orderby m.State == MemberState.Ended, m.JoinedOn descending
                                 select new MyMembership(m.Id, m.System, o.Name, o.ShortName, m.Stage, m.State, m.JoinedOn,
                                     m.FullOn, o.Contact, o.Phone)).ToListAsync(ct);
        return new MyRecordDto(person.Name, person.Gender, person.BirthDate, CitizenIdNumber.Mask(person.IdNumber),
            PhoneNumber.Mask(person.Phone), person.Education, person.WorkUnit, person.Post, memberships);
    }
}
