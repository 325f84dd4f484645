using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Transfers;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class InputValidationTestsOnSqlite(SqliteApp app) : InputValidationTests(app), IClassFixture<SqliteApp>;

public sealed class InputValidationTestsOnPostgres(PostgresApp app) : InputValidationTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Bad input answers a 400 <c>validation_failed</c> naming the field, the same on both databases (issue 13, item 8):
/// implausible dates, NUL and other control characters, text longer than its column, huge page numbers, instants
/// with far offsets, comma lists in enum parameters, and dates that contradict the record.
/// </summary>
public abstract class InputValidationTests(AppFixture app)
{
    private async Task<(HttpClient Admin, long Committee, long Branch, long Other)> TreeAsync()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var committee = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", committee.Id);
        var other = await data.OrgAsync("league", "branch", committee.Id);
        return (admin, committee.Id, branch.Id, other.Id);
    }

    private static async Task FieldRefusedAsync(HttpResponseMessage response, string field, bool detailNamesField = true)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var body = problem.GetRawText();
        problem.GetProperty("errors").TryGetProperty(field, out var messages).Should().BeTrue(body);
        messages[0].GetString().Should().MatchRegex(@"\p{IsCJKUnifiedIdeographs}", body);
        if (detailNamesField)
        {
            problem.GetProperty("detail").GetString().Should().Contain(field, "the message names the field");
        }
    }

    [Theory]
    [InlineData("/api/v1/orgs/{branch}/transfer-stats?from=0001-01-01", "from")]
    [InlineData("/api/v1/orgs/{branch}/transfer-stats?to=9999-12-31", "to")]
    [InlineData("/api/v1/orgs/{branch}/transfer-reports?to=0001-01-01", "to")]
    [InlineData("/api/v1/orgs/{branch}/meeting-compliance?from=9999-12-31", "from")]
    [InlineData("/api/v1/meetings?from=1899-12-31", "from")]
    [InlineData("/api/v1/rules?on=2101-01-01", "on")]
    [InlineData("/api/v1/audit?from=0001-01-01T00:00:00Z", "from")]
    public async Task ImplausibleDate_InQuery_Is400NamingTheParameter(string url, string field)
    {
        var t = await TreeAsync();
        await FieldRefusedAsync(await t.Admin.GetAsync(url.Replace("{branch}", t.Branch.ToString(CultureInfo.InvariantCulture))), field);
    }

    [Fact]
    public async Task ImplausibleDate_InWeekAndAsOf_Is400()
    {
        var admin = await app.AdminAsync();
        await FieldRefusedAsync(await admin.PostAsync("/api/v1/transfer-reports/run?week=0001-01-01", null), "week");
        await FieldRefusedAsync(await admin.PostAsync("/api/v1/alerts/scan?asOf=9999-12-31T23:59:59Z", null), "asOf");
    }

    [Fact]
    public async Task ImplausibleDate_InBody_Is400NamingTheField()
    {
        var t = await TreeAsync();
        var p = new PersonFaker(7).Next(new DateOnly(1995, 1, 1), new DateOnly(2005, 1, 1));
        await FieldRefusedAsync(await t.Admin.PostJsonAsync("/api/v1/members", MemberBody(t.Branch, p, joinedOn: "0001-01-01")), "joinedOn");
        await FieldRefusedAsync(await t.Admin.PostJsonAsync("/api/v1/members", MemberBody(t.Branch, p, birthDate: "9999-12-31")), "person.birthDate");
        await FieldRefusedAsync(await t.Admin.PostJsonAsync("/api/v1/meetings", new { orgId = t.Branch, type = "committee", date = "0001-01-01" }), "date");
    }

    [Fact]
    public async Task Nul_InBodyOrQuery_Is400NamingTheField()
    {
        var t = await TreeAsync();
        var member = (await new TestData(app, t.Admin).MembersAsync(t.Branch, 1))[0];
        await FieldRefusedAsync(await t.Admin.PostJsonAsync($"/api/v1/members/{member}/reveal", new { reason = "核对\u0000身份" }), "reason");
        await FieldRefusedAsync(await t.Admin.GetAsync("/api/v1/members?q=%E5%BC%A0%00"), "q");
        await FieldRefusedAsync(await t.Admin.PatchJsonAsync($"/api/v1/orgs/{t.Branch}", new { unitName = "某某\u0001公司" }), "unitName");

        // Half a surrogate pair cannot be stored as UTF-8 (Npgsql refuses it).
        var lone = new StringContent($"{{\"reason\":\"\\ud800\"}}", Encoding.UTF8, "application/json");
        await FieldRefusedAsync(await t.Admin.PostAsync($"/api/v1/members/{member}/reveal", lone), "reason");
    }

    [Fact]
    public async Task TextLongerThanItsColumn_Is400NamingTheField_OnBothDatabases()
    {
        var t = await TreeAsync();
        var p = new PersonFaker(11).Next(new DateOnly(1995, 1, 1), new DateOnly(2005, 1, 1));
        var response = await t.Admin.PostJsonAsync("/api/v1/members", MemberBody(t.Branch, p, developmentNumber: new string('9', 41)));
        await FieldRefusedAsync(response, "developmentNumber");

        var exactly = await t.Admin.PostJsonAsync("/api/v1/members", MemberBody(t.Branch, p, developmentNumber: new string('9', 40)));
        exactly.StatusCode.Should().Be(HttpStatusCode.Created, await exactly.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SaveChanges_RefusesOverlongAndControlText_WhateverTheDoor()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        db.Persons.Add(new Person { Name = "张\u0000三", Gender = "1", WorkUnit = new string('单', 101), NameInitials = "" });
        var refused = await FluentActions.Awaiting(() => db.SaveChangesAsync()).Should().ThrowAsync<DomainException>();
        refused.Which.Code.Should().Be(ErrorCodes.ValidationFailed);
        refused.Which.Errors!.Keys.Should().BeEquivalentTo("name", "workUnit");
    }

    [Fact]
    public async Task BulkInsert_RefusesOverlongText_BeforeWritingAnyRow()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        var marker = "批量" + TestData.Unique();
        var people = new[]
        {
            new Person { Name = marker, Gender = "1", NameInitials = "" },
            new Person { Name = marker, Gender = "1", NameInitials = "", Address = new string('址', 201) },
        };
        var refused = await FluentActions.Awaiting(() => db.InTransactionAsync(() => db.InsertAsync(people)))
            .Should().ThrowAsync<DomainException>();
        refused.Which.Errors!.Keys.Should().Equal("address");
        (await db.Persons.CountAsync(x => x.Name == marker)).Should().Be(0);
    }

    [Theory]
    [InlineData("/api/v1/members?page=2147483647")]
    [InlineData("/api/v1/members?page=2147483647&pageSize=200")]
    [InlineData("/api/v1/orgs?page=2147483647")]
    [InlineData("/api/v1/audit?page=2147483647")]
    [InlineData("/api/v1/transfers?page=2147483647")]
    [InlineData("/api/v1/alerts?page=2147483647")]
    [InlineData("/api/v1/meetings?page=2147483647")]
    public async Task HugePage_IsAnEmptyPage(string url)
    {
        var admin = await app.AdminAsync();
        var page = await admin.GetOkAsync<JsonElement>(url);
        page.GetProperty("items").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task AuditFrom_WithPlus14Offset_IsTheSameInstant()
    {
        var t = await TreeAsync();
        var now = DateTimeOffset.UtcNow;
        string At(DateTimeOffset utc, int hours) => Uri.EscapeDataString(
            utc.ToOffset(TimeSpan.FromHours(hours)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));

        var before = await t.Admin.GetOkAsync<JsonElement>($"/api/v1/audit?orgId={t.Branch}&from={At(now.AddMinutes(-5), 14)}");
        before.GetProperty("items").GetArrayLength().Should().BePositive("the branch was created after that instant");
        var after = await t.Admin.GetOkAsync<JsonElement>($"/api/v1/audit?orgId={t.Branch}&from={At(now.AddMinutes(5), 14)}");
        after.GetProperty("items").GetArrayLength().Should().Be(0, "nothing happened after that instant");
        var until = await t.Admin.GetOkAsync<JsonElement>($"/api/v1/audit?orgId={t.Branch}&to={At(now.AddMinutes(-5), -12)}");
        until.GetProperty("items").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("/api/v1/members?state=active,ended", "state")]
    [InlineData("/api/v1/members?stage=member, full", "stage")]
    [InlineData("/api/v1/members?state=1", "state")]
    [InlineData("/api/v1/transfers?state=pendingOut,pendingIn", "state")]
    [InlineData("/api/v1/orgs?system=party,league", "system")]
    [InlineData("/api/v1/audit?action=orgCreated,orgUpdated", "action")]
    [InlineData("/api/v1/alerts?state=open,resolved", "state")]
    public async Task CommaList_InEnumParameter_Is400(string url, string field)
    {
        var admin = await app.AdminAsync();
        await FieldRefusedAsync(await admin.GetAsync(url), field);
    }

    [Fact]
    public async Task OpenApi_ListsTheValuesOfEnumQueryParameters()
    {
        var doc = await (await app.AdminAsync()).GetOkAsync<JsonElement>("/openapi/v1.json");
        var state = doc.GetProperty("paths").GetProperty("/api/v1/members").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "state");
        state.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString())
            .Should().Contain(["active", "ended"]);
    }

    [Fact]
    public async Task Receipt_BeforeTheLetterWasIssued_Is400()
    {
        var t = await TreeAsync();
        var member = (await new TestData(app, t.Admin).MembersAsync(t.Branch, 1))[0];
        var transfer = await (await t.Admin.PostJsonAsync("/api/v1/transfers",
                new { memberId = member, outside = new { orgName = "某省某市某公司团委" }, reason = "work" }))
            .ReadAsync<TransferDto>(HttpStatusCode.Created);
        (await t.Admin.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/approve", new { })).EnsureSuccessStatusCode();

        var lastYear = DateTime.UtcNow.AddYears(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await FieldRefusedAsync(await t.Admin.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/receipt", new { receivedOn = lastYear }), "receivedOn",
            detailNamesField: false);
        (await t.Admin.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/receipt", new { })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static object MemberBody(long orgId, DemoPerson p, string? joinedOn = null, string? birthDate = null,
        string? developmentNumber = null) => new
        {
            system = "league",
            orgId,
            stage = "member",
            joinedOn = joinedOn ?? p.BirthDate.AddYears(16).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            developmentNumber,
            person = new
            {
                name = p.Name,
                gender = p.GenderCode,
                ethnicity = p.EthnicityCode,
                birthDate = birthDate ?? p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                idNumber = p.IdNumber,
                phone = p.Phone,
                education = p.EducationCode,
            },
        };
}
