using System.Net;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Members;

namespace Zhijian.Tests.Infrastructure;

/// <summary>Fake people with valid ID numbers, and members created through <c>POST /api/v1/members</c>.</summary>
public static class People
{
    private static readonly PersonFaker Faker = new(Random.Shared.Next());
    private static readonly Lock Gate = new();

    /// <summary>Today in Asia/Shanghai, the day the application counts ages on.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public static DemoPerson Born(DateOnly from, DateOnly to)
    {
        lock (Gate)
        {
            return Faker.Next(from, to);
        }
    }

    /// <summary>Of League age.</summary>
    public static DemoPerson Young() => Born(new DateOnly(2000, 1, 1), new DateOnly(2006, 12, 31));

    /// <summary>A grown-up, for Party memberships and cadres.</summary>
    public static DemoPerson Adult() => Born(new DateOnly(1965, 1, 1), new DateOnly(1995, 12, 31));

    /// <summary>
    /// Creates a member with every field of the default required list, except the person fields named in
    /// <paramref name="omit"/>; <paramref name="extra"/> adds or overrides person fields.
    /// </summary>
    public static async Task<MemberDto> CreateMemberAsync(this HttpClient client, long branchId, DemoPerson p,
        string system = "league", string[]? omit = null, IDictionary<string, object?>? extra = null)
    {
        var person = new Dictionary<string, object?>
        {
            ["name"] = p.Name,
            ["gender"] = p.GenderCode,
            ["ethnicity"] = p.EthnicityCode,
            ["birthDate"] = p.BirthDate.ToString("yyyy-MM-dd"),
            ["idNumber"] = p.IdNumber,
            ["phone"] = p.Phone,
            ["education"] = p.EducationCode,
            ["politicalStatus"] = system == "league" ? "03" : "01",
            ["workUnit"] = "某某公司",
        };
        foreach (var field in omit ?? [])
        {
            person.Remove(field);
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, object?>())
        {
            person[key] = value;
        }

        var body = new
        {
            system,
            orgId = branchId,
            stage = system == "league" ? "member" : "full",
            joinedOn = p.BirthDate.AddYears(system == "league" ? 16 : 20).ToString("yyyy-MM-dd"),
            person,
        };
        return await (await client.PostJsonAsync("/api/v1/members", body)).ReadAsync<MemberDto>(HttpStatusCode.Created);
    }
}
