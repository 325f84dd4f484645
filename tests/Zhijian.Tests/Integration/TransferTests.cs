using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Transfers;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class TransferTestsOnSqlite(SqliteApp app) : TransferTests(app), IClassFixture<SqliteApp>;

public sealed class TransferTestsOnPostgres(PostgresApp app) : TransferTests(app), IClassFixture<PostgresApp>;

/// <summary>Organizational relationship transfers (组织关系转接) through HTTP.</summary>
public abstract class TransferTests(AppFixture app)
{
    private sealed record Tree(HttpClient Admin, TestData Data, OrganizationDto A, OrganizationDto A1, OrganizationDto B,
        OrganizationDto B1, HttpClient AdminA, HttpClient AdminB);

    /// <summary>Two League committees (团委), each with a branch, and an administrator of each.</summary>
    private async Task<Tree> TreeAsync()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var a = await data.OrgAsync("league", "committee", null);
        var a1 = await data.OrgAsync("league", "branch", a.Id);
        var b = await data.OrgAsync("league", "committee", null);
        var b1 = await data.OrgAsync("league", "branch", b.Id);
        return new Tree(admin, data, a, a1, b, b1, await app.UserWithRoleAsync("orgAdmin", a.Id), await app.UserWithRoleAsync("orgAdmin", b.Id));
    }

    /// <summary>The kept subtree counters of these organizations equal a rebuild from the rows.</summary>
    private static async Task CountersAgreeAsync(Tree t, params long[] orgIds)
    {
        var (kept, rebuilt) = await t.Data.CountersAsync();
        foreach (var id in orgIds)
        {
            kept[id].Should().BeEquivalentTo(rebuilt[id]);
        }
    }

    private static async Task<TransferDto> ApplyAsync(HttpClient client, long memberId, long toOrgId, string reason = "graduation") =>
        await (await client.PostJsonAsync("/api/v1/transfers", new { memberId, toOrgId, reason })).ReadAsync<TransferDto>(HttpStatusCode.Created);

    [Fact]
    public async Task Complete_BetweenTwoCommittees_MovesTheMemberWithCountsAndHistory()
    {
        var t = await TreeAsync();
        var member = await t.Admin.CreateMemberAsync(t.A1.Id, People.Young());
        await t.Admin.CreateMemberAsync(t.A1.Id, People.Young());

        var transfer = await ApplyAsync(t.AdminA, member.Id, t.B.Id);
        transfer.State.Should().Be(TransferState.PendingOut);
        transfer.FromOrgId.Should().Be(t.A1.Id);
        transfer.DueAt.Should().Be(transfer.CreatedAt.AddHours(72));
        transfer.AwaitingOrgId.Should().Be(t.A1.Id);

        // Decisions by the wrong side, or out of turn.
        await (await t.AdminB.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/approve", new { note = "" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await t.AdminA.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/accept", new { branchId = t.A1.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        var approved = await (await t.AdminA.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/approve", new { note = "同意" })).ReadAsync<TransferDto>();
        approved.State.Should().Be(TransferState.PendingIn);
        approved.AwaitingOrgId.Should().Be(t.B.Id);
        approved.Steps.Should().ContainSingle(s => s.Step == TransferStepKind.Sending && s.Decision == TransferDecision.Approved && s.OnTime == true);

        // The receiving committee is not a branch: it must place the member.
        await (await t.AdminB.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/accept", new { note = "欢迎" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await t.AdminB.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/accept", new { branchId = t.A1.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var done = await (await t.AdminB.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/accept", new { note = "欢迎", branchId = t.B1.Id }))
            .ReadAsync<TransferDto>();
        done.State.Should().Be(TransferState.Completed);
        done.PlacedOrgId.Should().Be(t.B1.Id);
        done.DueAt.Should().BeNull();
        done.Steps.Select(s => s.Decision).Should().Equal(TransferDecision.Approved, TransferDecision.Accepted);
        done.Steps.Should().OnlyContain(s => s.HoursTaken >= 0);

        (await t.Admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{t.A.Id}")).MemberCount.Should().Be(1);
        (await t.Admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{t.A1.Id}")).MemberCount.Should().Be(1);
        (await t.Admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{t.B.Id}")).MemberCount.Should().Be(1);
        (await t.Admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{t.B1.Id}")).MemberCount.Should().Be(1);
        var moved = await t.AdminB.GetOkAsync<MemberDto>($"/api/v1/members/{member.Id}");
        moved.OrgId.Should().Be(t.B1.Id);
        await (await t.AdminA.GetAsync($"/api/v1/members/{member.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

        var history = await t.AdminB.GetOkAsync<List<MembershipPeriod>>($"/api/v1/members/{member.Id}/history");
        history.Select(h => h.OrgId).Should().Equal(t.A1.Id, t.B1.Id);
        history[0].TransferId.Should().Be(transfer.Id);
        history[0].Until.Should().NotBeNull();

        // Both sides still see the transfer; the counters agree with the rows.
        (await t.AdminA.GetOkAsync<TransferDto>($"/api/v1/transfers/{transfer.Id}")).State.Should().Be(TransferState.Completed);
        (await t.AdminA.GetOkAsync<PagedList<TransferDto>>($"/api/v1/transfers?orgId={t.A.Id}&direction=out")).Items.Should().ContainSingle(x => x.Id == transfer.Id);
        (await t.AdminB.GetOkAsync<PagedList<TransferDto>>($"/api/v1/transfers?orgId={t.B.Id}&direction=in")).Items.Should().ContainSingle(x => x.Id == transfer.Id);
        (await t.AdminB.GetOkAsync<PagedList<TransferDto>>($"/api/v1/transfers?orgId={t.B.Id}&direction=out")).Items.Should().BeEmpty();
        await CountersAgreeAsync(t, t.A.Id, t.A1.Id, t.B.Id, t.B1.Id);

        var events = await t.Admin.GetOkAsync<PagedList<AuditEventDto>>($"/api/v1/audit?orgId={t.B.Id}");
        events.Items.Should().Contain(e => e.Action == AuditAction.TransferAccepted && e.EntityId == transfer.Id);
        (await t.Admin.GetOkAsync<AuditVerification>("/api/v1/audit/verify")).Valid.Should().BeTrue();
    }

    [Fact]
    public async Task Merge_OfTheSendingBranch_TakesItsOpenTransfersAlong()
    {
        var t = await TreeAsync();
        var a2 = await t.Data.OrgAsync("league", "branch", t.A.Id);
        var member = await t.Admin.CreateMemberAsync(t.A1.Id, People.Young());
        var transfer = await ApplyAsync(t.AdminA, member.Id, t.B1.Id);

        (await t.Admin.PostJsonAsync($"/api/v1/orgs/{t.A1.Id}/merge", new { intoId = a2.Id })).EnsureSuccessStatusCode();

        var followed = await t.AdminA.GetOkAsync<TransferDto>($"/api/v1/transfers/{transfer.Id}");
        followed.FromOrgId.Should().Be(a2.Id, "the dissolved branch can no longer answer");
        followed.AwaitingOrgId.Should().Be(a2.Id);
        var adminA2 = await app.UserWithRoleAsync("orgAdmin", a2.Id);
        (await adminA2.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/approve", new { note = "同意" })).EnsureSuccessStatusCode();
        var done = await (await t.AdminB.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/accept", new { note = "欢迎" })).ReadAsync<TransferDto>();
        done.State.Should().Be(TransferState.Completed);
        (await t.AdminB.GetOkAsync<MemberDto>($"/api/v1/members/{member.Id}")).OrgId.Should().Be(t.B1.Id);
        (await t.Admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{a2.Id}")).MemberCount.Should().Be(0);
        await CountersAgreeAsync(t, t.A.Id, a2.Id, t.B.Id, t.B1.Id);
    }

    [Fact]
    public async Task BatchDecisions_ApproveAndAcceptMany_ReportingEachOneThatFails()
    {
        var t = await TreeAsync();
        var members = new List<MemberDto>();
        for (var i = 0; i < 3; i++)
        {
            members.Add(await t.Admin.CreateMemberAsync(t.A1.Id, People.Young()));
        }

        var transfers = new List<TransferDto>();
        foreach (var m in members)
        {
            transfers.Add(await ApplyAsync(t.AdminA, m.Id, t.B.Id));
        }

        // The receiving side cannot approve the sending step; an unknown id is reported, the rest go through.
        var wrongSide = await (await t.AdminB.PostJsonAsync("/api/v1/transfers/decisions",
            new { action = "approve", items = transfers.Select(x => new { id = x.Id }) })).ReadAsync<TransferBatchDecisionResult>();
        wrongSide.Done.Should().Be(0);
        wrongSide.Failed.Should().HaveCount(3).And.OnlyContain(f => f.Code == ErrorCodes.Forbidden);
        var approved = await (await t.AdminA.PostJsonAsync("/api/v1/transfers/decisions",
            new { action = "approve", note = "同意", items = transfers.Select(x => new { id = x.Id }).Append(new { id = 987654321L }) }))
            .ReadAsync<TransferBatchDecisionResult>();
        approved.Done.Should().Be(3);
        approved.Failed.Should().ContainSingle(f => f.Id == 987654321L && f.Code == ErrorCodes.NotFound);

        // Accept: two into the branch; the third names the sending side's branch, which is refused on its own.
        var accepted = await (await t.AdminB.PostJsonAsync("/api/v1/transfers/decisions", new
        {
            action = "accept",
            items = new[]
            {
                new { id = transfers[0].Id, branchId = t.B1.Id }, new { id = transfers[1].Id, branchId = t.B1.Id },
                new { id = transfers[2].Id, branchId = t.A1.Id },
            },
        })).ReadAsync<TransferBatchDecisionResult>();
        accepted.Done.Should().Be(2);
        accepted.Failed.Should().ContainSingle(f => f.Id == transfers[2].Id && f.Code == ErrorCodes.ValidationFailed);
        (await t.AdminB.GetOkAsync<TransferDto>($"/api/v1/transfers/{transfers[2].Id}")).State.Should().Be(TransferState.PendingIn);
        (await t.Admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{t.B1.Id}")).MemberCount.Should().Be(2);
        (await t.Admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{t.A1.Id}")).MemberCount.Should().Be(1);
        await CountersAgreeAsync(t, t.A.Id, t.A1.Id, t.B.Id, t.B1.Id);

        await (await t.AdminB.PostJsonAsync("/api/v1/transfers/decisions", new { action = "move", items = new[] { new { id = 1 } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await t.AdminB.PostJsonAsync("/api/v1/transfers/decisions", new { action = "accept", items = Array.Empty<object>() }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task Reject_NeedsANote_AndCancel_ByTheMember()
    {
        var t = await TreeAsync();
        var member = await t.Admin.CreateMemberAsync(t.A1.Id, People.Young());
        var first = await ApplyAsync(t.AdminA, member.Id, t.B1.Id, "work");
        await (await t.AdminA.PostJsonAsync($"/api/v1/transfers/{first.Id}/reject", new { note = " " }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await t.AdminA.PostJsonAsync($"/api/v1/transfers/{first.Id}/approve", new { note = new string('长', 10_000) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await t.AdminA.PostJsonAsync($"/api/v1/transfers/{first.Id}/approve", new { }))
            .ReadAsync<TransferDto>();
        var rejected = await (await t.AdminB.PostJsonAsync($"/api/v1/transfers/{first.Id}/reject", new { note = "接收单位信息有误" }))
            .ReadAsync<TransferDto>();
        rejected.State.Should().Be(TransferState.Rejected);
        rejected.Steps[^1].Note.Should().Be("接收单位信息有误");
        await (await t.AdminB.PostJsonAsync($"/api/v1/transfers/{first.Id}/accept", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        // The member applies again from /me and withdraws.
        var account = await CreateMemberAccountAsync(t.Admin, member);
        var mine = await ApplyAsync(account, member.Id, t.B1.Id, "study");
        mine.AppliedByMember.Should().BeTrue();
        (await account.GetOkAsync<List<TransferDto>>("/api/v1/transfers/mine")).Select(x => x.Id).Should().Contain([first.Id, mine.Id]);
        var other = await t.Admin.CreateMemberAsync(t.A1.Id, People.Young());
        await (await account.PostJsonAsync("/api/v1/transfers", new { memberId = other.Id, toOrgId = t.B1.Id, reason = "work" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await account.PostJsonAsync($"/api/v1/transfers/{mine.Id}/approve", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        var cancelled = await (await account.PostJsonAsync($"/api/v1/transfers/{mine.Id}/cancel", new { note = "不转了" })).ReadAsync<TransferDto>();
        cancelled.State.Should().Be(TransferState.Cancelled);
        await (await account.PostJsonAsync($"/api/v1/transfers/{mine.Id}/cancel", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
        (await t.Admin.GetOkAsync<MemberDto>($"/api/v1/members/{member.Id}")).OrgId.Should().Be(t.A1.Id);
    }

    [Fact]
    public async Task OutsideTheRoute_IsNotFound_AndObservers_AreForbidden()
    {
        var t = await TreeAsync();
        var member = await t.Admin.CreateMemberAsync(t.A1.Id, People.Young());
        var transfer = await ApplyAsync(t.AdminA, member.Id, t.B1.Id);
        var c = await t.Data.OrgAsync("league", "committee", null);
        var adminC = await app.UserWithRoleAsync("orgAdmin", c.Id);
        await (await adminC.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/approve", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await adminC.GetAsync($"/api/v1/transfers/{transfer.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        (await adminC.GetOkAsync<PagedList<TransferDto>>("/api/v1/transfers")).Items.Should().NotContain(x => x.Id == transfer.Id);
        var observer = await app.UserWithRoleAsync("observer", t.A.Id);
        (await observer.GetOkAsync<TransferDto>($"/api/v1/transfers/{transfer.Id}")).Id.Should().Be(transfer.Id);
        await (await observer.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/approve", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await observer.PostJsonAsync("/api/v1/transfers", new { memberId = member.Id, toOrgId = t.B1.Id, reason = "work" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task BadInput_AnswersStableCodes()
    {
        var t = await TreeAsync();
        var member = await t.Admin.CreateMemberAsync(t.A1.Id, People.Young());
        async Task Refused(object body, HttpStatusCode status, string code) =>
            await (await t.AdminA.PostJsonAsync("/api/v1/transfers", body)).ShouldBeProblemAsync(status, code);

        await Refused(new { memberId = member.Id, toOrgId = t.A1.Id, reason = "work" }, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var party = await t.Data.OrgAsync("party", "branch", (await t.Data.OrgAsync("party", "committee", null)).Id);
        await Refused(new { memberId = member.Id, toOrgId = party.Id, reason = "work" }, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await Refused(new { memberId = member.Id, toOrgId = t.B1.Id, reason = "holiday" }, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await Refused(new { memberId = member.Id, toOrgId = t.B1.Id }, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await Refused(new { memberId = member.Id, reason = "work" }, HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await Refused(new { memberId = member.Id, toOrgId = t.B1.Id, reason = "work", note = new string('字', 10_000) },
            HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await Refused(new { memberId = member.Id, outside = new { orgName = new string('字', 10_000) }, reason = "work" },
            HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await Refused(new { memberId = 987_654_321L, toOrgId = t.B1.Id, reason = "work" }, HttpStatusCode.NotFound, ErrorCodes.NotFound);

        await ApplyAsync(t.AdminA, member.Id, t.B1.Id);
        await Refused(new { memberId = member.Id, toOrgId = t.B.Id, reason = "work" }, HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        var ended = await t.Admin.CreateMemberAsync(t.A1.Id, People.Young());
        (await t.Admin.PostJsonAsync($"/api/v1/members/{ended.Id}/end", new { reason = "left" })).StatusCode.Should().Be(HttpStatusCode.OK);
        await Refused(new { memberId = ended.Id, toOrgId = t.B1.Id, reason = "work" }, HttpStatusCode.Conflict, ErrorCodes.InvalidState);
        await (await t.AdminA.GetAsync("/api/v1/transfers?direction=sideways")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task ConcurrentAcceptAndCancel_LeaveOneConsistentResult()
    {
        var t = await TreeAsync();
        for (var round = 0; round < 3; round++)
        {
            var member = await t.Admin.CreateMemberAsync(t.A1.Id, People.Young());
            var transfer = await ApplyAsync(t.AdminA, member.Id, t.B1.Id);
            await (await t.AdminA.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/approve", new { })).ReadAsync<TransferDto>();
            var answers = await Task.WhenAll(
                t.AdminB.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/accept", new { }),
                t.AdminA.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/cancel", new { note = "撤销" }));
            answers.Count(a => a.StatusCode == HttpStatusCode.OK).Should().Be(1, "one decision wins");
            var loser = answers.Single(a => a.StatusCode != HttpStatusCode.OK);
            await loser.ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
            var final = await t.Admin.GetOkAsync<TransferDto>($"/api/v1/transfers/{transfer.Id}");
            final.Steps.Should().HaveCount(2);
            var now = await t.Admin.GetOkAsync<MemberDto>($"/api/v1/members/{member.Id}");
            now.OrgId.Should().Be(final.State == TransferState.Completed ? t.B1.Id : t.A1.Id);
        }

        await CountersAgreeAsync(t, t.A.Id, t.A1.Id, t.B.Id, t.B1.Id);
    }

    [Fact]
    public async Task Batch_CreatesTheValidOnes_AndReportsEachFailure()
    {
        var t = await TreeAsync();
        var good = await t.Data.MembersAsync(t.A1.Id, 5);
        var ended = await t.Admin.CreateMemberAsync(t.A1.Id, People.Young());
        (await t.Admin.PostJsonAsync($"/api/v1/members/{ended.Id}/end", new { reason = "left" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var busy = await t.Admin.CreateMemberAsync(t.A1.Id, People.Young());
        await ApplyAsync(t.AdminA, busy.Id, t.B1.Id);
        var already = await t.Admin.CreateMemberAsync(t.B1.Id, People.Young());
        var partyBranch = await t.Data.OrgAsync("party", "branch", (await t.Data.OrgAsync("party", "committee", null)).Id);
        var partyMember = await t.Admin.CreateMemberAsync(partyBranch.Id, People.Adult(), "party");
        var elsewhere = await t.Data.OrgAsync("league", "branch", (await t.Data.OrgAsync("league", "committee", null)).Id);
        var outsider = await t.Admin.CreateMemberAsync(elsewhere.Id, People.Young());

        var ids = good.Concat([ended.Id, busy.Id, partyMember.Id, outsider.Id, 987_654_321L, good[0]]).ToList();
        var result = await (await t.AdminA.PostJsonAsync("/api/v1/transfers/batch", new { memberIds = ids, toOrgId = t.B1.Id, reason = "graduation" }))
            .ReadAsync<BatchTransferResult>();
        result.Created.Should().Be(5);
        result.Failed.Select(f => (f.MemberId, f.Code)).Should().BeEquivalentTo(new[]
        {
            (ended.Id, ErrorCodes.InvalidState), (busy.Id, ErrorCodes.InvalidState), (partyMember.Id, ErrorCodes.NotFound),
            (outsider.Id, ErrorCodes.NotFound), (987_654_321L, ErrorCodes.NotFound),
        });

        var admin = await (await t.Admin.PostJsonAsync("/api/v1/transfers/batch", new { memberIds = new[] { partyMember.Id, already.Id }, toOrgId = t.B1.Id, reason = "graduation" }))
            .ReadAsync<BatchTransferResult>();
        admin.Created.Should().Be(0);
        admin.Failed.Select(f => f.Code).Should().BeEquivalentTo([ErrorCodes.ValidationFailed, ErrorCodes.ValidationFailed]);

        var incoming = await t.AdminB.GetOkAsync<PagedList<TransferDto>>($"/api/v1/transfers?orgId={t.B.Id}&direction=in&state=pendingIn&pageSize=50");
        incoming.Items.Where(x => x.BatchId == result.BatchId).Should().HaveCount(5)
            .And.OnlyContain(x => x.Steps.Count == 1 && x.Steps[0].Decision == TransferDecision.Approved && x.AwaitingOrgId == t.B1.Id);
        var one = incoming.Items.First(x => x.BatchId == result.BatchId);
        (await (await t.AdminB.PostJsonAsync($"/api/v1/transfers/{one.Id}/accept", new { })).ReadAsync<TransferDto>()).State
            .Should().Be(TransferState.Completed);
        await (await t.AdminA.PostJsonAsync("/api/v1/transfers/batch", new { memberIds = Array.Empty<long>(), toOrgId = t.B1.Id, reason = "graduation" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var events = await t.Admin.GetOkAsync<PagedList<AuditEventDto>>($"/api/v1/audit?orgId={t.B1.Id}&action=transfersBatchCreated");
        events.Items.Should().Contain(e => e.EntityId == result.BatchId && e.Summary.Contains("创建 5 项"));
    }

    [Fact]
    public async Task Overdue_IsListedAndCounted_WithAFakeClock()
    {
        var t = await TreeAsync();
        var late = await t.Admin.CreateMemberAsync(t.A1.Id, People.Young());
        var fresh = await t.Admin.CreateMemberAsync(t.A1.Id, People.Young());
        TransferDto old;
        try
        {
            app.Clock.Offset = TimeSpan.FromHours(-100);
            old = await ApplyAsync(t.AdminA, late.Id, t.B1.Id);
        }
        finally
        {
            app.Clock.Offset = TimeSpan.Zero;
        }

        var recent = await ApplyAsync(t.AdminA, fresh.Id, t.B1.Id);
        var overdue = await t.AdminA.GetOkAsync<PagedList<TransferDto>>($"/api/v1/transfers?orgId={t.A.Id}&overdue=true");
        overdue.Items.Select(x => x.Id).Should().Equal(old.Id);
        overdue.Items[0].Overdue.Should().BeTrue();
        (await t.AdminA.GetOkAsync<TransferDto>($"/api/v1/transfers/{recent.Id}")).Overdue.Should().BeFalse();
        (await t.AdminB.GetOkAsync<PagedList<TransferDto>>($"/api/v1/transfers?orgId={t.B.Id}&overdue=true")).Items.Should().BeEmpty();

        var stats = await t.AdminA.GetOkAsync<TransferStatsDto>($"/api/v1/orgs/{t.A.Id}/transfer-stats");
        stats.Overdue.Should().Be(1);
        stats.ByOrg.Should().ContainSingle(o => o.OrgId == t.A1.Id && o.Overdue == 1);

        await using (var scope = app.Scope())
        {
            var queries = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<TransferQueries>(scope.ServiceProvider);
            var all = await queries.OverdueAsync(DateTimeOffset.UtcNow, CancellationToken.None);
            all.Should().Contain(o => o.TransferId == old.Id && o.OrgId == t.A1.Id && o.MemberName == late.Person.Name);
            all.Should().NotContain(o => o.TransferId == recent.Id);
        }

        // The alert centre raises it for the organization that must act, and resolves it once the step is decided.
        async Task<List<Zhijian.Web.Features.Alerts.AlertDto>> TransferAlertsAsync()
        {
            (await t.Admin.PostAsync("/api/v1/alerts/scan", null)).EnsureSuccessStatusCode();
            return (await t.Admin.GetOkAsync<PagedList<Zhijian.Web.Features.Alerts.AlertDto>>($"/api/v1/alerts?orgId={t.A.Id}&type=transferOverdue&pageSize=100"))
                .Items.Where(a => a.SubjectKey == $"transfer:{old.Id}").ToList();
        }

        var raised = (await TransferAlertsAsync()).Should().ContainSingle().Subject;
        raised.OrgId.Should().Be(t.A1.Id);
        raised.State.Should().Be(Zhijian.Web.Features.Alerts.AlertState.Open);

        // Approving late is recorded as not on time; then the receiving side has 72 hours again.
        var approved = await (await t.AdminA.PostJsonAsync($"/api/v1/transfers/{old.Id}/approve", new { })).ReadAsync<TransferDto>();
        (await TransferAlertsAsync()).Should().ContainSingle().Which.State.Should().Be(Zhijian.Web.Features.Alerts.AlertState.Resolved);
        approved.Steps[0].OnTime.Should().BeFalse();
        approved.Steps[0].HoursTaken.Should().BeGreaterThan(99);
        approved.Overdue.Should().BeFalse();
        var after = await t.AdminA.GetOkAsync<TransferStatsDto>($"/api/v1/orgs/{t.A.Id}/transfer-stats");
        after.Should().BeEquivalentTo(new { Handled = 1, OnTime = 0, OnTimeRate = 0.0, Overdue = 0 });
    }

    [Fact]
    public async Task WeeklyReport_StoresFinishedWeeks_AndPastWeeksDoNotChange()
    {
        var t = await TreeAsync();
        var members = new List<MemberDto>();
        for (var i = 0; i < 3; i++)
        {
            members.Add(await t.Admin.CreateMemberAsync(t.A1.Id, People.Young()));
        }

        // Three weeks ago, Monday 09:00 in Beijing.
        var monday = TransferClock.WeekStart(ChinaTime.DateOf(DateTimeOffset.UtcNow)).AddDays(-21);
        var t0 = TransferClock.StartOfShanghaiDay(monday).AddHours(9);
        async Task<T> At<T>(DateTimeOffset when, Func<Task<T>> work)
        {
            app.Clock.Offset = when - DateTimeOffset.UtcNow;
            try
            {
                return await work();
            }
            finally
            {
                app.Clock.Offset = TimeSpan.Zero;
            }
        }

        var x = await At(t0, () => ApplyAsync(t.AdminA, members[0].Id, t.B1.Id));
        var y = await At(t0, () => ApplyAsync(t.AdminA, members[1].Id, t.B1.Id));
        await At(t0.AddHours(10), async () => await (await t.AdminA.PostJsonAsync($"/api/v1/transfers/{x.Id}/approve", new { })).ReadAsync<TransferDto>());
        await At(t0.AddHours(80), async () => await (await t.AdminA.PostJsonAsync($"/api/v1/transfers/{y.Id}/approve", new { })).ReadAsync<TransferDto>());

        var run = await (await t.Admin.PostAsync($"/api/v1/transfer-reports/run?week={monday:yyyy-MM-dd}", null)).ReadAsync<TransferReportRun>();
        run.Stored.Should().Equal(monday);
        var again = await (await t.Admin.PostAsync($"/api/v1/transfer-reports/run?week={monday:yyyy-MM-dd}", null)).ReadAsync<TransferReportRun>();
        again.Stored.Should().BeEmpty();
        again.AlreadyStored.Should().Equal(monday);
        await (await t.AdminA.PostAsync("/api/v1/transfer-reports/run", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        var expected = new { WeekStart = monday, Handled = 2, OnTime = 1, OnTimeRate = 0.5, AverageHours = 45.0 };
        var weeks = await t.AdminA.GetOkAsync<List<TransferWeekDto>>($"/api/v1/orgs/{t.A.Id}/transfer-reports?from={monday:yyyy-MM-dd}&to={monday:yyyy-MM-dd}");
        weeks.Should().ContainSingle().Which.Should().BeEquivalentTo(expected);

        // A decision dated later in that week changes the live statistics, not the stored week.
        var z = await At(t0.AddHours(1), () => ApplyAsync(t.AdminA, members[2].Id, t.B1.Id));
        await At(t0.AddHours(3), async () => await (await t.AdminA.PostJsonAsync($"/api/v1/transfers/{z.Id}/approve", new { })).ReadAsync<TransferDto>());
        (await t.AdminA.GetOkAsync<List<TransferWeekDto>>($"/api/v1/orgs/{t.A.Id}/transfer-reports?from={monday:yyyy-MM-dd}&to={monday:yyyy-MM-dd}"))
            .Should().ContainSingle().Which.Should().BeEquivalentTo(expected);
        var live = await t.AdminA.GetOkAsync<TransferStatsDto>($"/api/v1/orgs/{t.A.Id}/transfer-stats?from={monday:yyyy-MM-dd}&to={monday.AddDays(6):yyyy-MM-dd}");
        live.Should().BeEquivalentTo(new { Handled = 3, OnTime = 2, AverageHours = 30.67 });
        live.ByOrg.Should().ContainSingle().Which.OrgId.Should().Be(t.A1.Id);

        var xlsx = await t.AdminA.GetAsync($"/api/v1/orgs/{t.A.Id}/transfer-stats.xlsx?from={monday:yyyy-MM-dd}");
        xlsx.StatusCode.Should().Be(HttpStatusCode.OK);
        (await xlsx.Content.ReadAsByteArrayAsync())[..2].Should().Equal((byte)'P', (byte)'K');
    }

    [Fact]
    public async Task OutsideDestination_IssuesALetter_AndTheReceiptEndsTheMembership()
    {
        var t = await TreeAsync();
        var member = await t.Admin.CreateMemberAsync(t.A1.Id, People.Young());
        var transfer = await (await t.AdminA.PostJsonAsync("/api/v1/transfers",
                new { memberId = member.Id, outside = new { orgName = "共青团某某大学委员会", contact = "010-12345678" }, reason = "study" }))
            .ReadAsync<TransferDto>(HttpStatusCode.Created);
        transfer.Outside!.OrgName.Should().Be("共青团某某大学委员会");
        transfer.ToOrgId.Should().BeNull();
        await (await t.AdminA.GetAsync($"/api/v1/transfers/{transfer.Id}/letter.pdf")).ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        var approved = await (await t.AdminA.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/approve", new { })).ReadAsync<TransferDto>();
        approved.State.Should().Be(TransferState.PendingIn);
        approved.LetterSerial.Should().NotBeNullOrEmpty();
        approved.LetterValidUntil.Should().Be(ChinaTime.DateOf(DateTimeOffset.UtcNow).AddDays(30));
        await (await t.AdminA.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/accept", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        var pdf = await t.AdminA.GetAsync($"/api/v1/transfers/{transfer.Id}/letter.pdf");
        pdf.StatusCode.Should().Be(HttpStatusCode.OK, await pdf.Content.ReadAsStringAsync());
        pdf.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        System.Text.Encoding.ASCII.GetString(bytes, 0, 5).Should().Be("%PDF-");
        bytes.Length.Should().BeGreaterThan(2000, "the CJK glyphs are embedded");

        await (await t.AdminA.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/receipt", new { receivedOn = "2999-01-01" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var done = await (await t.AdminA.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/receipt", new { note = "回执已收到" })).ReadAsync<TransferDto>();
        done.State.Should().Be(TransferState.Completed);
        var ended = await t.Admin.GetOkAsync<MemberDto>($"/api/v1/members/{member.Id}");
        ended.State.Should().Be(MemberState.Ended);
        ended.EndReason.Should().Be(EndReason.TransferredOut);
        ended.OrgId.Should().Be(t.A1.Id, "the ended membership stays in its branch's history");
        (await t.Admin.GetOkAsync<OrganizationDto>($"/api/v1/orgs/{t.A.Id}")).MemberCount.Should().Be(0);
    }

    [Fact]
    public async Task TheLetter_ShowsTheFullIdNumber_OnlyToTheSendingAdministrators()
    {
        var t = await TreeAsync();
        var p = People.Young();
        var member = await t.Admin.CreateMemberAsync(t.A1.Id, p);
        var transfer = await (await t.AdminA.PostJsonAsync("/api/v1/transfers",
                new { memberId = member.Id, outside = new { orgName = "共青团某某青年工作委员会", contact = "010-87654321" }, reason = "work" }))
            .ReadAsync<TransferDto>(HttpStatusCode.Created);
        (await t.AdminA.PostJsonAsync($"/api/v1/transfers/{transfer.Id}/approve", new { })).EnsureSuccessStatusCode();

        async Task<string> TextAsync(HttpClient client)
        {
            var response = await client.GetAsync($"/api/v1/transfers/{transfer.Id}/letter.pdf");
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            using var pdf = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
            return string.Concat(pdf.GetPages().Select(page => page.Text));
        }

        var sending = await TextAsync(t.AdminA);
        sending.Should().Contain(p.IdNumber, "the receiving unit identifies the person by the full number")
            .And.Contain("青年工作委员会").And.Contain("组织关系").And.Contain("存根").And.Contain("联系电话");
        var observer = await TextAsync(await app.UserWithRoleAsync("observer", t.A.Id));
        observer.Should().NotContain(p.IdNumber).And.Contain(Zhijian.Web.Shared.Identity.CitizenIdNumber.Mask(p.IdNumber));
        var own = await TextAsync(await CreateMemberAccountAsync(t.Admin, member));
        own.Should().NotContain(p.IdNumber, "the member's own copy is for reading; the sending organization prints the letter");
        await (await t.AdminB.GetAsync($"/api/v1/transfers/{transfer.Id}/letter.pdf")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    private async Task<HttpClient> CreateMemberAccountAsync(HttpClient admin, MemberDto member)
    {
        var name = $"m-{Guid.NewGuid():N}"[..16];
        var created = await admin.PostJsonAsync("/api/v1/users", new { userName = name, password = AppFixture.Password, personId = member.Person.Id });
        created.EnsureSuccessStatusCode();
        var user = await created.Content.ReadFromJsonAsync<IdOnly>(Api.Json);
        (await admin.PostJsonAsync($"/api/v1/users/{user!.Id}/roles", new { role = "member", orgId = member.OrgId })).EnsureSuccessStatusCode();
        return await app.SignInAsync(name);
    }

    private sealed record IdOnly(long Id);
}
