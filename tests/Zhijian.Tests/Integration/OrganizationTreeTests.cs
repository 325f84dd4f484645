using System.Net;
using System.Text;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class OrganizationTreeTestsOnSqlite(SqliteApp app) : OrganizationTreeTests(app), IClassFixture<SqliteApp>;

public sealed class OrganizationTreeTestsOnPostgres(PostgresApp app) : OrganizationTreeTests(app), IClassFixture<PostgresApp>;

/// <summary>The organization tree through HTTP: build, move, merge, dissolve, and every bad input.</summary>
public abstract class OrganizationTreeTests(AppFixture app)
{
    private async Task<(HttpClient Admin, TestData Data)> SetUpAsync()
    {
        var admin = await app.AdminAsync();
        return (admin, new TestData(app, admin));
    }

    [Fact]
    public async Task Create_BuildsPathsDepthsAndCounts()
    {
        var (admin, data) = await SetUpAsync();
        var root = await data.OrgAsync("league", "committee", null);
        var general = await data.OrgAsync("league", "generalBranch", root.Id);
        var branch = await data.OrgAsync("league", "branch", general.Id);
        var group = await data.OrgAsync("league", "group", branch.Id);

        root.Path.Should().Be($"/{root.Id}/");
        root.Depth.Should().Be(0);
        general.Path.Should().Be($"/{root.Id}/{general.Id}/");
        branch.Path.Should().Be($"{general.Path}{branch.Id}/");
        group.Depth.Should().Be(3);
        group.KindName.Should().Be("团小组");

        var children = await admin.GetOkAsync<List<OrganizationDto>>($"/api/v1/orgs/{root.Id}/children");
        children.Select(c => c.Id).Should().Equal(general.Id);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{root.Id}")).ChildCount.Should().Be(1);

        var stats = await admin.GetOkAsync<Zhijian.Web.Features.Statistics.OrgStats>($"/api/v1/orgs/{root.Id}/stats");
        stats.Organizations.Total.Should().Be(4);
        stats.Organizations.ByKind["branch"].Should().Be(1);
        stats.Organizations.ByKind["group"].Should().Be(1);
    }

    [Fact]
    public async Task Create_SetsLocationHeader()
    {
        var (admin, _) = await SetUpAsync();
        var response = await admin.PostJsonAsync("/api/v1/orgs",
            new { system = "party", kind = "committee", name = "中共测试委员会" + TestData.Unique(), shortName = "测试党委" + TestData.Unique() });
        var org = await response.ReadAsync<OrganizationDto>(HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/v1/orgs/{org.Id}");
    }

    [Theory]
    [InlineData("league", "branch", "group")]
    [InlineData("league", "group", "committee")]
    [InlineData("party", "generalBranch", "generalBranch")]
    [InlineData("party", "committee", "branch")]
    [InlineData("party", "workingCommittee", "generalBranch")]
    public async Task Create_UnderWrongKind_IsInvalidHierarchy(string system, string kind, string parentKind)
    {
        var (admin, data) = await SetUpAsync();
        var root = await data.OrgAsync(system, "committee", null);
        var parent = parentKind switch
        {
            "committee" => root,
            "generalBranch" => await data.OrgAsync(system, "generalBranch", root.Id),
            "branch" => await data.OrgAsync(system, "branch", root.Id),
            _ => await data.OrgAsync(system, "group", (await data.OrgAsync(system, "branch", root.Id)).Id),
        };

        var response = await admin.PostJsonAsync("/api/v1/orgs",
            new { system, kind, parentId = parent.Id, name = "某组织全称", shortName = "某组织" + TestData.Unique() });
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.InvalidHierarchy);
    }

    [Fact]
    public async Task Create_UnderOtherSystem_OrRootThatIsNotCommittee_IsInvalidHierarchy()
    {
        var (admin, data) = await SetUpAsync();
        var party = await data.OrgAsync("party", "committee", null);
        var crossSystem = await admin.PostJsonAsync("/api/v1/orgs",
            new { system = "league", kind = "branch", parentId = party.Id, name = "某团支部", shortName = "某团支部" });
        await crossSystem.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.InvalidHierarchy);

