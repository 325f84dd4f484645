using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Elections;
using Zhijian.Web.Features.Evaluations;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class CycleBoardTestsOnSqlite(SqliteApp app) : CycleBoardTests(app), IClassFixture<SqliteApp>;

public sealed class CycleBoardTestsOnPostgres(PostgresApp app) : CycleBoardTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// The superiors' boards (issue 17) through HTTP: the committee's evaluation board (done / not done per branch, paged),
/// the three xlsx exports read back, and the registration rollup following a moved branch.
/// </summary>
public abstract class CycleBoardTests(AppFixture app)
{
    private static DateOnly Today => People.Today;

    private static int Year => Today.Year;

    private sealed record Tree(long Root, long A, long B, long C, string AName, string BName, string CName);

    /// <summary>
    /// A League committee with three branches: A (10 members) evaluated and closed (3 优秀, 4 合格, 1 基本合格, 2 不合格,
    /// 9 attending) and registered; B (3 members) opened, not closed; C (2 members) nothing.
    /// </summary>
    private static async Task<Tree> SeedAsync(HttpClient admin, TestData data)
    {
        var root = await data.OrgAsync("league", "committee", null);
        var a = await data.OrgAsync("league", "branch", root.Id);
        var b = await data.OrgAsync("league", "branch", root.Id);
        var c = await data.OrgAsync("league", "branch", root.Id);
        var m = await data.MembersAsync(a.Id, 10);
        await data.MembersAsync(b.Id, 3);
        await data.MembersAsync(c.Id, 2);

        var ea = await (await admin.PostJsonAsync($"/api/v1/orgs/{a.Id}/evaluations", new { year = Year }))
            .ReadAsync<EvaluationDto>(HttpStatusCode.Created);
        var grades = new[] { "excellent", "excellent", "excellent", "qualified", "qualified", "qualified", "qualified", "basicallyQualified", "unqualified", "unqualified" };
        var body = new { attendance = m.Take(9), results = m.Select((id, i) => new { memberId = id, grade = grades[i] }).ToArray() };
        await (await admin.PutAsJsonAsync($"/api/v1/evaluations/{ea.Id}/results", body, Api.Json)).ReadAsync<EvaluationDto>();
        await (await admin.PostJsonAsync($"/api/v1/evaluations/{ea.Id}/close", new { })).ReadAsync<EvaluationDto>();
        await (await admin.PostJsonAsync($"/api/v1/orgs/{b.Id}/evaluations", new { year = Year })).ReadAsync<EvaluationDto>(HttpStatusCode.Created);
        (await (await admin.PostJsonAsync($"/api/v1/orgs/{a.Id}/registrations", new { year = Year }))
            .ReadAsync<RegistrationResultDto>()).Registered.Should().Be(8);
        return new Tree(root.Id, a.Id, b.Id, c.Id, a.Name, b.Name, c.Name);
    }

    private static async Task<Dictionary<string, List<Dictionary<string, object?>>>> WorkbookAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be(Workbooks.ContentType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var sheets = new Dictionary<string, List<Dictionary<string, object?>>>();
        foreach (var name in MiniExcel.GetSheetNames(stream))
        {
            stream.Position = 0;
            sheets[name] = MiniExcel.Query(stream, useHeaderRow: true, sheetName: name)
                .Select(r => ((IDictionary<string, object?>)r).ToDictionary(kv => kv.Key, kv => kv.Value)).ToList();
        }

        return sheets;
    }

