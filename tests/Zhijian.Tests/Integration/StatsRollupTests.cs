using System.Net;
using AwesomeAssertions;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Features.Statistics;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class StatsRollupTestsOnSqlite(SqliteApp app) : StatsRollupTests(app), IClassFixture<SqliteApp>;

public sealed class StatsRollupTestsOnPostgres(PostgresApp app) : StatsRollupTests(app), IClassFixture<PostgresApp>;

/// <summary>Statistics from rollups: cross-tabs as of the rollup, totals live, refresh drops rollups of small subtrees.</summary>
public abstract class StatsRollupTests(AppFixture app)
{
    [Fact]
    public async Task ARollupServesTheCrossTabsAsOfItsTime_TotalsStayLive_AndTheJobDropsItBelowTheThreshold()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id);
        await admin.CreateMemberAsync(branch.Id, People.Young());
        await admin.CreateMemberAsync(branch.Id, People.Young());

        var live = await admin.GetOkAsync<OrgStats>($"/api/v1/orgs/{root.Id}/stats");
        live.Rollup.Should().BeFalse();
        var rolled = await (await admin.PostJsonAsync($"/api/v1/orgs/{root.Id}/stats/rollup", new { })).ReadAsync<System.Text.Json.JsonElement>();
        var asOf = rolled.GetProperty("asOf").GetDateTimeOffset();

        await admin.CreateMemberAsync(branch.Id, People.Young());
        var fromRollup = await admin.GetOkAsync<OrgStats>($"/api/v1/orgs/{root.Id}/stats");
        fromRollup.Rollup.Should().BeTrue();
        fromRollup.AsOf.Should().BeCloseTo(asOf, TimeSpan.FromMilliseconds(1));
        fromRollup.Members.Total.Should().Be(3, "totals come from the live counters");
        fromRollup.Members.ByGender.Values.Sum().Should().Be(2, "the cross-tabs are those of the rollup's time");
        fromRollup.Members.ByGender.Should().BeEquivalentTo(live.Members.ByGender);
        (await admin.GetOkAsync<OrgStats>($"/api/v1/orgs/{branch.Id}/stats")).Rollup.Should().BeFalse("only the rolled-up subtree");

        // The refresh keeps rollups only for subtrees over the threshold (200,000 members by default).
        var refresh = await (await admin.PostJsonAsync("/api/v1/stats/rollups/refresh", new { })).ReadAsync<RollupRefresh>();
        refresh.Removed.Should().BeGreaterThanOrEqualTo(1);
        var after = await admin.GetOkAsync<OrgStats>($"/api/v1/orgs/{root.Id}/stats");
        after.Rollup.Should().BeFalse();
        after.Members.ByGender.Values.Sum().Should().Be(3);
    }

    [Fact]
    public async Task OnlySystemAdministratorsRefreshRollups()
    {
        var admin = await app.AdminAsync();
        var root = await new TestData(app, admin).OrgAsync("party", "committee", null);
        var orgAdmin = await app.UserWithRoleAsync("orgAdmin", root.Id);
        await (await orgAdmin.PostJsonAsync($"/api/v1/orgs/{root.Id}/stats/rollup", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await orgAdmin.PostJsonAsync("/api/v1/stats/rollups/refresh", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task ALeagueSubtree_HasLeagueAgeBands_AndATwelveMonthTrend()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id);
        var a = People.Young();
        await admin.CreateMemberAsync(branch.Id, a);
        var b = await admin.CreateMemberAsync(branch.Id, People.Young());
        var thisMonth = new DateOnly(People.Today.Year, People.Today.Month, 1);
        (await admin.PatchJsonAsync($"/api/v1/members/{b.Id}", new { joinedOn = thisMonth.ToString("yyyy-MM-dd") })).EnsureSuccessStatusCode();

        var stats = await admin.GetOkAsync<OrgStats>($"/api/v1/orgs/{root.Id}/stats");
        stats.Members.ByAgeBand.Keys.Should().BeEquivalentTo(StatisticsService.LeagueAgeBands);
        stats.Members.ByAgeBand[StatisticsService.LeagueAgeBand(Age.On(a.BirthDate, People.Today))].Should().BeGreaterThanOrEqualTo(1);
        var trend = stats.Members.Trend!;
        trend.Should().HaveCount(StatisticsService.TrendMonths);
        trend[^1].Should().Be(new MonthPoint(thisMonth.ToString("yyyy-MM"), 2, 1, 0));
        trend[^2].Total.Should().Be(1, "the member who joined this month was not on the books before");
        trend[0].Month.Should().Be(thisMonth.AddMonths(1 - StatisticsService.TrendMonths).ToString("yyyy-MM"));

        var party = await data.OrgAsync("party", "committee", null);
        (await admin.GetOkAsync<OrgStats>($"/api/v1/orgs/{party.Id}/stats")).Members.ByAgeBand.Keys.Should().Contain(">60");
    }
}
