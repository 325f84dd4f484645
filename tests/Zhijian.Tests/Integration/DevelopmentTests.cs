using System.Net;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Development;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class DevelopmentTestsOnSqlite(SqliteApp app) : DevelopmentTests(app), IClassFixture<SqliteApp>;

public sealed class DevelopmentTestsOnPostgres(PostgresApp app) : DevelopmentTests(app), IClassFixture<PostgresApp>;

/// <summary>发展党员 / 发展团员 / 推优入党 through HTTP: every interval enforced, admissions written to the library.</summary>
public abstract class DevelopmentTests(AppFixture app)
{
    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd");

    private static DateOnly Today => People.Today;

    private static object PersonOf(Zhijian.Web.Data.Demo.DemoPerson p) => new
    {
        name = p.Name,
        gender = p.GenderCode,
        ethnicity = p.EthnicityCode,
        birthDate = Day(p.BirthDate),
        idNumber = p.IdNumber,
        phone = p.Phone,
        education = p.EducationCode,
        politicalStatus = "13",
        workUnit = "某某公司",
    };

    private async Task<(HttpClient Admin, TestData Data, OrganizationDto Root, OrganizationDto Branch)> TreeAsync(string system)
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync(system, "committee", null);
        var branch = await data.OrgAsync(system, "branch", root.Id);
        return (admin, data, root, branch);
    }

    private static async Task<DevelopmentRecordDto> ApplyAsync(HttpClient client, long orgId, DateOnly on, object person, string system) =>
        await (await client.PostJsonAsync("/api/v1/development", new { system, orgId, appliedOn = Day(on), person }))
            .ReadAsync<DevelopmentRecordDto>(HttpStatusCode.Created);

    private static Task<HttpResponseMessage> AdvanceAsync(HttpClient client, long id, object body) =>
        client.PostJsonAsync($"/api/v1/development/{id}/advance", body);

    private static async Task<string> RefusedAsync(HttpResponseMessage response, string field)
    {
        var doc = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var message = doc.GetProperty("errors").GetProperty(field)[0].GetString()!;
        message.Should().Contain("规则");
        return message;
    }

    [Fact]
    public async Task PartyPath_ApplicantToFull_EveryShortcutRefused_AndTheLibraryFollows()
    {
        var (admin, data, root, branch) = await TreeAsync("party");
        var other = await data.OrgAsync("party", "branch", root.Id);
        var full = await data.MembersAsync(branch.Id, 2, MemberStage.Full);
        var probationary = await data.MembersAsync(branch.Id, 1, MemberStage.Probationary);
        var elsewhere = await data.MembersAsync(other.Id, 1, MemberStage.Full);
        var applied = Today.AddYears(-3);
        var r = await ApplyAsync(admin, branch.Id, applied, PersonOf(People.Adult()), "party");
        r.Stage.Should().Be(DevelopmentStage.Applicant);
        r.Steps.Should().ContainSingle();

        // Skipping a stage, a date before the application, a date in the future.
        await RefusedAsync(await AdvanceAsync(admin, r.Id, new { to = "candidate", on = Day(applied.AddMonths(14)), contactIds = full }), "to");
        (await RefusedAsync(await AdvanceAsync(admin, r.Id, new { to = "activist", on = Day(applied.AddDays(-1)) }), "on"))
            .Should().Contain(Day(applied));
        await RefusedAsync(await AdvanceAsync(admin, r.Id, new { to = "activist", on = Day(Today.AddDays(1)) }), "on");
        var activistOn = applied.AddMonths(1);
        (await (await AdvanceAsync(admin, r.Id, new { to = "activist", on = Day(activistOn), talkOn = Day(applied.AddDays(10)) }))
            .ReadAsync<DevelopmentRecordDto>()).Stage.Should().Be(DevelopmentStage.Activist);

        // Candidate: a year as activist; two full members of the branch as contacts.
        (await RefusedAsync(await AdvanceAsync(admin, r.Id, new { to = "candidate", on = Day(activistOn.AddYears(1).AddDays(-1)), contactIds = full }), "on"))
            .Should().Contain(Day(activistOn)).And.Contain(Day(activistOn.AddYears(1)));
        var candidateOn = activistOn.AddYears(1);
        await RefusedAsync(await AdvanceAsync(admin, r.Id, new { to = "candidate", on = Day(candidateOn), contactIds = new[] { full[0], probationary[0] } }), "contactIds");
        await RefusedAsync(await AdvanceAsync(admin, r.Id, new { to = "candidate", on = Day(candidateOn), contactIds = new[] { full[0], elsewhere[0] } }), "contactIds");
        var candidate = await (await AdvanceAsync(admin, r.Id, new { to = "candidate", on = Day(candidateOn), contactIds = full }))
            .ReadAsync<DevelopmentRecordDto>();
        candidate.Contacts.Should().HaveCount(2);

        // Probationary: 24 course hours; approval at most 6 months after the vote.
        var vote = candidateOn.AddMonths(3);
        await RefusedAsync(await AdvanceAsync(admin, r.Id, new { to = "probationary", on = Day(vote.AddMonths(1)), voteOn = Day(vote), approvedOn = Day(vote.AddMonths(1)), courseHours = 20 }), "courseHours");
        await RefusedAsync(await AdvanceAsync(admin, r.Id, new { to = "probationary", on = Day(vote.AddMonths(7)), voteOn = Day(vote), approvedOn = Day(vote.AddMonths(7)), courseHours = 24 }), "approvedOn");
        var admitted = await (await AdvanceAsync(admin, r.Id, new { to = "probationary", on = Day(vote.AddMonths(1)), voteOn = Day(vote), approvedOn = Day(vote.AddMonths(1)), courseHours = 24 }))
            .ReadAsync<DevelopmentRecordDto>();
        admitted.AdmittedOn.Should().Be(vote);
        admitted.DevelopmentNumber.Should().StartWith(vote.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.HaveLength(12);
        var member = await admin.GetOkAsync<MemberDto>($"/api/v1/members/{admitted.MembershipId}");
        member.Should().BeEquivalentTo(new { Stage = MemberStage.Probationary, JoinedOn = (DateOnly?)vote, admitted.DevelopmentNumber, OrgId = branch.Id });

        // Full: after the probation year, through the same rule as the member form's 转正.
        await RefusedAsync(await AdvanceAsync(admin, r.Id, new { to = "full", on = Day(vote.AddYears(1).AddDays(-1)) }), "on");
        var done = await (await AdvanceAsync(admin, r.Id, new { to = "full", on = Day(vote.AddYears(1)) })).ReadAsync<DevelopmentRecordDto>();
        done.Stage.Should().Be(DevelopmentStage.Full);
        done.Steps.Select(s => s.Stage).Should().Equal(DevelopmentStage.Applicant, DevelopmentStage.Activist, DevelopmentStage.Candidate,
            DevelopmentStage.Probationary, DevelopmentStage.Full);
        (await admin.GetOkAsync<MemberDto>($"/api/v1/members/{admitted.MembershipId}"))
            .Should().BeEquivalentTo(new { Stage = MemberStage.Full, FullOn = (DateOnly?)vote.AddYears(1) });
        await (await AdvanceAsync(admin, r.Id, new { to = "full", on = Day(Today) })).ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        var stats = await admin.GetOkAsync<DevelopmentStatsDto>($"/api/v1/orgs/{root.Id}/development-stats?year={vote.Year}");
        stats.Admitted.Should().Be(1);
        stats.ByStage.Values.Sum().Should().Be(0);
    }

    [Fact]
    public async Task Vote_ThenApproval_AwaitingIsDueAndAlerted_ApprovalPastSixMonthsRefused_AdmittedOnTheVote()
    {
        var (admin, data, _, branch) = await TreeAsync("party");
        var full = await data.MembersAsync(branch.Id, 2, MemberStage.Full);
        var applied = Today.AddYears(-3);
        var r = await ApplyAsync(admin, branch.Id, applied, PersonOf(People.Adult()), "party");
        var activistOn = applied.AddMonths(1);
        await (await AdvanceAsync(admin, r.Id, new { to = "activist", on = Day(activistOn), talkOn = Day(applied.AddDays(5)) })).ReadAsync<DevelopmentRecordDto>();
        var candidateOn = activistOn.AddYears(1);
        await (await AdvanceAsync(admin, r.Id, new { to = "candidate", on = Day(candidateOn), contactIds = full })).ReadAsync<DevelopmentRecordDto>();

        // The vote: refused under 24 hours or before the candidacy; then recorded, the record still a candidate.
        var vote = Today.AddMonths(-8);
        await RefusedAsync(await admin.PostJsonAsync($"/api/v1/development/{r.Id}/vote", new { on = Day(vote), courseHours = 20 }), "courseHours");
        await RefusedAsync(await admin.PostJsonAsync($"/api/v1/development/{r.Id}/vote", new { on = Day(candidateOn.AddDays(-1)), courseHours = 24 }), "voteOn");
        var voted = await (await admin.PostJsonAsync($"/api/v1/development/{r.Id}/vote", new { on = Day(vote), courseHours = 24 }))
            .ReadAsync<DevelopmentRecordDto>();
        voted.Should().BeEquivalentTo(new
        {
            Stage = DevelopmentStage.Candidate,
            AwaitingApproval = true,
            AdmittedOn = (DateOnly?)vote,
            MembershipId = (long?)null,
            ApprovedOn = (DateOnly?)null,
            NextStep = "上级党委审批",
            NextStepDueOn = (DateOnly?)vote.AddMonths(3),
        });
        await (await admin.PostJsonAsync($"/api/v1/development/{r.Id}/vote", new { on = Day(vote), courseHours = 24 }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        // Past 3 months without approval: due in the list and a developmentDue alert.
        var due = await admin.GetOkAsync<PagedList<DevelopmentRecordDto>>($"/api/v1/development?orgId={branch.Id}&due=true");
        due.Items.Select(x => x.Id).Should().Contain(r.Id);
        await using (var scope = app.Scope())
        {
            var source = scope.ServiceProvider.GetServices<IAlertSource>().OfType<DevelopmentAlertSource>().Single();
            var alerts = await source.ScanAsync(scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(), CancellationToken.None);
            alerts.Should().ContainSingle(a => a.SubjectKey == $"development:{r.Id}:{DevelopmentStage.Candidate}")
                .Which.Message.Should().Contain(Day(vote.AddMonths(3)));
        }

        // Approval past the 6-month cap: 400 naming the rule and the dates, nothing written.
        var late = vote.AddMonths(7);
        var message = await RefusedAsync(await AdvanceAsync(admin, r.Id, new { to = "probationary", on = Day(late) }), "approvedOn");
        message.Should().Contain("development.approvalMaxMonths").And.Contain(Day(vote)).And.Contain(Day(vote.AddMonths(6))).And.Contain(Day(late));
        (await admin.GetOkAsync<DevelopmentRecordDto>($"/api/v1/development/{r.Id}")).Should()
            .BeEquivalentTo(new { Stage = DevelopmentStage.Candidate, AwaitingApproval = true, MembershipId = (long?)null });

        // Approval within it (past 3 months: allowed): admitted on the vote day.
        var approved = vote.AddMonths(5);
        var admitted = await (await AdvanceAsync(admin, r.Id, new { to = "probationary", on = Day(approved) })).ReadAsync<DevelopmentRecordDto>();
        admitted.Should().BeEquivalentTo(new
        {
            Stage = DevelopmentStage.Probationary,
            AwaitingApproval = false,
            AdmittedOn = (DateOnly?)vote,
            ApprovedOn = (DateOnly?)approved,
        });
        (await admin.GetOkAsync<MemberDto>($"/api/v1/members/{admitted.MembershipId}"))
            .Should().BeEquivalentTo(new { Stage = MemberStage.Probationary, JoinedOn = (DateOnly?)vote, OrgId = branch.Id });
    }

    [Fact]
    public async Task Workbook_ListsTheSubtreesRecords_AndTheStatisticsWorkbookHasTheDevelopmentSheet()
    {
        var (admin, data, root, branch) = await TreeAsync("party");
        var full = await data.MembersAsync(branch.Id, 2, MemberStage.Full);
        var applied = Today.AddYears(-2);
        var person = People.Adult();
        var r = await ApplyAsync(admin, branch.Id, applied, PersonOf(person), "party");
        await (await AdvanceAsync(admin, r.Id, new { to = "activist", on = Day(applied.AddMonths(1)) })).ReadAsync<DevelopmentRecordDto>();
        await (await AdvanceAsync(admin, r.Id, new { to = "candidate", on = Day(applied.AddMonths(13)), contactIds = full }))
            .ReadAsync<DevelopmentRecordDto>();
        var vote = Today.AddMonths(-4);
        await (await admin.PostJsonAsync($"/api/v1/development/{r.Id}/vote", new { on = Day(vote), courseHours = 24 })).ReadAsync<DevelopmentRecordDto>();
        var other = await ApplyAsync(admin, branch.Id, Today.AddDays(-3), PersonOf(People.Adult()), "party");
        var closed = await (await admin.PostJsonAsync($"/api/v1/development/{other.Id}/close", new { reason = "本人撤回申请", on = Day(Today) }))
            .ReadAsync<DevelopmentRecordDto>();
        closed.Stage.Should().Be(DevelopmentStage.Closed);

        var response = await admin.GetAsync($"/api/v1/orgs/{root.Id}/development.xlsx");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        rows.Should().HaveCount(2);
        var row = rows.Single(x => (string?)x["姓名"] == person.Name);
        row["所在支部"].Should().Be(branch.ShortName);
        row["阶段"].Should().Be("发展对象（已表决，待审批）");
        row["申请日期"].Should().Be(Day(applied));
        row["列为发展对象日期"].Should().Be(Day(applied.AddMonths(13)));
        row["支部大会表决日期"].Should().Be(Day(vote));
        row["下一步"].Should().Be("上级党委审批");
        row["下一步期限"].Should().Be(Day(vote.AddMonths(3)));
        Convert.ToInt32(row["本阶段天数"], System.Globalization.CultureInfo.InvariantCulture).Should().Be(Today.DayNumber - vote.DayNumber);
        ((string?)row["培养联系人"]).Should().Contain("、");
        rows.Single(x => (string?)x["姓名"] != person.Name)["终止原因"].Should().Be("本人撤回申请");

        var stats = await admin.GetAsync($"/api/v1/orgs/{root.Id}/stats.xlsx");
        using var statsStream = new MemoryStream(await stats.Content.ReadAsByteArrayAsync());
        MiniExcelLibs.MiniExcel.GetSheetNames(statsStream).Should().Contain("发展");
        var sheet = MiniExcelLibs.MiniExcel.Query(statsStream, useHeaderRow: true, sheetName: "发展").Cast<IDictionary<string, object?>>().ToList();
        Convert.ToInt64(sheet.Single(x => (string?)x["项目"] == "发展对象")["人数"], System.Globalization.CultureInfo.InvariantCulture).Should().Be(1);
        Convert.ToInt64(sheet.Single(x => (string?)x["项目"] == "终止发展程序")["人数"], System.Globalization.CultureInfo.InvariantCulture).Should().Be(1);
    }

    [Fact]
    public async Task LeaguePath_ThreeMonths_EightHours_ThenAMemberWithAUniqueNumber()
    {
        var (admin, _, root, branch) = await TreeAsync("league");
        var young = People.Born(Today.AddYears(-17), Today.AddYears(-16));
        var applied = Today.AddMonths(-8);
        await (await admin.PostJsonAsync("/api/v1/development", new
        {
            system = "league",
            orgId = branch.Id,
            appliedOn = Day(applied),
            person = PersonOf(People.Born(Today.AddYears(-40), Today.AddYears(-35))),
        })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var r = await ApplyAsync(admin, branch.Id, applied, PersonOf(young), "league");
        var activistOn = applied.AddMonths(1);
        await (await AdvanceAsync(admin, r.Id, new { to = "activist", on = Day(activistOn) })).ReadAsync<DevelopmentRecordDto>();

        var stats = await admin.GetOkAsync<DevelopmentStatsDto>($"/api/v1/orgs/{root.Id}/development-stats");
        stats.ByStage.Should().BeEquivalentTo(new Dictionary<string, long> { ["applicant"] = 0, ["activist"] = 1 });

        await RefusedAsync(await AdvanceAsync(admin, r.Id, new { to = "member", on = Day(activistOn.AddMonths(3).AddDays(-1)), courseHours = 8 }), "on");
        await RefusedAsync(await AdvanceAsync(admin, r.Id, new { to = "member", on = Day(activistOn.AddMonths(3)), courseHours = 7 }), "courseHours");
        var check = await (await admin.PostJsonAsync($"/api/v1/development/{r.Id}/check", new { to = "member", on = Day(activistOn), courseHours = 8 }))
            .ReadAsync<StepCheckDto>();
        check.Should().BeEquivalentTo(new { Allowed = false, EarliestOn = activistOn.AddMonths(3) });
        var member = await (await AdvanceAsync(admin, r.Id, new { to = "member", on = Day(activistOn.AddMonths(3)), courseHours = 8 }))
            .ReadAsync<DevelopmentRecordDto>();
        member.Stage.Should().Be(DevelopmentStage.Member);
        var library = await admin.GetOkAsync<MemberDto>($"/api/v1/members/{member.MembershipId}");
        library.Should().BeEquivalentTo(new { Stage = MemberStage.Member, System = OrgSystem.League, member.DevelopmentNumber });

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        var numbers = await db.Set<DevelopmentRecord>().Where(x => x.System == OrgSystem.League && x.DevelopmentNumber != null)
            .Select(x => x.DevelopmentNumber).ToListAsync();
        numbers.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Recommendation_AdultsBecomePartyApplicants_MinorsFail_OtherSubtreesAreRefused()
    {
        var (admin, data, leagueRoot, leagueBranch) = await TreeAsync("league");
        var (_, _, partyRoot, partyBranch) = await TreeAsync("party");
        var adult = (await data.MembersAsync(leagueBranch.Id, 1))[0];
        var minor = await admin.CreateMemberAsync(leagueBranch.Id, People.Born(Today.AddYears(-17).AddDays(1), Today.AddYears(-16)));
        var result = await (await admin.PostJsonAsync("/api/v1/development/recommendations",
            new { memberIds = new[] { adult, minor.Id }, toOrgId = partyBranch.Id, on = Day(Today) })).ReadAsync<RecommendResult>(HttpStatusCode.Created);
        result.Created.Should().ContainSingle();
        result.Failed.Should().ContainSingle().Which.Should().BeEquivalentTo(new { MemberId = minor.Id, Code = ErrorCodes.ValidationFailed });
        var record = await admin.GetOkAsync<DevelopmentRecordDto>($"/api/v1/development/{result.Created[0]}");
        record.Should().BeEquivalentTo(new { System = OrgSystem.Party, Stage = DevelopmentStage.Applicant, RecommendationId = (long?)adult, OrgId = partyBranch.Id });
        (await admin.GetOkAsync<DevelopmentStatsDto>($"/api/v1/orgs/{partyRoot.Id}/development-stats")).Recommended.Should().Be(1);

        // An administrator of another League subtree cannot recommend this branch's members: 404, nothing written.
        var (_, _, otherLeague, _) = await TreeAsync("league");
        var outsider = await app.UserWithRoleAsync("orgAdmin", otherLeague.Id);
        var adult2 = (await data.MembersAsync(leagueBranch.Id, 1))[0];
        await (await outsider.PostJsonAsync("/api/v1/development/recommendations",
            new { memberIds = new[] { adult2 }, toOrgId = partyBranch.Id, on = Day(Today) })).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        (await admin.GetOkAsync<PagedList<DevelopmentRecordDto>>($"/api/v1/development?orgId={partyRoot.Id}&subtree=true")).Total.Should().Be(1);
        _ = leagueRoot;
    }

    [Fact]
    public async Task Scopes_Close_AndRecordsFollowAMove()
    {
        var (admin, data, root, branch) = await TreeAsync("party");
        var r = await ApplyAsync(admin, branch.Id, Today.AddMonths(-2), PersonOf(People.Adult()), "party");
        var (_, _, otherRoot, _) = await TreeAsync("party");
        var outsider = await app.UserWithRoleAsync("orgAdmin", otherRoot.Id);
        await (await outsider.GetAsync($"/api/v1/development/{r.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await AdvanceAsync(outsider, r.Id, new { to = "activist", on = Day(Today) })).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        (await outsider.GetOkAsync<PagedList<DevelopmentRecordDto>>("/api/v1/development")).Items.Should().NotContain(x => x.Id == r.Id);
        var observer = await app.UserWithRoleAsync("observer", root.Id);
        (await observer.GetOkAsync<DevelopmentRecordDto>($"/api/v1/development/{r.Id}")).Id.Should().Be(r.Id);
        await (await AdvanceAsync(observer, r.Id, new { to = "activist", on = Day(Today) })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        // Overdue talk: due=true lists it.
        (await admin.GetOkAsync<PagedList<DevelopmentRecordDto>>($"/api/v1/development?orgId={root.Id}&subtree=true&due=true"))
            .Items.Should().ContainSingle(x => x.Id == r.Id).Which.NextStep.Should().Be("谈话");

        // The branch moves under another committee: the record follows.
        var newParent = await data.OrgAsync("party", "committee", null);
        (await admin.PostJsonAsync($"/api/v1/orgs/{branch.Id}/move", new { newParentId = newParent.Id })).EnsureSuccessStatusCode();
        (await admin.GetOkAsync<PagedList<DevelopmentRecordDto>>($"/api/v1/development?orgId={newParent.Id}&subtree=true")).Items.Should().ContainSingle(x => x.Id == r.Id);
        (await admin.GetOkAsync<DevelopmentStatsDto>($"/api/v1/orgs/{newParent.Id}/development-stats")).ByStage["applicant"].Should().Be(1);
        (await admin.GetOkAsync<DevelopmentStatsDto>($"/api/v1/orgs/{root.Id}/development-stats")).ByStage["applicant"].Should().Be(0);

        await (await admin.PostJsonAsync($"/api/v1/development/{r.Id}/close", new { reason = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var closed = await (await admin.PostJsonAsync($"/api/v1/development/{r.Id}/close", new { reason = "本人撤回申请", on = Day(Today) })).ReadAsync<DevelopmentRecordDto>();
        closed.Stage.Should().Be(DevelopmentStage.Closed);
        await (await AdvanceAsync(admin, r.Id, new { to = "activist", on = Day(Today) })).ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
        var stats = await admin.GetOkAsync<DevelopmentStatsDto>($"/api/v1/orgs/{newParent.Id}/development-stats");
        stats.Closed.Should().Be(1);
        stats.ByStage["applicant"].Should().Be(0);
    }

    [Fact]
    public async Task Applicant_UnderAge_OrBadIdNumber_OrAnotherBranchKind_IsRefused_NothingWritten()
    {
        var (admin, _, root, branch) = await TreeAsync("party");
        var minor = People.Born(Today.AddYears(-17), Today.AddYears(-16));
        (await RefusedAsync(await admin.PostJsonAsync("/api/v1/development",
            new { system = "party", orgId = branch.Id, appliedOn = Day(Today), person = PersonOf(minor) }), "appliedOn")).Should().Contain("18");
        var p = People.Adult();
        var bad = new { name = p.Name, gender = p.GenderCode, ethnicity = p.EthnicityCode, birthDate = Day(p.BirthDate), idNumber = p.IdNumber[..17] + (p.IdNumber[17] == '1' ? "2" : "1"), education = p.EducationCode };
        await (await admin.PostJsonAsync("/api/v1/development", new { system = "party", orgId = branch.Id, appliedOn = Day(Today), person = bad }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostJsonAsync("/api/v1/development", new { system = "party", orgId = root.Id, appliedOn = Day(Today), person = PersonOf(p) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostJsonAsync("/api/v1/development", new { system = "party", orgId = branch.Id, appliedOn = Day(Today.AddDays(1)), person = PersonOf(p) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await admin.GetOkAsync<PagedList<DevelopmentRecordDto>>($"/api/v1/development?orgId={root.Id}&subtree=true")).Total.Should().Be(0);
    }
}
