using System.Net;
using AwesomeAssertions;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Rules;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class RuleTestsOnSqlite(SqliteApp app) : RuleTests(app), IClassFixture<SqliteApp>;

public sealed class RuleTestsOnPostgres(PostgresApp app) : RuleTests(app), IClassFixture<PostgresApp>;

/// <summary>The rule table through HTTP: defaults listed, local rows added by a system administrator and used by validation.</summary>
public abstract class RuleTests(AppFixture app)
{
    [Fact]
    public async Task ALocalRuleChangesTheLeagueAgeLimitFromItsDate_Audited()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id);
        var inForce = await admin.GetOkAsync<List<RuleRow>>("/api/v1/rules?system=league&on=2025-01-01");
        inForce.Should().ContainSingle(r => r.Key == "member.maxAge").Which.Value.Should().Be("28");

        // Joined at 29 on 2025-03-01: refused by the national default.
        var person = People.Born(new DateOnly(1995, 6, 1), new DateOnly(1995, 6, 1));
        var body = new
        {
            system = "league",
            orgId = branch.Id,
            stage = "member",
            joinedOn = "2025-03-01",
            person = new { name = person.Name, idNumber = person.IdNumber, gender = person.GenderCode, ethnicity = "01", politicalStatus = "03" },
        };
        var refused = await (await admin.PostJsonAsync("/api/v1/members", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        refused.GetProperty("errors").GetProperty("joinedOn")[0].GetString().Should().Contain("14 至 28");

        var added = await (await admin.PostJsonAsync("/api/v1/rules",
                new { system = "league", key = "member.maxAge", effectiveFrom = "2025-01-01", value = "30", source = "本单位试点决定" }))
            .ReadAsync<RuleRow>(HttpStatusCode.Created);
        added.Local.Should().BeTrue();

        await (await admin.PostJsonAsync("/api/v1/members", body)).ReadAsync<Zhijian.Web.Features.Members.MemberDto>(HttpStatusCode.Created);
        var before = await admin.GetOkAsync<List<RuleRow>>("/api/v1/rules?system=league&on=2024-12-31");
        before.Single(r => r.Key == "member.maxAge").Value.Should().Be("28", "the local row counts from its date on");

        var audit = await admin.GetOkAsync<PagedList<AuditEventDto>>("/api/v1/audit?action=ruleAdded&pageSize=200");
        audit.Items.Should().Contain(e => e.Summary.Contains("member.maxAge"));
    }

    [Fact]
    public async Task BadRulesAreRefusedWithCodes_AndOnlySystemAdminsAddThem()
    {
        var admin = await app.AdminAsync();
        await (await admin.PostJsonAsync("/api/v1/rules", new { system = "party", key = "no.such", effectiveFrom = "2025-01-01", value = "1", source = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostJsonAsync("/api/v1/rules", new { system = "party", key = "transfer.responseHours", effectiveFrom = "2025-01-01", value = "三天", source = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostJsonAsync("/api/v1/rules", new { system = "party", key = "transfer.responseHours", value = "48" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.GetAsync("/api/v1/rules?system=nation")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        var ok = new { system = "party", key = "transfer.responseHours", effectiveFrom = "2026-01-01", value = "48", source = "本单位规定" };
        (await admin.PostJsonAsync("/api/v1/rules", ok)).StatusCode.Should().Be(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/api/v1/rules", ok)).ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        var root = await new TestData(app, admin).OrgAsync("party", "committee", null);
        var orgAdmin = await app.UserWithRoleAsync("orgAdmin", root.Id);
        await (await orgAdmin.PostJsonAsync("/api/v1/rules", ok with { effectiveFrom = "2026-02-01" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        (await orgAdmin.GetOkAsync<List<RuleRow>>("/api/v1/rules")).Should().Contain(r => r.Key == "transfer.responseHours" && r.Local);
    }
}
