using System.Net;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Development;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class DevelopmentDemoTestsOnSqlite(SqliteApp app) : DevelopmentDemoTests(app), IClassFixture<SqliteApp>;

public sealed class DevelopmentDemoTestsOnPostgres(PostgresApp app) : DevelopmentDemoTests(app), IClassFixture<PostgresApp>;

/// <summary>The demo's pipeline has candidates voted by their branch and awaiting approval, one of them overdue (alerted).</summary>
public abstract class DevelopmentDemoTests(AppFixture app)
{
    [Fact]
    public async Task Demo_HasVotesAwaitingApproval_OneOverdueAndAlerted()
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

        List<DevelopmentRecord> awaiting;
        await using (var scope = demo.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
            awaiting = await db.Set<DevelopmentRecord>().AsNoTracking()
                .Where(r => r.Stage == DevelopmentStage.Candidate && r.AdmittedOn != null).ToListAsync();
        }

        var today = People.Today;
        awaiting.Should().HaveCountGreaterThanOrEqualTo(2);
        awaiting.Should().OnlyContain(r => r.ApprovedOn == null && r.MembershipId == null);
        var overdue = awaiting.Where(r => r.AdmittedOn!.Value.AddMonths(3) < today).ToList();
        overdue.Should().ContainSingle("one vote is past the three months");
        awaiting.Should().Contain(r => r.AdmittedOn!.Value.AddMonths(3) >= today, "others are still within them");

        (await admin.PostAsync("/api/v1/alerts/scan", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var alerts = await admin.GetOkAsync<PagedList<System.Text.Json.JsonElement>>("/api/v1/alerts?type=developmentDue&state=open&pageSize=200");
        alerts.Items.Select(a => a.GetProperty("message").GetString()!).Should().Contain(m => m.Contains(overdue[0].Name, StringComparison.Ordinal)
            && m.Contains("上级党委审批", StringComparison.Ordinal));
    }
}
