using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Accounts;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class AccountTrustTestsOnSqlite(SqliteApp app) : AccountTrustTests(app), IClassFixture<SqliteApp>;

public sealed class AccountTrustTestsOnPostgres(PostgresApp app) : AccountTrustTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Issue 13, items 1, 2, 5, 11 and 12 as an attacker tried them: linking an account to someone else's person, overwriting
/// a person from another tree, racing the lockout, weak passwords, brute force on the account endpoints, and telling
/// users from organizations by the role-grant answers.
/// </summary>
public abstract class AccountTrustTests(AppFixture app)
{
    private sealed record Trees(OrganizationDto LeagueA, OrganizationDto BranchA, OrganizationDto LeagueB, OrganizationDto BranchB,
        OrganizationDto PartyBranch);

    /// <summary>Two League trees and a Party tree, each its own root.</summary>
    private async Task<Trees> TreesAsync()
    {
        var data = new TestData(app, await app.AdminAsync());
        var a = await data.OrgAsync("league", "committee", null);
        var b = await data.OrgAsync("league", "committee", null);
        var party = await data.OrgAsync("party", "committee", null);
        return new Trees(a, await data.OrgAsync("league", "branch", a.Id), b, await data.OrgAsync("league", "branch", b.Id),
            await data.OrgAsync("party", "branch", party.Id));
    }

    private static object NewUser(string name, long? personId = null) =>
        new { userName = name, password = AppFixture.Password, personId };

