using System.Net;
using System.Text.Json;
using AwesomeAssertions;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class MemberTestsOnSqlite(SqliteApp app) : MemberTests(app), IClassFixture<SqliteApp>;

public sealed class MemberTestsOnPostgres(PostgresApp app) : MemberTests(app), IClassFixture<PostgresApp>;

/// <summary>The information library's member records through HTTP.</summary>
public abstract class MemberTests(AppFixture app)
{
    private static readonly PersonFaker Faker = new(4242);
    private static readonly Lock FakerLock = new();

    private static DemoPerson Young()
    {
        lock (FakerLock)
        {
            return Faker.Next(new DateOnly(2000, 1, 1), new DateOnly(2006, 12, 31));
        }
    }

    private static object Body(long orgId, DemoPerson p, string system = "league", string? stage = null, string? joinedOn = null) => new
    {
        system,
        orgId,
        stage = stage ?? (system == "league" ? "member" : "full"),
        joinedOn = joinedOn ?? p.BirthDate.AddYears(16).ToString("yyyy-MM-dd"),
        person = new
        {
            name = p.Name,
            gender = p.GenderCode,
            ethnicity = p.EthnicityCode,
            birthDate = p.BirthDate.ToString("yyyy-MM-dd"),
            idNumber = p.IdNumber,
            phone = p.Phone,
            education = p.EducationCode,
        },
    };

