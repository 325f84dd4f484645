using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Cadres;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Tests.Infrastructure;

/// <summary>Builds test trees through the API, and members directly (until the member API exists they have no other door).</summary>
public sealed class TestData(AppFixture app, HttpClient admin)
{
    private static int counter;

    /// <summary>A unique suffix so that tests sharing a database never collide.</summary>
    public static string Unique() => Interlocked.Increment(ref counter).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)
        + Guid.NewGuid().ToString("N")[..4];

    public async Task<OrganizationDto> OrgAsync(string system, string kind, long? parentId, string? shortName = null)
    {
        var name = shortName ?? $"{kind}-{Unique()}";
        var response = await admin.PostJsonAsync("/api/v1/orgs",
            new { system, kind, parentId, name = "全称" + name, shortName = name });
        return await response.ReadAsync<OrganizationDto>(HttpStatusCode.Created);
    }

    /// <summary>Adds <paramref name="count"/> members to a branch, with their counters, as the member service will.</summary>
    public async Task<List<long>> MembersAsync(long branchId, int count, MemberStage stage = MemberStage.Member)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        var branch = await db.Organizations.SingleAsync(o => o.Id == branchId);
        var faker = new PersonFaker(Random.Shared.Next());
        var ids = new List<long>();
        await db.InTransactionAsync(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                var p = faker.Next(new DateOnly(1998, 1, 1), new DateOnly(2006, 1, 1));
                var person = new Person
                {
                    Name = p.Name,
                    Gender = p.GenderCode,
                    Ethnicity = p.EthnicityCode,
                    BirthDate = p.BirthDate,
                    IdNumber = p.IdNumber,
                    Phone = p.Phone,
                    Education = p.EducationCode,
                    NameInitials = "",
                };
                var m = new Membership(branch.System, branch.Id, branch.Path, stage, p.BirthDate.AddYears(15), p.Name, default)
                {
                    Person = person,
                };
                db.Memberships.Add(m);
                await db.SaveChangesAsync();
                ids.Add(m.Id);
            }

            await scope.ServiceProvider.GetRequiredService<OrgCounters>()
                .ApplyAsync(branch.Path, MemberCounters.Delta(stage, count));
        });
        return ids;
    }

    /// <summary>Adds a current position to an organization, held by a new person, with its counter.</summary>
    public async Task<long> PositionAsync(long orgId, string post = "secretary")
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        var org = await db.Organizations.SingleAsync(o => o.Id == orgId);
        var p = new PersonFaker(Random.Shared.Next()).Next(new DateOnly(1980, 1, 1), new DateOnly(2000, 1, 1));
        var person = new Person { Name = p.Name, Gender = p.GenderCode, BirthDate = p.BirthDate, IdNumber = p.IdNumber };
        db.Persons.Add(person);
        await db.SaveChangesAsync();
        var position = new Position(post, new DateOnly(2024, 1, 1))
        {
            PersonId = person.Id,
            OrgId = org.Id,
            OrgPath = org.Path,
        };
        db.Positions.Add(position);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<OrgCounters>().ApplyAsync(org.Path, new CounterDelta(Cadres: 1));
        return position.Id;
    }

    /// <summary>Counters as kept incrementally, and as recomputed from the rows: they must agree.</summary>
    public async Task<(Dictionary<long, OrgCounter> Kept, Dictionary<long, OrgCounter> Rebuilt)> CountersAsync()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        var kept = await db.OrgCounters.AsNoTracking().ToDictionaryAsync(c => c.OrgId);
        await scope.ServiceProvider.GetRequiredService<CounterRebuilder>().RebuildAllAsync();
        var rebuilt = await db.OrgCounters.AsNoTracking().ToDictionaryAsync(c => c.OrgId);
        return (kept, rebuilt);
    }
}
