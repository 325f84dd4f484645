using System.Net;
using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Alerts;
using Zhijian.Web.Features.Meetings;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class AlertTestsOnSqlite(SqliteApp app) : AlertTests(app), IClassFixture<SqliteApp>;

public sealed class AlertTestsOnPostgres(PostgresApp app) : AlertTests(app), IClassFixture<PostgresApp>;

/// <summary>The alert centre: every source raises its alerts and they resolve themselves when the condition ends.</summary>
public abstract class AlertTests(AppFixture app)
{
    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd");

    private static DateOnly Today => People.Today;

    private async Task<AlertScanRun> ScanAsync(HttpClient admin, DateTimeOffset? asOf = null) =>
        await (await admin.PostAsync("/api/v1/alerts/scan" + (asOf is { } t ? $"?asOf={Uri.EscapeDataString(t.ToString("O"))}" : ""), null))
            .ReadAsync<AlertScanRun>();

    private static async Task<List<AlertDto>> AlertsAsync(HttpClient client, long orgId, string? state = null) =>
        (await client.GetOkAsync<PagedList<AlertDto>>($"/api/v1/alerts?orgId={orgId}&pageSize=200{(state is null ? "" : "&state=" + state)}")).Items.ToList();

    [Fact]
    public async Task MissingMeetings_AreRaised_AndResolveWhenARecordArrives()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("party", "committee", null);
        var branch = await data.OrgAsync("party", "branch", root.Id);
        (await admin.PatchJsonAsync($"/api/v1/orgs/{branch.Id}", new { establishedOn = "2020-01-01" })).EnsureSuccessStatusCode();
        await data.MembersAsync(branch.Id, 2, Zhijian.Web.Features.Members.MemberStage.Full);

        await ScanAsync(admin);
        var lastMonth = Period.Containing(Frequency.Month, Today).Previous();
        var key = $"meeting:{branch.Id}:committee:{lastMonth.Key}";
        var open = await AlertsAsync(admin, root.Id, "open");
        open.Should().Contain(a => a.SubjectKey == key && a.Type == AlertType.MeetingMissing && a.DueOn == lastMonth.End);
        open.Should().NotContain(a => a.SubjectKey.Contains(":groupMeeting:"), "the branch has no groups");
        var before = open.Count;

        // Idempotent: a second scan changes nothing, and says it saw the alert again.
        var first = open.Single(a => a.SubjectKey == key);
        var later = first.RaisedAt.AddHours(1);
        var again = await ScanAsync(admin, later);
        again.Opened.Should().Be(0);
        again.AsOf.Should().Be(later);
        var reopened = await AlertsAsync(admin, root.Id, "open");
        reopened.Should().HaveCount(before);
        reopened.Single(a => a.SubjectKey == key).Should().Match<AlertDto>(a => a.RaisedAt == first.RaisedAt && a.LastSeenAt == later);