    private async Task<(HttpClient Admin, OrganizationDto Root, OrganizationDto Branch)> TreeAsync(string system = "league")
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync(system, "committee", null);
        var branch = await data.OrgAsync(system, "branch", root.Id);
        return (admin, root, branch);
    }

    [Fact]
    public async Task Create_List_Search_Patch_End()
    {
        var (admin, root, branch) = await TreeAsync();
        var p = Young();
        var created = await (await admin.PostJsonAsync("/api/v1/members", Body(branch.Id, p))).ReadAsync<MemberDto>(HttpStatusCode.Created);
        created.State.Should().Be(MemberState.Active);
        created.Person.Name.Should().Be(p.Name);
        created.Person.IdNumber.Should().Be(p.IdNumber[..4] + "**********" + p.IdNumber[^4..]);
        created.Person.Phone.Should().Be(p.Phone[..3] + "****" + p.Phone[^4..]);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{root.Id}")).MemberCount.Should().Be(1);

        foreach (var q in new[] { p.Name, Zhijian.Web.Shared.Pinyin.PinyinInitials.Of(p.Name), p.IdNumber })
        {
            var found = await admin.GetOkAsync<PagedList<MemberDto>>($"/api/v1/members?orgId={root.Id}&q={Uri.EscapeDataString(q)}");
            found.Items.Select(m => m.Id).Should().Contain(created.Id, $"q={q}");
        }

        var patched = await (await admin.PatchJsonAsync($"/api/v1/members/{created.Id}", new { person = new { workUnit = "某公司", post = "技术员" } }))
            .ReadAsync<MemberDto>();
        patched.Person.WorkUnit.Should().Be("某公司");
        patched.Person.IdNumber.Should().Contain("*");

        var ended = await (await admin.PostJsonAsync($"/api/v1/members/{created.Id}/end", new { reason = "agedOut", on = "2026-01-01" }))
            .ReadAsync<MemberDto>();
        ended.State.Should().Be(MemberState.Ended);
        ended.EndReason.Should().Be(EndReason.AgedOut);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{root.Id}")).MemberCount.Should().Be(0);
        (await admin.GetOkAsync<MemberDto>($"/api/v1/members/{created.Id}")).State.Should().Be(MemberState.Ended);
        var history = await admin.GetOkAsync<PagedList<MemberDto>>($"/api/v1/members?orgId={root.Id}&state=ended");
        history.Items.Select(m => m.Id).Should().Contain(created.Id);
        await (await admin.PatchJsonAsync($"/api/v1/members/{created.Id}", new { person = new { post = "x" } }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        // An ended League membership does not block a new one for the same person.
        (await admin.PostJsonAsync("/api/v1/members", Body(branch.Id, p))).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task DuplicateIdNumber_InTheSameSystem_Is409_ButAPartyMembershipIsAllowed()
    {
        var (admin, _, branch) = await TreeAsync();
        var (_, _, otherBranch) = await TreeAsync();
        var (_, _, partyBranch) = await TreeAsync("party");
        var p = Young();
        (await admin.PostJsonAsync("/api/v1/members", Body(branch.Id, p))).StatusCode.Should().Be(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/api/v1/members", Body(otherBranch.Id, p)))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.DuplicateIdNumber);
        var party = await (await admin.PostJsonAsync("/api/v1/members",
            Body(partyBranch.Id, p, "party", "probationary", p.BirthDate.AddYears(19).ToString("yyyy-MM-dd")))).ReadAsync<MemberDto>(HttpStatusCode.Created);
        party.Stage.Should().Be(MemberStage.Probationary);
    }

    public static TheoryData<string, string, object> InvalidPeople() => new()
    {
        { "idNumber", "校验位错误", new { idNumber = "110105194912310021" } },
        { "idNumber", "前17位为数字", new { idNumber = "11010519491231002A" } },
        { "idNumber", "15位旧身份证号码不再受理", new { idNumber = "110105491231002" } },
        { "birthDate", "出生日期与公民身份号码不一致", new { birthDate = "2001-01-01" } },
        { "gender", "性别与公民身份号码不一致", new { gender = "swap" } },
        { "ethnicity", "不在国家标准代码表中", new { ethnicity = "99" } },
        { "education", "不在国家标准代码表中", new { education = "XX" } },
        { "phone", "手机号码应为11位", new { phone = "12345" } },
        { "joinedOn", "入团时年龄应在 14 至 28 周岁之间", new { joinedOn = "age12" } },
        { "orgId", "只能编入", new { org = "committee" } },
    };

    [Theory]
    [MemberData(nameof(InvalidPeople))]
    public async Task Create_Invalid_IsValidationFailed_WithTheFieldAndNothingSaved(string field, string message, object change)
    {
        var (admin, root, branch) = await TreeAsync();
        var p = Young();
        var json = JsonSerializer.SerializeToNode(Body(branch.Id, p), Api.Json)!.AsObject();
        var person = json["person"]!.AsObject();
        foreach (var property in JsonSerializer.SerializeToNode(change, Api.Json)!.AsObject())
        {
            var value = property.Value!.ToString();
            switch (property.Key)
            {
                case "gender":
                    person["gender"] = p.GenderCode == "1" ? "2" : "1";
                    break;
                case "joinedOn":
                    json["joinedOn"] = p.BirthDate.AddYears(12).ToString("yyyy-MM-dd");
                    break;
                case "org":
                    json["orgId"] = root.Id;
                    break;
                default:
                    person[property.Key] = value;
                    break;
            }
        }

        var response = await admin.PostJsonAsync("/api/v1/members", json);
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var key = field is "orgId" or "joinedOn" ? field : "person." + field;
        problem.GetProperty("errors").GetProperty(key)[0].GetString().Should().Contain(message);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{root.Id}")).MemberCount.Should().Be(0);
    }

    [Fact]
    public async Task Reveal_IsAudited_ForbiddenToObservers_AndNeverInTheAuditText()
    {
        var (admin, root, branch) = await TreeAsync();
        var p = Young();
        var created = await (await admin.PostJsonAsync("/api/v1/members", Body(branch.Id, p))).ReadAsync<MemberDto>(HttpStatusCode.Created);

        await (await admin.PostJsonAsync($"/api/v1/members/{created.Id}/reveal", new { reason = "" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var revealed = await (await admin.PostJsonAsync($"/api/v1/members/{created.Id}/reveal", new { reason = "办理组织关系转接" }))
            .ReadAsync<RevealedNumbers>();
        revealed.IdNumber.Should().Be(p.IdNumber);
        revealed.Phone.Should().Be(p.Phone);

        var events = await admin.GetOkAsync<PagedList<AuditEventDto>>($"/api/v1/audit?orgId={branch.Id}");
        events.Items.Should().Contain(e => e.Action == AuditAction.MemberRevealed && e.Summary.Contains("办理组织关系转接"));
        events.Items.Should().OnlyContain(e => !e.Summary.Contains(p.IdNumber) && !e.Summary.Contains(p.Phone));

        var observer = await app.UserWithRoleAsync("observer", root.Id);
        await (await observer.PostJsonAsync($"/api/v1/members/{created.Id}/reveal", new { reason = "想看" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        var seen = await observer.GetOkAsync<MemberDto>($"/api/v1/members/{created.Id}");
        seen.Person.IdNumber.Should().NotBe(p.IdNumber);
    }

    [Fact]
    public async Task PartyStage_ChangeMovesTheCounters_AndFullOnFollowsTheProbationYear()
    {
        var (admin, root, branch) = await TreeAsync("party");
        var p = Young();
        var joined = p.BirthDate.AddYears(19);
        var created = await (await admin.PostJsonAsync("/api/v1/members", Body(branch.Id, p, "party", "probationary", joined.ToString("yyyy-MM-dd"))))
            .ReadAsync<MemberDto>(HttpStatusCode.Created);
        await (await admin.PatchJsonAsync($"/api/v1/members/{created.Id}", new { stage = "full", fullOn = joined.AddDays(-1).ToString("yyyy-MM-dd") }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var early = await (await admin.PatchJsonAsync($"/api/v1/members/{created.Id}",
                new { stage = "full", fullOn = joined.AddYears(1).AddDays(-1).ToString("yyyy-MM-dd") }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        early.GetProperty("errors").GetProperty("fullOn")[0].GetString().Should().StartWith("预备期为一年");
        await (await admin.PatchJsonAsync($"/api/v1/members/{created.Id}", new { stage = "member" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var full = await (await admin.PatchJsonAsync($"/api/v1/members/{created.Id}", new { stage = "full", fullOn = joined.AddYears(1).ToString("yyyy-MM-dd") }))
            .ReadAsync<MemberDto>();
        full.Stage.Should().Be(MemberStage.Full);
        var stats = await admin.GetOkAsync<Zhijian.Web.Features.Statistics.OrgStats>($"/api/v1/orgs/{root.Id}/stats");
        stats.Members.ByStage["full"].Should().Be(1);
        stats.Members.ByStage["probationary"].Should().Be(0);
    }
}
