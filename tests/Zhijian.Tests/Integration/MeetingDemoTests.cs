using System.Net;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Meetings;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class MeetingDemoTestsOnSqlite(SqliteApp app) : MeetingDemoTests(app), IClassFixture<SqliteApp>;

public sealed class MeetingDemoTestsOnPostgres(PostgresApp app) : MeetingDemoTests(app), IClassFixture<PostgresApp>;

/// <summary>The demo database opens with a year of organizational life: mostly compliant, a few branches lagging, some 补录.</summary>
public abstract class MeetingDemoTests(AppFixture app)
{
    [Fact]
    public async Task Demo_HasAYearOfMeetings_MostlyCompliant_WithLaggingBranchesAndLateEntries()
    {
        await using var demo = app.InstanceOver(await app.NewDatabaseAsync(), b =>
        {
            b.UseSetting("Demo:Enabled", "true");
            b.UseSetting("Demo:AdminPassword", AppFixture.Password);
        });
        var token = await demo.CreateClient().PostJsonAsync("/api/v1/auth/token", new { userName = "admin", password = AppFixture.Password });
        var access = (await token.ReadAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        var admin = demo.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", access);

        long leagueRoot;
        await using (var scope = demo.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
            leagueRoot = await db.Organizations.Where(o => o.System == OrgSystem.League && o.ParentId == null).Select(o => o.Id).SingleAsync();
            (await db.Set<Meeting>().CountAsync(m => m.State == MeetingState.Recorded)).Should().BeGreaterThan(1000);
            (await db.Set<Meeting>().CountAsync(m => m.State == MeetingState.Planned)).Should().BeGreaterThan(0);
            var sample = await db.Set<Meeting>().Where(m => m.State == MeetingState.Recorded).OrderBy(m => m.Id).Skip(100).FirstAsync();
            var versions = await db.Set<MeetingRecordVersion>().Where(v => v.MeetingId == sample.Id).ToListAsync();
            versions.Should().ContainSingle();
            MeetingChain.Verify(versions).Valid.Should().BeTrue("demo records are sealed like real ones");
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var from = today.AddMonths(-11);
        var report = await admin.GetOkAsync<ComplianceReport>(
            $"/api/v1/orgs/{leagueRoot}/meeting-compliance?from={from.Year}-{from.Month:D2}-01&to={today:yyyy-MM-dd}&pageSize=200");
        report.Late.Should().BeGreaterThan(0, "some records are 补录");
        var committee = report.ByType.Single(t => t.Type == "committee");
        committee.Rate.Should().BeGreaterThan(0.6, "most branches hold their meetings").And.BeLessThan(1.0, "a few branches lag");
        report.Items.Count(i => i.Compliant).Should().BeGreaterThan(0);

        var scan = await admin.PostAsync("/api/v1/alerts/scan", null);
        scan.StatusCode.Should().Be(HttpStatusCode.OK);
        var alerts = await admin.GetOkAsync<PagedList<System.Text.Json.JsonElement>>("/api/v1/alerts?type=meetingMissing&state=open&pageSize=1");
        alerts.Total.Should().BeGreaterThan(0, "the lagging branches are reported")
            .And.BeLessThan(report.Branches * 3, "the dashboard does not open with an alert for every branch and type");
    }
}