    private static string? S(object? v) => v switch
    {
        null => null,
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture),
    };

    private static Dictionary<string, object?> Row(List<Dictionary<string, object?>> sheet, string header, string value) =>
        sheet.Single(r => S(r[header]) == value);

    [Fact]
    public async Task TheEvaluationBoard_ListsEveryBranch_DoneOrNot_PagedAndFiltered()
    {
        var admin = await app.AdminAsync();
        var t = await SeedAsync(admin, new TestData(app, admin));
        var url = $"/api/v1/orgs/{t.Root}/evaluations/board?year={Year}";

        var all = await admin.GetOkAsync<EvaluationBoardDto>(url);
        all.Should().BeEquivalentTo(new { Branches = 3L, Closed = 1L, Open = 1L, NotStarted = 1L, Total = 3L, Kind = EvaluationKind.LeagueEducation });
        all.Items.Select(i => i.OrgId).Should().Equal(t.A, t.B, t.C); // by path
        all.Items[0].Should().BeEquivalentTo(new
        {
            Status = BoardStatus.Closed,
            Members = 10L,
            Attended = 9,
            Excellent = 3,
            Qualified = 4,
            BasicallyQualified = 1,
            Unqualified = 2,
        });
        all.Items[0].ClosedAt.Should().NotBeNull();
        all.Items[1].Should().BeEquivalentTo(new { Status = BoardStatus.Open, Members = 3L, Excellent = 0, ClosedAt = (DateTimeOffset?)null });
        all.Items[2].Should().BeEquivalentTo(new { Status = BoardStatus.NotStarted, Members = 2L, EvaluationId = (long?)null });

        (await admin.GetOkAsync<EvaluationBoardDto>(url + "&status=notStarted")).Items.Select(i => i.OrgId).Should().Equal(t.C);
        (await admin.GetOkAsync<EvaluationBoardDto>(url + "&status=open")).Items.Select(i => i.OrgId).Should().Equal(t.B);
        var closed = await admin.GetOkAsync<EvaluationBoardDto>(url + "&status=closed");
        closed.Should().BeEquivalentTo(new { Total = 1L, Branches = 3L });
        closed.Items.Select(i => i.OrgId).Should().Equal(t.A);
        var second = await admin.GetOkAsync<EvaluationBoardDto>(url + "&page=2&pageSize=2");
        second.Should().BeEquivalentTo(new { Total = 3L, Page = 2, PageSize = 2 });
        second.Items.Select(i => i.OrgId).Should().Equal(t.C);

        // A branch's own board is itself; the party kind over a League tree has no branches; last year nothing was held.
        (await admin.GetOkAsync<EvaluationBoardDto>($"/api/v1/orgs/{t.C}/evaluations/board")).Should()
            .BeEquivalentTo(new { Branches = 1L, NotStarted = 1L });
        (await admin.GetOkAsync<EvaluationBoardDto>(url + "&kind=partyDemocratic")).Branches.Should().Be(0);
        (await admin.GetOkAsync<EvaluationBoardDto>($"/api/v1/orgs/{t.Root}/evaluations/board?year={Year - 1}"))
            .Should().BeEquivalentTo(new { Branches = 3L, NotStarted = 3L, Closed = 0L });

        foreach (var bad in new[] { "status=soon", "kind=yearly", "year=1999", $"year={Year + 1}" })
        {
            await (await admin.GetAsync($"/api/v1/orgs/{t.Root}/evaluations/board?{bad}"))
                .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        }
    }

    [Fact]
    public async Task TheExports_ReadBack_WithTheFiguresCreated()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var t = await SeedAsync(admin, data);
        await data.MembersAsync(t.A, 1); // joined after A's evaluation: not evaluated, not registered

        var evaluation = await WorkbookAsync(admin, $"/api/v1/orgs/{t.Root}/evaluations/board.xlsx?year={Year}");
        evaluation.Keys.Should().Equal("汇总", "各支部评议情况");
        var summary = evaluation["汇总"].ToDictionary(r => S(r["项目"])!, r => S(r["数值"]));
        summary.Should().Contain(new Dictionary<string, string?> { ["支部数"] = "3", ["已完成"] = "1", ["未完成"] = "1", ["未开展"] = "1" });
        var branches = evaluation["各支部评议情况"];
        branches.Select(r => S(r["支部"])).Should().Equal(t.AName, t.BName, t.CName);
        var a = Row(branches, "支部", t.AName);
        new[] { "状态", "参评人数", "到会", "优秀", "合格", "基本合格", "不合格" }.Select(h => S(a[h]))
            .Should().Equal("已完成", "10", "9", "3", "4", "1", "2");
        S(a["结束日期"]).Should().NotBeNullOrEmpty();
        S(Row(branches, "支部", t.BName)["状态"]).Should().Be("未完成");
        S(Row(branches, "支部", t.CName)["状态"]).Should().Be("未开展");
        S(Row(branches, "支部", t.CName)["参评人数"]).Should().Be("2");

        var registration = await WorkbookAsync(admin, $"/api/v1/orgs/{t.Root}/registration-stats.xlsx?year={Year}");
        registration.Keys.Should().Equal("汇总", "各支部注册情况", "未注册团员");
        registration["汇总"].Should().ContainSingle();
        new[] { "团员数", "已注册", "注册率" }.Select(h => S(registration["汇总"][0][h])).Should().Equal("16", "8", "0.5");
        var byBranch = registration["各支部注册情况"];
        byBranch.Select(r => (S(r["支部"]), S(r["团员数"]), S(r["已注册"]), S(r["注册率"])))
            .Should().Equal((t.AName, "11", "8", "0.7273"), (t.BName, "3", "0", "0"), (t.CName, "2", "0", "0"));
        var unregistered = registration["未注册团员"];
        unregistered.Should().HaveCount(8);
        unregistered.Where(r => S(r["支部"]) == t.AName).Select(r => S(r["原因"])).Should()
            .BeEquivalentTo([RegistrationExport.Unqualified, RegistrationExport.Unqualified, RegistrationExport.NotEvaluated]);
        unregistered.Where(r => S(r["支部"]) != t.AName).Select(r => S(r["原因"])).Should()
            .HaveCount(5).And.OnlyContain(r => r == RegistrationExport.NoClosedEvaluation);

        // Terms: A ends in two months, B ended five days ago, C has two years left (League branches: three years).
        async Task Elect(long orgId, DateOnly on)
        {
            var member = await MemberOfAsync(orgId);
            await (await admin.PostJsonAsync($"/api/v1/orgs/{orgId}/elections",
                    new { heldOn = on.ToString("yyyy-MM-dd"), termYears = 3, committee = new[] { new { memberId = member, post = "secretary" } } }))
                .ReadAsync<ElectionDto>(HttpStatusCode.Created);
        }

        await Elect(t.A, Today.AddYears(-3).AddMonths(2));
        await Elect(t.B, Today.AddYears(-3).AddDays(-5));
        await Elect(t.C, Today.AddYears(-1));
        var terms = await WorkbookAsync(admin, $"/api/v1/orgs/{t.Root}/terms.xlsx");
        terms.Keys.Should().Equal("各组织任期", "汇总");
        var rows = terms["各组织任期"];
        rows.Should().HaveCount(4); // the committee and its three branches
        var endA = Today.AddYears(-3).AddMonths(2).AddYears(3);
        var ra = Row(rows, "组织", t.AName);
        new[] { "任期（年）", "届满日期", "剩余天数", "超期天数", "状态" }.Select(h => S(ra[h]))
            .Should().Equal("3", endA.ToString("yyyy-MM-dd"), (endA.DayNumber - Today.DayNumber).ToString(CultureInfo.InvariantCulture), null, "6个月内到期");
        var rb = Row(rows, "组织", t.BName);
        new[] { "超期天数", "剩余天数", "状态" }.Select(h => S(rb[h])).Should().Equal("5", null, "已超期");
        S(Row(rows, "组织", t.CName)["状态"]).Should().Be("正常");
        var counts = terms["汇总"].ToDictionary(r => S(r["项目"])!, r => S(r["数值"]));
        counts.Should().Contain(new Dictionary<string, string?> { ["已超期"] = "1", ["6个月内到期"] = "1" });
        counts.Where(kv => kv.Key is "正常" or "未登记").Sum(kv => int.Parse(kv.Value!, CultureInfo.InvariantCulture)).Should().Be(2);

        // Outside the scope the exports are not found.
        var outsider = await app.UserWithRoleAsync("orgAdmin", (await new TestData(app, admin).OrgAsync("league", "committee", null)).Id);
        foreach (var url in new[] { "evaluations/board", "evaluations/board.xlsx", "registration-stats.xlsx", "terms.xlsx" })
        {
            await (await outsider.GetAsync($"/api/v1/orgs/{t.Root}/{url}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        }
    }

    private async Task<long> MemberOfAsync(long orgId)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        return await db.Memberships.Where(m => m.OrgId == orgId).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync();
    }

    [Fact]
    public async Task TheRegistrationRollup_FollowsAMovedBranch_AndEqualsTheTallies()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var t = await SeedAsync(admin, data);
        var other = await data.OrgAsync("league", "committee", null);
        var stats = $"/api/v1/orgs/{t.Root}/registration-stats?year={Year}";
        (await admin.GetOkAsync<RegistrationStatsDto>(stats)).Should().BeEquivalentTo(new { Members = 15L, Registered = 8L });

        await (await admin.PostJsonAsync($"/api/v1/orgs/{t.A}/move", new { newParentId = other.Id })).ReadAsync<System.Text.Json.JsonElement>();
        (await admin.GetOkAsync<RegistrationStatsDto>(stats)).Should().BeEquivalentTo(new { Members = 5L, Registered = 0L, Rate = 0m });
        (await admin.GetOkAsync<RegistrationStatsDto>($"/api/v1/orgs/{other.Id}/registration-stats?year={Year}"))
            .Should().BeEquivalentTo(new { Members = 10L, Registered = 8L, Rate = 0.8m });

        // Registering again (idempotent) and a later member change nothing twice; the rollups equal the tallies by path range.
        await (await admin.PostJsonAsync($"/api/v1/orgs/{t.A}/registrations", new { year = Year })).ReadAsync<RegistrationResultDto>();
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        foreach (var id in new[] { t.Root, other.Id, t.A })
        {
            var path = await db.Organizations.Where(o => o.Id == id).Select(o => o.Path).SingleAsync();
            var tallies = await db.Set<RegistrationTally>().Where(x => x.Year == Year && x.OrgPath.StartsWith(path)).SumAsync(x => (long)x.Registered);
            var rollup = await db.Set<RegistrationRollup>().Where(r => r.OrgId == id && r.Year == Year).Select(r => r.Registered).FirstOrDefaultAsync();
            rollup.Should().Be(tallies, $"organization {id}");
        }
    }
}
