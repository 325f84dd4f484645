using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Features.Accounts;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Tests.Components;

/// <summary>
/// A realistic League tree for rendering the console's tabs against the application's real services (SQLite in a
/// temporary file): committee A with branch A1 (three members, a secretary, a planned meeting, a transfer to
/// committee B awaiting A1's approval), and two accounts: the system administrator and an observer of A.
/// </summary>
public sealed class ConsoleData : IAsyncLifetime
{
    public SqliteApp App { get; } = new();

    public OrganizationDto A { get; private set; } = default!;

    public OrganizationDto A1 { get; private set; } = default!;

    /// <summary>Another top committee, outside the observer's scope.</summary>
    public OrganizationDto B { get; private set; } = default!;

    public IReadOnlyList<MemberDto> Members { get; private set; } = [];

    public string MeetingTopic { get; } = "学习团章-" + TestData.Unique();

    /// <summary>The name of a League applicant of A1 (the development tab's pipeline).</summary>
    public string ApplicantName { get; private set; } = "";

    public Claim[] Admin { get; private set; } = [];

    public Claim[] Observer { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        await App.InitializeAsync();
        var admin = await App.AdminAsync();
        var data = new TestData(App, admin);
        var a = await data.OrgAsync("league", "committee", null);
        var a1 = await data.OrgAsync("league", "branch", a.Id);
        var b = await data.OrgAsync("league", "committee", null);
        var members = new List<MemberDto>();
        for (var i = 0; i < 3; i++)
        {
            members.Add(await admin.CreateMemberAsync(a1.Id, People.Young()));
        }

        Members = members;
        await data.PositionAsync(a1.Id);
        await (await admin.PostJsonAsync("/api/v1/meetings",
                new { orgId = a1.Id, type = "committee", date = People.Today.ToString("yyyy-MM-dd"), topic = MeetingTopic }))
            .ReadAsync<JsonElementOnly>(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/api/v1/transfers", new { memberId = members[0].Id, toOrgId = b.Id, reason = "work" }))
            .ReadAsync<JsonElementOnly>(HttpStatusCode.Created);

        var applicant = People.Young();
        ApplicantName = applicant.Name;
        (await admin.PostJsonAsync("/api/v1/development", new
        {
            system = "league",
            orgId = a1.Id,
            appliedOn = People.Today.AddMonths(-2).ToString("yyyy-MM-dd"),
            person = new
            {
                name = applicant.Name,
                gender = applicant.GenderCode,
                ethnicity = applicant.EthnicityCode,
                birthDate = applicant.BirthDate.ToString("yyyy-MM-dd"),
                idNumber = applicant.IdNumber,
                phone = applicant.Phone,
                education = applicant.EducationCode,
                politicalStatus = "13",
                workUnit = "某某公司",
            },
        })).EnsureSuccessStatusCode();

        var observerName = "observer-" + TestData.Unique();
        var created = await (await admin.PostJsonAsync("/api/v1/users", new { userName = observerName, password = AppFixture.Password }))
            .ReadAsync<IdOnly>(HttpStatusCode.Created);
        (await admin.PostJsonAsync($"/api/v1/users/{created.Id}/roles", new { role = "observer", orgId = a.Id })).EnsureSuccessStatusCode();

        await using (var scope = App.Scope())
        {
            var adminUser = await scope.ServiceProvider.GetRequiredService<UserManager<ZhijianUser>>().FindByNameAsync(AppFixture.AdminUser);
            Admin = [new Claim(ClaimTypes.NameIdentifier, adminUser!.Id.ToString(CultureInfo.InvariantCulture))];
        }

        Observer = [new Claim(ClaimTypes.NameIdentifier, created.Id.ToString(CultureInfo.InvariantCulture))];
        A = await admin.GetFromJsonAsync<OrganizationDto>($"/api/v1/orgs/{a.Id}", Api.Json) ?? throw new InvalidOperationException();
        A1 = await admin.GetFromJsonAsync<OrganizationDto>($"/api/v1/orgs/{a1.Id}", Api.Json) ?? throw new InvalidOperationException();
        B = await admin.GetFromJsonAsync<OrganizationDto>($"/api/v1/orgs/{b.Id}", Api.Json) ?? throw new InvalidOperationException();
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    private sealed record IdOnly(long Id);

    private sealed record JsonElementOnly(long Id);
}