        // A (late) record of that month ends the condition.
        var held = lastMonth.Start.AddDays(5);
        var m = await (await admin.PostJsonAsync("/api/v1/meetings", new { orgId = branch.Id, type = "committee", date = Day(held) }))
            .ReadAsync<MeetingDto>(HttpStatusCode.Created);
        (await admin.PostJsonAsync($"/api/v1/meetings/{m.Id}/record", new { heldOn = Day(held), minutes = "支委会" })).EnsureSuccessStatusCode();
        var run = await ScanAsync(admin);
        run.Resolved.Should().BeGreaterThanOrEqualTo(1);
        var resolved = (await AlertsAsync(admin, root.Id)).Single(a => a.SubjectKey == key);
        resolved.State.Should().Be(AlertState.Resolved);
        resolved.ClosedBy.Should().Be("system");
        (await app.Scope().ServiceProvider.GetRequiredService<AlertScanner>().LastRunAsync())!.Id.Should().Be(run.Id);
    }

    [Fact]
    public async Task Terms_EndingAndOverdue_AreRaised_AndResolveAtTheNextTerm()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var ending = await data.OrgAsync("league", "branch", root.Id);
        var overdue = await data.OrgAsync("league", "branch", root.Id);
        var fine = await data.OrgAsync("league", "branch", root.Id);
        (await admin.PatchJsonAsync($"/api/v1/orgs/{ending.Id}", new { termStartedOn = Day(Today.AddYears(-3).AddMonths(2)), termYears = 3 })).EnsureSuccessStatusCode();
        (await admin.PatchJsonAsync($"/api/v1/orgs/{overdue.Id}", new { termStartedOn = Day(Today.AddYears(-3).AddDays(-1)) })).EnsureSuccessStatusCode();
        (await admin.PatchJsonAsync($"/api/v1/orgs/{fine.Id}", new { termStartedOn = Day(Today.AddYears(-1)), termYears = 3 })).EnsureSuccessStatusCode();

        await ScanAsync(admin);
        var alerts = await AlertsAsync(admin, root.Id, "open");
        alerts.Should().ContainSingle(a => a.OrgId == ending.Id && a.Type == AlertType.TermEnding)
            .Which.DueOn.Should().Be(Today.AddMonths(2));
        alerts.Should().ContainSingle(a => a.OrgId == overdue.Id && a.Type == AlertType.TermOverdue,
            "without its own length the rule for a branch (3 years) applies");
        alerts.Should().NotContain(a => a.OrgId == fine.Id);

        // Dismissed stays dismissed; the others resolve at the next term.
        var dismissed = alerts.Single(a => a.OrgId == ending.Id);
        await (await admin.PostJsonAsync($"/api/v1/alerts/{dismissed.Id}/dismiss", new { reason = " " }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await (await admin.PostJsonAsync($"/api/v1/alerts/{dismissed.Id}/dismiss", new { reason = "已报上级批准延期换届" }))
            .ReadAsync<AlertDto>()).State.Should().Be(AlertState.Dismissed);
        (await admin.PatchJsonAsync($"/api/v1/orgs/{overdue.Id}", new { termStartedOn = Day(Today) })).EnsureSuccessStatusCode();
        await ScanAsync(admin);
        var after = await AlertsAsync(admin, root.Id);
        after.Single(a => a.Id == dismissed.Id).State.Should().Be(AlertState.Dismissed);
        after.Single(a => a.OrgId == overdue.Id).State.Should().Be(AlertState.Resolved);

        var audit = await admin.GetOkAsync<PagedList<Zhijian.Web.Features.Audit.AuditEventDto>>($"/api/v1/audit?orgId={ending.Id}");
        audit.Items.Should().Contain(e => e.Action == Zhijian.Web.Features.Audit.AuditAction.AlertDismissed);
    }

    [Fact]
    public async Task LeagueMembers_Reaching28_AreRaised_AndResolveWhenTheyLeave()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id);
        var birth = Today.AddDays(30).AddYears(-28);
        var soon = await admin.CreateMemberAsync(branch.Id, People.Born(birth, birth));
        var young = await admin.CreateMemberAsync(branch.Id, People.Young());

        await ScanAsync(admin);
        var alerts = await AlertsAsync(admin, branch.Id, "open");
        alerts.Should().ContainSingle(a => a.SubjectKey == $"age:{soon.Id}" && a.Type == AlertType.LeagueAgeLimit)
            .Which.DueOn.Should().Be(Today.AddDays(30));
        alerts.Should().NotContain(a => a.SubjectKey == $"age:{young.Id}");

        (await admin.PostJsonAsync($"/api/v1/members/{soon.Id}/end", new { reason = "agedOut", on = Day(Today) })).EnsureSuccessStatusCode();
        await ScanAsync(admin);
        (await AlertsAsync(admin, branch.Id)).Single(a => a.SubjectKey == $"age:{soon.Id}").State.Should().Be(AlertState.Resolved);
    }

    [Fact]
    public async Task Sources_ArePluggable_AndScopesAreRespected()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("party", "committee", null);
        var branch = await data.OrgAsync("party", "branch", root.Id);
        var (_, otherRoot) = (0, await data.OrgAsync("party", "committee", null));

        // A transfer source (built elsewhere) plugs in as one more IAlertSource.
        var source = new FakeSource(new AlertCondition(AlertType.TransferOverdue, branch.Id, $"transfer:{branch.Id}", "转接超过72小时未办理",
            Today, "请在72小时内办理"));
        await using (var scope = app.Scope())
        {
            var sp = scope.ServiceProvider;
            var scanner = new AlertScanner(sp.GetRequiredService<ZhijianDbContext>(), [source], TimeProvider.System,
                NullLogger<AlertScanner>.Instance);
            (await scanner.RunAsync(null, "test")).Opened.Should().Be(1);
        }

        var alert = (await AlertsAsync(admin, branch.Id)).Single(a => a.Type == AlertType.TransferOverdue);
        alert.State.Should().Be(AlertState.Open);
        alert.TypeName.Should().Be("转接超时");

        var own = await app.UserWithRoleAsync("orgAdmin", root.Id);
        var observer = await app.UserWithRoleAsync("observer", root.Id);
        var outsider = await app.UserWithRoleAsync("orgAdmin", otherRoot.Id);
        (await own.GetOkAsync<PagedList<AlertDto>>("/api/v1/alerts?type=transferOverdue")).Items.Should().Contain(a => a.Id == alert.Id);
        (await own.GetOkAsync<AlertSummary>("/api/v1/alerts/summary")).ByType.Should().ContainKey("transferOverdue");
        (await outsider.GetOkAsync<PagedList<AlertDto>>("/api/v1/alerts?type=transferOverdue")).Items.Should().NotContain(a => a.Id == alert.Id);
        await (await outsider.GetAsync($"/api/v1/alerts?orgId={branch.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await outsider.PostJsonAsync($"/api/v1/alerts/{alert.Id}/resolve", new { })).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await observer.PostJsonAsync($"/api/v1/alerts/{alert.Id}/resolve", new { })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await own.PostAsync("/api/v1/alerts/scan", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        (await (await own.PostJsonAsync($"/api/v1/alerts/{alert.Id}/resolve", new { reason = "已办理" })).ReadAsync<AlertDto>())
            .State.Should().Be(AlertState.Resolved);
        await (await own.PostJsonAsync($"/api/v1/alerts/{alert.Id}/resolve", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        // The condition is still there: the next scan by that source reopens it; once gone, it resolves by itself.
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
            (await new AlertScanner(db, [source], TimeProvider.System, NullLogger<AlertScanner>.Instance).RunAsync()).Opened.Should().Be(1);
            (await new AlertScanner(db, [new FakeSource()], TimeProvider.System, NullLogger<AlertScanner>.Instance).RunAsync())
                .Resolved.Should().BeGreaterThanOrEqualTo(1);
        }

        (await AlertsAsync(admin, branch.Id)).Single(a => a.Id == alert.Id).ClosedBy.Should().Be("system");
    }

    private sealed class FakeSource(params AlertCondition[] conditions) : IAlertSource
    {
        public Task<IReadOnlyList<AlertCondition>> ScanAsync(DateTimeOffset now, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<AlertCondition>>(conditions);
    }
}