        var branchRoot = await admin.PostJsonAsync("/api/v1/orgs",
            new { system = "league", kind = "branch", name = "孤立团支部", shortName = "孤立团支部" });
        await branchRoot.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.InvalidHierarchy);
    }

    [Fact]
    public async Task Create_DuplicateShortNameAmongSiblings_Is409_ButAllowedElsewhere()
    {
        var (admin, data) = await SetUpAsync();
        var root = await data.OrgAsync("league", "committee", null);
        var other = await data.OrgAsync("league", "committee", root.Id);
        await data.OrgAsync("league", "branch", root.Id, "第一团支部");

        var duplicate = await admin.PostJsonAsync("/api/v1/orgs",
            new { system = "league", kind = "branch", parentId = root.Id, name = "另一个全称", shortName = "第一团支部" });
        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.DuplicateShortName);

        var elsewhere = await admin.PostJsonAsync("/api/v1/orgs",
            new { system = "league", kind = "branch", parentId = other.Id, name = "另一个全称", shortName = "第一团支部" });
        elsewhere.StatusCode.Should().Be(HttpStatusCode.Created);

        var rename = await admin.PatchJsonAsync($"/api/v1/orgs/{(await data.OrgAsync("league", "branch", root.Id)).Id}",
            new { shortName = "第一团支部" });
        await rename.ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.DuplicateShortName);
    }

    [Theory]
    [InlineData("", "简称", "name")]
    [InlineData("   ", "简称", "name")]
    [InlineData("全称", "", "shortName")]
    [InlineData(null, "简称", "name")]
    public async Task Create_MissingNames_IsValidationFailed(string? name, string shortName, string field)
    {
        var (admin, data) = await SetUpAsync();
        var root = await data.OrgAsync("league", "committee", null);
        var response = await admin.PostJsonAsync("/api/v1/orgs",
            new { system = "league", kind = "branch", parentId = root.Id, name, shortName });
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    [Fact]
    public async Task Create_TwoHundredCharacterName_IsValidationFailed_AndNothingWritten()
    {
        var (admin, data) = await SetUpAsync();
        var root = await data.OrgAsync("league", "committee", null);
        var response = await admin.PostJsonAsync("/api/v1/orgs",
            new { system = "league", kind = "branch", parentId = root.Id, name = new string('团', 200), shortName = "长名支部" });
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await admin.GetOkAsync<List<OrganizationDto>>($"/api/v1/orgs/{root.Id}/children")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("{\"system\":\"army\",\"kind\":\"branch\",\"name\":\"x\",\"shortName\":\"x\"}", "system")]
    [InlineData("{\"system\":\"league\",\"kind\":\"platoon\",\"name\":\"x\",\"shortName\":\"x\"}", "kind")]
    [InlineData("{\"system\":\"league\",\"kind\":\"branch\",\"parentId\":\"abc\",\"name\":\"x\",\"shortName\":\"x\"}", "parentId")]
    [InlineData("{\"system\":\"league\",\"kind\":\"branch\",\"name\":\"x\",\"shortName\":\"x\",\"termYears\":\"three\"}", "termYears")]
    [InlineData("{\"system\":\"league\",\"kind\":", null)]
    [InlineData("not json at all", null)]
    public async Task Create_MalformedJsonOrWrongTypes_IsValidationFailed(string body, string? field)
    {
        var (admin, _) = await SetUpAsync();
        var response = await admin.PostAsync("/api/v1/orgs", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        if (field is not null)
        {
            problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
        }
    }

    [Fact]
    public async Task UnknownFields_AreIgnored()
    {
        var (admin, data) = await SetUpAsync();
        var root = await data.OrgAsync("league", "committee", null);
        var response = await admin.PostAsync("/api/v1/orgs", new StringContent(
            $"{{\"system\":\"league\",\"kind\":\"branch\",\"parentId\":{root.Id},\"name\":\"全称\",\"shortName\":\"简称{TestData.Unique()}\",\"colour\":[1,2]}}",
            Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("GET", "/api/v1/orgs/987654321", null)]
    [InlineData("GET", "/api/v1/orgs/987654321/children", null)]
    [InlineData("GET", "/api/v1/orgs/987654321/stats", null)]
    [InlineData("PATCH", "/api/v1/orgs/987654321", "{\"name\":\"x\"}")]
    [InlineData("POST", "/api/v1/orgs/987654321/move", "{\"newParentId\":1}")]
    [InlineData("POST", "/api/v1/orgs/987654321/merge", "{\"intoId\":1}")]
    [InlineData("POST", "/api/v1/orgs/987654321/dissolve", "{\"reason\":\"x\"}")]
    public async Task MissingIds_Are404(string method, string url, string? body)
    {
        var (admin, _) = await SetUpAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await admin.SendAsync(request);
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Move_RewritesEveryDescendantPath_MembershipsAndCounters()
    {
        var (admin, data) = await SetUpAsync();
        var root = await data.OrgAsync("league", "committee", null);
        var a = await data.OrgAsync("league", "committee", root.Id);
        var b = await data.OrgAsync("league", "committee", root.Id);
        var general = await data.OrgAsync("league", "generalBranch", a.Id);
        var branch1 = await data.OrgAsync("league", "branch", general.Id);
        var branch2 = await data.OrgAsync("league", "branch", general.Id);
        var group = await data.OrgAsync("league", "group", branch1.Id);
        await data.MembersAsync(branch1.Id, 3);
        await data.MembersAsync(branch2.Id, 2);
        await data.PositionAsync(general.Id);

        var moved = await (await admin.PostJsonAsync($"/api/v1/orgs/{general.Id}/move", new { newParentId = b.Id }))
            .ReadAsync<OrganizationDto>();

        moved.ParentId.Should().Be(b.Id);
        moved.Path.Should().Be($"{b.Path}{general.Id}/");
        foreach (var (id, expected) in new[]
                 {
                     (branch1.Id, $"{b.Path}{general.Id}/{branch1.Id}/"),
                     (branch2.Id, $"{b.Path}{general.Id}/{branch2.Id}/"),
                     (group.Id, $"{b.Path}{general.Id}/{branch1.Id}/{group.Id}/"),
                 })
        {
            (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{id}")).Path.Should().Be(expected);
        }

        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{a.Id}")).MemberCount.Should().Be(0);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{b.Id}")).MemberCount.Should().Be(5);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{root.Id}")).MemberCount.Should().Be(5);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{a.Id}")).ChildCount.Should().Be(0);

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
            var paths = await db.Memberships.Where(m => m.OrgId == branch1.Id || m.OrgId == branch2.Id)
                .Select(m => m.OrgPath).ToListAsync();
            paths.Should().HaveCount(5).And.OnlyContain(p => p.StartsWith(moved.Path, StringComparison.Ordinal));
            (await db.Positions.Where(p => p.OrgId == general.Id).Select(p => p.OrgPath).SingleAsync()).Should().Be(moved.Path);
        }

        var members = await admin.GetOkAsync<PagedList<MemberDto>>($"/api/v1/members?orgId={b.Id}");
        members.Total.Should().Be(5);
        var (kept, rebuilt) = await data.CountersAsync();
        kept.Should().BeEquivalentTo(rebuilt);
    }

    [Fact]
    public async Task Move_UnderOwnSubtree_OrAcrossSystems_IsInvalidHierarchy()
    {
        var (admin, data) = await SetUpAsync();
        var root = await data.OrgAsync("league", "committee", null);
        var a = await data.OrgAsync("league", "committee", root.Id);
        var child = await data.OrgAsync("league", "committee", a.Id);
        var party = await data.OrgAsync("party", "committee", null);

        await (await admin.PostJsonAsync($"/api/v1/orgs/{a.Id}/move", new { newParentId = child.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.InvalidHierarchy);
        await (await admin.PostJsonAsync($"/api/v1/orgs/{a.Id}/move", new { newParentId = a.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.InvalidHierarchy);
        await (await admin.PostJsonAsync($"/api/v1/orgs/{a.Id}/move", new { newParentId = party.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.InvalidHierarchy);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{child.Id}")).Path.Should().Be(child.Path);
    }

    [Fact]
    public async Task Merge_TwoBranches_LosesNoMembershipChildOrPosition()
    {
        var (admin, data) = await SetUpAsync();
        var root = await data.OrgAsync("party", "committee", null);
        var source = await data.OrgAsync("party", "branch", root.Id);
        var target = await data.OrgAsync("party", "branch", root.Id);
        var sourceGroup = await data.OrgAsync("party", "group", source.Id);
        await data.OrgAsync("party", "group", target.Id);
        var sourceMembers = await data.MembersAsync(source.Id, 4, MemberStage.Full);
        await data.MembersAsync(target.Id, 3, MemberStage.Probationary);
        var position = await data.PositionAsync(source.Id);

        var survivor = await (await admin.PostJsonAsync($"/api/v1/orgs/{source.Id}/merge", new { intoId = target.Id }))
            .ReadAsync<OrganizationDto>();

        survivor.Id.Should().Be(target.Id);
        survivor.MemberCount.Should().Be(7);
        survivor.ChildCount.Should().Be(2);
        var merged = await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{source.Id}");
        merged.Status.Should().Be(OrgStatus.Dissolved);
        merged.MergedIntoId.Should().Be(target.Id);
        var group = await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{sourceGroup.Id}");
        group.ParentId.Should().Be(target.Id);
        group.Path.Should().Be($"{target.Path}{sourceGroup.Id}/");

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
            var moved = await db.Memberships.Where(m => sourceMembers.Contains(m.Id)).ToListAsync();
            moved.Should().HaveCount(4).And.OnlyContain(m => m.OrgId == target.Id && m.OrgPath == target.Path);
            var p = await db.Positions.SingleAsync(x => x.Id == position);
            p.OrgId.Should().Be(target.Id);
        }

        var stats = await admin.GetOkAsync<Zhijian.Web.Features.Statistics.OrgStats>($"/api/v1/orgs/{root.Id}/stats");
        stats.Members.Total.Should().Be(7);
        stats.Members.ByStage["full"].Should().Be(4);
        stats.Members.ByStage["probationary"].Should().Be(3);
        stats.Organizations.ByKind["branch"].Should().Be(1);
        stats.Organizations.ByKind["group"].Should().Be(2);
        stats.Cadres.Total.Should().Be(1);
        var (kept, rebuilt) = await data.CountersAsync();
        kept.Should().BeEquivalentTo(rebuilt);
    }

    [Fact]
    public async Task Merge_DifferentKinds_OrClashingChildNames_IsRefused_AndNothingMoves()
    {
        var (admin, data) = await SetUpAsync();
        var root = await data.OrgAsync("party", "committee", null);
        var general = await data.OrgAsync("party", "generalBranch", root.Id);
        var branch = await data.OrgAsync("party", "branch", root.Id);
        await (await admin.PostJsonAsync($"/api/v1/orgs/{branch.Id}/merge", new { intoId = general.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.InvalidHierarchy);

        var other = await data.OrgAsync("party", "branch", root.Id);
        await data.OrgAsync("party", "group", branch.Id, "第一党小组");
        await data.OrgAsync("party", "group", other.Id, "第一党小组");
        await data.MembersAsync(branch.Id, 2, MemberStage.Full);
        await (await admin.PostJsonAsync($"/api/v1/orgs/{branch.Id}/merge", new { intoId = other.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.DuplicateShortName);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{branch.Id}")).MemberCount.Should().Be(2);
        (await admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{branch.Id}")).Status.Should().Be(OrgStatus.Active);
    }

    [Fact]
    public async Task Dissolve_NonEmpty_Is409_EmptySucceeds_AndStaysAsHistory()
    {
        var (admin, data) = await SetUpAsync();
        var root = await data.OrgAsync("league", "committee", null);
        var withMembers = await data.OrgAsync("league", "branch", root.Id);
        await data.MembersAsync(withMembers.Id, 1);
        var withChild = await data.OrgAsync("league", "generalBranch", root.Id);
        await data.OrgAsync("league", "branch", withChild.Id);
        var empty = await data.OrgAsync("league", "branch", root.Id);
        await data.PositionAsync(empty.Id);

        await (await admin.PostJsonAsync($"/api/v1/orgs/{withMembers.Id}/dissolve", new { reason = "撤并" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.NotEmpty);
        await (await admin.PostJsonAsync($"/api/v1/orgs/{withChild.Id}/dissolve", new { reason = "撤并" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.NotEmpty);
        await (await admin.PostJsonAsync($"/api/v1/orgs/{empty.Id}/dissolve", new { reason = "" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        var dissolved = await (await admin.PostJsonAsync($"/api/v1/orgs/{empty.Id}/dissolve", new { reason = "单位撤销" }))
            .ReadAsync<OrganizationDto>();
        dissolved.Status.Should().Be(OrgStatus.Dissolved);
        var children = await admin.GetOkAsync<List<OrganizationDto>>($"/api/v1/orgs/{root.Id}/children");
        children.Select(c => c.Id).Should().NotContain(empty.Id);
        var withHistory = await admin.GetOkAsync<List<OrganizationDto>>($"/api/v1/orgs/{root.Id}/children?includeDissolved=true");
        withHistory.Select(c => c.Id).Should().Contain(empty.Id);
        await (await admin.PatchJsonAsync($"/api/v1/orgs/{empty.Id}", new { name = "再改" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
        var (kept, rebuilt) = await data.CountersAsync();
        kept.Should().BeEquivalentTo(rebuilt);
    }

    [Fact]
    public async Task Patch_ChangesFields_AndIsAudited()
    {
        var (admin, data) = await SetUpAsync();
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id);
        var patched = await (await admin.PatchJsonAsync($"/api/v1/orgs/{branch.Id}",
            new { name = "共青团某公司第一支部委员会", termStartedOn = "2024-05-04", termYears = 3, unitName = "某公司" }))
            .ReadAsync<OrganizationDto>();
        patched.Name.Should().Be("共青团某公司第一支部委员会");
        patched.TermStartedOn.Should().Be(new DateOnly(2024, 5, 4));
        patched.TermYears.Should().Be(3);

        await (await admin.PatchJsonAsync($"/api/v1/orgs/{branch.Id}", new { parentId = root.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PatchJsonAsync($"/api/v1/orgs/{branch.Id}", new { kind = "group" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.InvalidHierarchy);
        await (await admin.PatchJsonAsync($"/api/v1/orgs/{branch.Id}", new { termYears = 40 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        var audit = await admin.GetOkAsync<PagedList<Zhijian.Web.Features.Audit.AuditEventDto>>(
            $"/api/v1/audit?orgId={branch.Id}&action=orgUpdated");
        audit.Items.Should().ContainSingle().Which.Summary.Should().Contain("共青团某公司第一支部委员会");
    }

    [Fact]
    public async Task Search_ByNameShortNameAndPinyinInitials()
    {
        var (admin, data) = await SetUpAsync();
        var root = await data.OrgAsync("league", "committee", null);
        var marker = TestData.Unique();
        var response = await admin.PostJsonAsync("/api/v1/orgs", new
        {
            system = "league",
            kind = "branch",
            parentId = root.Id,
            name = $"共青团勘查院第二支部委员会{marker}",
            shortName = "勘查院团支部",
        });
        var branch = await response.ReadAsync<OrganizationDto>(HttpStatusCode.Created);

        foreach (var q in new[] { "勘查院", "勘查院团支部", "kcytzb", "KCY", "gqtkcy" })
        {
            var found = await admin.GetOkAsync<PagedList<OrganizationDto>>($"/api/v1/orgs?parentId={root.Id}&q={Uri.EscapeDataString(q)}");
            found.Items.Select(o => o.Id).Should().Contain(branch.Id, $"q={q}");
        }

        var none = await admin.GetOkAsync<PagedList<OrganizationDto>>($"/api/v1/orgs?parentId={root.Id}&q=zzzz");
        none.Items.Should().BeEmpty();
    }
}
