using System.Net;
using AwesomeAssertions;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Features.Talks;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class TalkTestsOnSqlite(SqliteApp app) : TalkTests(app), IClassFixture<SqliteApp>;

public sealed class TalkTestsOnPostgres(PostgresApp app) : TalkTests(app), IClassFixture<PostgresApp>;

/// <summary>Talk records (谈心谈话) and the yearly rule's figures.</summary>
public abstract class TalkTests(AppFixture app)
{
    [Fact]
    public async Task Talks_AreRecorded_Listed_AndCountForTheYearlyRule()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("party", "committee", null);
        var a = await data.OrgAsync("party", "branch", root.Id);
        var b = await data.OrgAsync("party", "branch", root.Id);
        var outside = await data.OrgAsync("party", "committee", null);
        var x = await admin.CreateMemberAsync(a.Id, People.Adult(), "party");
        var y = await admin.CreateMemberAsync(a.Id, People.Adult(), "party");
        var z = await admin.CreateMemberAsync(b.Id, People.Adult(), "party");
        var outsideBranch = await data.OrgAsync("party", "branch", outside.Id);
        var stranger = await admin.CreateMemberAsync(outsideBranch.Id, People.Adult(), "party");
        var year = DateTime.UtcNow.Year;
        var on = $"{year}-01-15";

        var talk = await (await admin.PostJsonAsync("/api/v1/talks", new { orgId = a.Id, personIds = new[] { x.Person.Id, y.Person.Id }, on, summary = "谈心" }))
            .ReadAsync<TalkDto>(HttpStatusCode.Created);
        talk.Kind.Should().Be(TalkKind.Heart);
        talk.Persons.Select(p => p.PersonId).Should().BeEquivalentTo([x.Person.Id, y.Person.Id]);
        await (await admin.PostJsonAsync("/api/v1/talks", new { orgId = b.Id, personIds = new[] { z.Person.Id }, on, kind = "followUp", summary = "违章后跟踪" }))
            .ReadAsync<TalkDto>(HttpStatusCode.Created);

        var list = await admin.GetOkAsync<PagedList<TalkDto>>($"/api/v1/talks?orgId={root.Id}&subtree=true&from={on}&to={on}");
        list.Total.Should().Be(2);
        var report = await admin.GetOkAsync<TalkComplianceReport>($"/api/v1/orgs/{root.Id}/talk-compliance?year={year}");
        report.Required.Should().Be(1);
        report.Members.Should().Be(3);
        report.TalkedWith.Should().Be(2, "a follow-up talk is not a 谈心谈话");
        report.Items.Single(i => i.OrgId == a.Id).Compliant.Should().BeTrue();
        report.Items.Single(i => i.OrgId == b.Id).Compliant.Should().BeFalse();

        await (await admin.PostJsonAsync("/api/v1/talks", new { orgId = a.Id, personIds = new[] { stranger.Person.Id }, on, summary = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostJsonAsync("/api/v1/talks", new { orgId = a.Id, personIds = new[] { x.Person.Id }, on, summary = "", kind = "chat" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        var observer = await app.UserWithRoleAsync("observer", root.Id);
        var adminOfB = await app.UserWithRoleAsync("orgAdmin", b.Id);
        await (await observer.PostJsonAsync("/api/v1/talks", new { orgId = a.Id, personIds = new[] { x.Person.Id }, on, summary = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await adminOfB.PostJsonAsync("/api/v1/talks", new { orgId = a.Id, personIds = new[] { x.Person.Id }, on, summary = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        (await adminOfB.GetOkAsync<PagedList<TalkDto>>("/api/v1/talks")).Items.Should().OnlyContain(t => t.OrgId == b.Id);
        await (await adminOfB.GetAsync($"/api/v1/orgs/{a.Id}/talk-compliance")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        (await admin.GetOkAsync<PagedList<TalkDto>>($"/api/v1/talks?orgId={root.Id}&subtree=true")).Total.Should().Be(2);
    }
}