    private async Task<bool> UserExistsAsync(string name)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        return await db.Users.AnyAsync(u => u.UserName == name);
    }

    // ---- item 1: account linking ----

    [Fact]
    public async Task LinkUser_ToAPartyMemberInAnotherTree_Is404_AndCreatesNothing()
    {
        var t = await TreesAsync();
        var admin = await app.AdminAsync();
        var victim = await admin.CreateMemberAsync(t.PartyBranch.Id, People.Born(new DateOnly(1990, 1, 1), new DateOnly(1999, 12, 31)), "party");
        var leagueVictim = await admin.CreateMemberAsync(t.BranchB.Id, People.Young());
        var orgAdminA = await app.UserWithRoleAsync("orgAdmin", t.LeagueA.Id);

        var name = "link-" + TestData.Unique();
        var outside = await (await orgAdminA.PostJsonAsync("/api/v1/users", NewUser(name, victim.Person.Id)))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        var sibling = await (await orgAdminA.PostJsonAsync("/api/v1/users", NewUser(name, leagueVictim.Person.Id)))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        var missing = await (await orgAdminA.PostJsonAsync("/api/v1/users", NewUser(name, long.MaxValue)))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // The same answer for a person outside the scope and a person who does not exist.
        outside.GetProperty("detail").GetString().Should().Be(missing.GetProperty("detail").GetString());
        sibling.GetProperty("detail").GetString().Should().Be(missing.GetProperty("detail").GetString());
        (await UserExistsAsync(name)).Should().BeFalse("nothing is created when the link is refused");
        await (await app.Anonymous().PostJsonAsync("/api/v1/auth/token", new { userName = name, password = AppFixture.Password }))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
    }

    [Fact]
    public async Task LinkUser_InsideTheSubtree_IsAudited_AndASecondAccountForThePersonIs409()
    {
        var t = await TreesAsync();
        var admin = await app.AdminAsync();
        var member = await admin.CreateMemberAsync(t.BranchA.Id, People.Young());
        var orgAdminA = await app.UserWithRoleAsync("orgAdmin", t.LeagueA.Id);

        var name = "own-" + TestData.Unique();
        var created = await (await orgAdminA.PostJsonAsync("/api/v1/users", NewUser(name, member.Person.Id)))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        var me = await (await app.SignInAsync(name)).GetOkAsync<MeDto>("/api/v1/auth/me");
        me.PersonId.Should().Be(member.Person.Id);

        var second = "again-" + TestData.Unique();
        var duplicate = await (await orgAdminA.PostJsonAsync("/api/v1/users", NewUser(second, member.Person.Id)))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.DuplicatePersonAccount);
        duplicate.GetProperty("detail").GetString().Should().Contain("已有账户");
        await (await admin.PostJsonAsync("/api/v1/users", NewUser(second, member.Person.Id)))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.DuplicatePersonAccount);
        (await UserExistsAsync(second)).Should().BeFalse();

        var events = await admin.GetOkAsync<PagedList<AuditEventDto>>("/api/v1/audit?action=userPersonLinked&pageSize=200");
        events.Items.Should().ContainSingle(e => e.EntityId == created.GetProperty("id").GetInt64())
            .Which.Summary.Should().Contain(member.Person.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task LinkUser_TenParallelRequestsForOnePerson_CreateExactlyOneAccount()
    {
        var t = await TreesAsync();
        var admin = await app.AdminAsync();
        var member = await admin.CreateMemberAsync(t.BranchA.Id, People.Young());
        var prefix = "race-" + TestData.Unique();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            admin.PostJsonAsync("/api/v1/users", NewUser($"{prefix}-{i}", member.Person.Id))));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(1);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.DuplicatePersonAccount);
        }

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        (await db.Users.CountAsync(u => u.PersonId == member.Person.Id)).Should().Be(1);
    }

    // ---- item 2: person overwrite ----

    private static Dictionary<string, object?> Impostor() => new()
    {
        ["name"] = "冒名顶替",
        ["phone"] = "13900000000",
        ["workUnit"] = "冒名单位",
        ["address"] = "冒名地址",
    };

    private async Task<Zhijian.Web.Features.Members.Person> PersonAsync(long id)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        return await db.Persons.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    [Fact]
    public async Task CreateMember_WithTheIdNumberOfAPartyMemberElsewhere_KeepsTheirStoredFields()
    {
        var t = await TreesAsync();
        var admin = await app.AdminAsync();
        var p = People.Born(new DateOnly(2000, 1, 1), new DateOnly(2003, 12, 31));
        var victim = await admin.CreateMemberAsync(t.PartyBranch.Id, p, "party",
            extra: new Dictionary<string, object?> { ["address"] = "原住址" });
        var before = await PersonAsync(victim.Person.Id);
        var orgAdminA = await app.UserWithRoleAsync("orgAdmin", t.LeagueA.Id);

        var body = new
        {
            system = "league",
            orgId = t.BranchA.Id,
            stage = "member",
            joinedOn = p.BirthDate.AddYears(16).ToString("yyyy-MM-dd"),
            person = new Dictionary<string, object?>
            {
                ["gender"] = p.GenderCode,
                ["ethnicity"] = p.EthnicityCode,
                ["birthDate"] = p.BirthDate.ToString("yyyy-MM-dd"),
                ["idNumber"] = p.IdNumber,
                ["education"] = p.EducationCode,
                ["politicalStatus"] = "03",
            }.Concat(Impostor()).ToDictionary(),
        };
        var response = await orgAdminA.PostJsonAsync("/api/v1/members", body);
        var created = await response.ReadAsync<MemberDto>(HttpStatusCode.Created);
        response.Headers.GetValues(MemberEndpoints.PersonKeptHeader).Should().Equal("true");
        created.Person.Id.Should().Be(victim.Person.Id);
        created.Person.Name.Should().Be(before.Name, "the answer shows the stored person, not the submitted one");

        var after = await PersonAsync(victim.Person.Id);
        (after.Name, after.Phone, after.WorkUnit, after.Address, after.NameInitials)
            .Should().Be((before.Name, before.Phone, before.WorkUnit, before.Address, before.NameInitials));
        after.Address.Should().Be("原住址");

        // Nor can the new membership be used as a door to the person's fields afterwards.
        await (await orgAdminA.PatchJsonAsync($"/api/v1/members/{created.Id}", new { person = new { name = "冒名顶替" } }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        (await PersonAsync(victim.Person.Id)).Name.Should().Be(before.Name);

        // A person entirely inside the caller's scope is still updated as before.
        var own = People.Young();
        var mine = await orgAdminA.CreateMemberAsync(t.BranchA.Id, own);
        (await orgAdminA.PatchJsonAsync($"/api/v1/members/{mine.Id}", new { person = new { workUnit = "新单位" } }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await PersonAsync(mine.Person.Id)).WorkUnit.Should().Be("新单位");
    }

    [Fact]
    public async Task ImportMembers_WithTheIdNumberOfAPartyMemberElsewhere_KeepsTheirStoredFields()
    {
        var t = await TreesAsync();
        var admin = await app.AdminAsync();
        var p = People.Born(new DateOnly(2000, 1, 1), new DateOnly(2003, 12, 31));
        var victim = await admin.CreateMemberAsync(t.PartyBranch.Id, p, "party",
            extra: new Dictionary<string, object?> { ["address"] = "原住址" });
        var before = await PersonAsync(victim.Person.Id);
        var orgAdminA = await app.UserWithRoleAsync("orgAdmin", t.LeagueA.Id);

        var row = new Dictionary<string, object?>
        {
            ["姓名"] = "冒名顶替",
            ["性别"] = p.GenderCode == "1" ? "男" : "女",
            ["民族"] = "汉族",
            ["出生日期"] = p.BirthDate.ToString("yyyy-MM-dd"),
            ["公民身份号码"] = p.IdNumber,
            ["手机号码"] = "13900000000",
            ["学历"] = "大学本科毕业",
            ["政治面貌"] = "共青团员",
            ["入团/入党时间"] = p.BirthDate.AddYears(15).ToString("yyyy-MM-dd"),
            ["所在支部"] = t.BranchA.ShortName,
            ["工作单位"] = "冒名单位",
            ["职务"] = "职员",
            ["家庭住址"] = "冒名地址",
        };
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(new[] { row }, excelType: ExcelType.XLSX);
        var file = new ByteArrayContent(stream.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue(MemberExporter.ContentType);
        var upload = new MultipartFormDataContent { { file, "file", "members.xlsx" } };

        var result = await (await orgAdminA.PostAsync($"/api/v1/orgs/{t.LeagueA.Id}/imports/members", upload)).ReadAsync<ImportResult>();
        result.Imported.Should().Be(1, string.Join("; ", result.Errors));
        result.PersonsKept.Should().Be(1);

        var after = await PersonAsync(victim.Person.Id);
        (after.Name, after.Phone, after.WorkUnit, after.Address).Should().Be((before.Name, before.Phone, before.WorkUnit, before.Address));
    }

    // ---- item 5: the lockout race ----

    private async Task<string> NewAccountAsync(string prefix)
    {
        var name = prefix + "-" + TestData.Unique();
        (await (await app.AdminAsync()).PostJsonAsync("/api/v1/users", NewUser(name))).StatusCode.Should().Be(HttpStatusCode.Created);
        return name;
    }

    private async Task<List<(HttpStatusCode Status, string? Code)>> TokensInParallelAsync(string name, IEnumerable<string> passwords)
    {
        var answers = await Task.WhenAll(passwords.Select(async password =>
        {
            var response = await app.Anonymous().PostJsonAsync("/api/v1/auth/token", new { userName = name, password });
            var body = await response.Content.ReadAsStringAsync();
            var code = response.StatusCode == HttpStatusCode.OK ? null : JsonDocument.Parse(body).RootElement.GetProperty("code").GetString();
            return (response.StatusCode, code);
        }));
        return [.. answers];
    }

    [Fact]
    public async Task FortyParallelWrongPasswords_CheckAtMostFive_ThenTheAccountIsLocked()
    {
        var name = await NewAccountAsync("burst");
        var answers = await TokensInParallelAsync(name, Enumerable.Range(0, 40).Select(i => $"wrong-password-{i:D2}"));

        answers.Should().OnlyContain(a => a.Status == HttpStatusCode.Unauthorized, "no 5xx, no token");
        answers.Count(a => a.Code == ErrorCodes.InvalidCredentials).Should().BeInRange(1, 5, "at most 5 passwords are checked");
        answers.Count(a => a.Code == ErrorCodes.LockedOut).Should().BeGreaterThanOrEqualTo(35);
        await (await app.Anonymous().PostJsonAsync("/api/v1/auth/token", new { userName = name, password = AppFixture.Password }))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.LockedOut);
    }

    [Fact]
    public async Task FortyParallelGuesses_WithTheRightOneAmongThem_NeverCheckMoreThanFiveBeforeTheLock()
    {
        var name = await NewAccountAsync("guess");
        var passwords = Enumerable.Range(0, 39).Select(i => $"wrong-password-{i:D2}").ToList();
        passwords.Insert(20, AppFixture.Password);
        var answers = await TokensInParallelAsync(name, passwords);

        answers.Should().OnlyContain(a => a.Status == HttpStatusCode.OK || a.Status == HttpStatusCode.Unauthorized, "no 5xx");
        var token = answers.Count(a => a.Status == HttpStatusCode.OK);
        var invalid = answers.Count(a => a.Code == ErrorCodes.InvalidCredentials);
        token.Should().BeLessThanOrEqualTo(1);

        // Without a token, at most 5 guesses were checked. With one, the right password was among the first 5 checked
        // (at most 4 failures before it); its success restarts the count, so at most 5 more failures follow.
        invalid.Should().BeLessThanOrEqualTo(token == 1 ? 9 : 5);
        answers.Count(a => a.Code == ErrorCodes.LockedOut).Should().Be(40 - token - invalid);
    }

    // ---- item 11: passwords and rate limits ----

    [Theory]
    [InlineData("12345678", "至少 10 位")]
    [InlineData("password1", "至少 10 位")]
    [InlineData("abcdefgh12", "")]
    [InlineData("1234567890", "常见")]
    [InlineData("qwerty123456", "常见")]
    [InlineData("Password123", "常见")]
    public async Task CreateUser_WithAWeakPassword_Is400_InChinese(string password, string message)
    {
        var name = "weak-" + TestData.Unique();
        var response = await (await app.AdminAsync()).PostJsonAsync("/api/v1/users", new { userName = name, password });
        if (message.Length == 0)
        {
            // Control: ten characters with a digit, not common, not the user name: accepted.
            response.StatusCode.Should().Be(HttpStatusCode.Created);
            return;
        }

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var messages = problem.GetProperty("errors").GetProperty("password").EnumerateArray().Select(m => m.GetString()).ToList();
        messages.Should().Contain(m => m!.Contains(message));
        (await UserExistsAsync(name)).Should().BeFalse();
    }

    [Fact]
    public async Task CreateUser_WithThePasswordContainingTheUserName_Is400()
    {
        var name = "zhangsan" + TestData.Unique();
        var problem = await (await (await app.AdminAsync()).PostJsonAsync("/api/v1/users",
                new { userName = name, password = name.ToUpperInvariant() + "-2026x" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        problem.GetProperty("errors").GetProperty("password")[0].GetString().Should().Contain("用户名");
    }

    [Fact]
    public async Task ChangePassword_EightWrongCurrentPasswords_LockTheAccount()
    {
        var name = await NewAccountAsync("pwlock");
        var client = await app.SignInAsync(name);
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            answers.Add(await client.PostJsonAsync("/api/v1/auth/password",
                new { currentPassword = $"not-the-password-{i}", newPassword = "Another-Passw0rd-2026" }));
        }

        for (var i = 0; i < 4; i++)
        {
            await answers[i].ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        }

        // The fifth failure locks the account; later calls are refused whether the lock or an ended session answers.
        await answers[4].ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.LockedOut);
        answers.Skip(5).Should().OnlyContain(a => a.StatusCode == HttpStatusCode.Unauthorized);

        await (await app.Anonymous().PostJsonAsync("/api/v1/auth/token", new { userName = name, password = AppFixture.Password }))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.LockedOut);
    }

    [Fact]
    public async Task TokenAndPasswordEndpoints_AreRateLimited_With429()
    {
        var name = await NewAccountAsync("limit");
        var client = await app.SignInAsync(name);
        await using var limited = app.Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Security:RateLimits:TokenPermitLimit", "3");
            b.UseSetting("Security:RateLimits:PasswordPermitLimit", "2");
            b.UseSetting("Security:RateLimits:TokenWindow", "00:10:00");
            b.UseSetting("Security:RateLimits:PasswordWindow", "00:10:00");
        });

        var anonymous = limited.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await (await anonymous.PostJsonAsync("/api/v1/auth/token", new { userName = "nobody-" + i, password = "x" }))
                .ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
        }

        var refused = await anonymous.PostJsonAsync("/api/v1/auth/token", new { userName = name, password = AppFixture.Password });
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, ErrorCodes.TooManyRequests);
        problem.GetProperty("detail").GetString().Should().Contain("请求过于频繁");
        refused.Headers.RetryAfter.Should().NotBeNull();

        var user = limited.CreateClient();
        user.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        for (var i = 0; i < 2; i++)
        {
            (await user.PostJsonAsync("/api/v1/auth/password", new { currentPassword = "", newPassword = "x" }))
                .StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        await (await user.PostJsonAsync("/api/v1/auth/password", new { currentPassword = "", newPassword = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, ErrorCodes.TooManyRequests);

        // The suite's own application keeps its high limits.
        (await app.Anonymous().PostJsonAsync("/api/v1/auth/token", new { userName = name, password = AppFixture.Password }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
    }

    // ---- item 12: role grants ----

    [Fact]
    public async Task RoleGrants_AnswerTheSameForAMissingUser_AndAMissingOrOutOfScopeOrganization()
    {
        var t = await TreesAsync();
        var admin = await app.AdminAsync();
        var orgAdminA = await app.UserWithRoleAsync("orgAdmin", t.LeagueA.Id);
        var existing = await (await admin.PostJsonAsync("/api/v1/users", NewUser("grantee-" + TestData.Unique())))
            .ReadAsync<JsonElement>(HttpStatusCode.Created);
        var userId = existing.GetProperty("id").GetInt64();
        const long missingUser = long.MaxValue;

        var cases = new (long User, object Body)[]
        {
            (missingUser, new { role = "observer", orgId = t.BranchA.Id }),   // the user does not exist
            (userId, new { role = "observer", orgId = t.BranchB.Id }),        // the organization is out of scope
            (userId, new { role = "observer", orgId = long.MaxValue }),       // the organization does not exist
            (missingUser, new { role = "observer", orgId = t.BranchB.Id }),   // neither
        };
        var details = new List<string?>();
        foreach (var (user, body) in cases)
        {
            details.Add((await (await orgAdminA.PostJsonAsync($"/api/v1/users/{user}/roles", body))
                .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound)).GetProperty("detail").GetString());
            var revoke = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/users/{user}/roles")
            {
                Content = System.Net.Http.Json.JsonContent.Create(body, options: Api.Json),
            };
            details.Add((await (await orgAdminA.SendAsync(revoke))
                .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound)).GetProperty("detail").GetString());
        }

        details.Distinct().Should().Equal(AccountService.UserOrOrgNotFound);

        // systemAdmin grants are refused before the user is looked up: 403 either way.
        await (await orgAdminA.PostJsonAsync($"/api/v1/users/{missingUser}/roles", new { role = "systemAdmin" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await orgAdminA.PostJsonAsync($"/api/v1/users/{userId}/roles", new { role = "systemAdmin" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }
}
