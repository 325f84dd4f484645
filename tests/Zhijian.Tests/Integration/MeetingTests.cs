using System.Net;
using System.Net.Http.Headers;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Meetings;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class MeetingTestsOnSqlite(SqliteApp app) : MeetingTests(app), IClassFixture<SqliteApp>;

public sealed class MeetingTestsOnPostgres(PostgresApp app) : MeetingTests(app), IClassFixture<PostgresApp>;

/// <summary>Organizational life through HTTP: plan, record, correct, verify, sign in, compliance.</summary>
public abstract class MeetingTests(AppFixture app)
{
    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd");

    private static DateOnly Today => People.Today;

    private async Task<(HttpClient Admin, TestData Data, OrganizationDto Root, OrganizationDto Branch)> TreeAsync(string system = "party")
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync(system, "committee", null);
        var branch = await data.OrgAsync(system, "branch", root.Id);
        return (admin, data, root, branch);
    }

    private static async Task<MeetingDto> PlanAsync(HttpClient client, long orgId, string type, DateOnly date, object? invitees = null) =>
        await (await client.PostJsonAsync("/api/v1/meetings",
                new { orgId, type, date = Day(date), place = "党员活动室", host = "书记", topic = "学习贯彻", inviteeIds = invitees }))
            .ReadAsync<MeetingDto>(HttpStatusCode.Created);

    [Fact]
    public async Task Plan_Record_Correct_KeepsEveryVersion_AndTheChainVerifies()
    {
        var (admin, data, root, branch) = await TreeAsync();
        var full = await data.MembersAsync(branch.Id, 3, MemberStage.Full);
        var probationary = await data.MembersAsync(branch.Id, 1, MemberStage.Probationary);
        var held = Today.AddDays(-2);

        var planned = await PlanAsync(admin, branch.Id, "partyCongress", held);
        planned.State.Should().Be(MeetingState.Planned);
        planned.TypeName.Should().Be("党员大会");
        planned.Attendees!.Should().HaveCount(4);
        planned.Attendees!.Single(a => a.MemberId == probationary[0]).Voter.Should().BeFalse();

        var recorded = await (await admin.PostJsonAsync($"/api/v1/meetings/{planned.Id}/record", new
        {
            heldOn = Day(held),
            minutes = "传达学习上级精神，讨论发展对象。",
            decisions = "同意列为发展对象",
            attendance = new object[]
            {
                new { memberId = full[0], present = true },
                new { memberId = full[1], present = true },
                new { memberId = full[2], present = false, absenceReason = "出差" },
                new { memberId = probationary[0], present = true },
            },
        })).ReadAsync<MeetingDto>();
        recorded.State.Should().Be(MeetingState.Recorded);
        recorded.Versions.Should().Be(1);
        recorded.Late.Should().BeFalse();
        recorded.Flagged.Should().BeFalse("2 of 3 voters attended: more than half");
        recorded.ChainValid.Should().BeTrue();
        recorded.History!.Single().Should().BeEquivalentTo(new { Number = 1, Voters = 3, VotersPresent = 2, QuorumMet = (bool?)true, Reason = (string?)null });
        recorded.History![0].Attendance.Single(a => a.MemberId == full[2]).AbsenceReason.Should().Be("出差");
        recorded.RecordedAt.Should().NotBeNull();

        // A second submission is refused: corrections only.
        await (await admin.PostJsonAsync($"/api/v1/meetings/{planned.Id}/record", new { heldOn = Day(held), minutes = "改写" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
        await (await admin.PostJsonAsync($"/api/v1/meetings/{planned.Id}/corrections", new { heldOn = Day(held), minutes = "改写" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        var corrected = await (await admin.PostJsonAsync($"/api/v1/meetings/{planned.Id}/corrections", new
        {
            heldOn = Day(held),
            minutes = "传达学习上级精神，讨论发展对象（补充发言记录）。",
            reason = "补充发言记录",
            attendance = new object[] { new { memberId = full[2], present = true } },
        })).ReadAsync<MeetingDto>();
        corrected.Versions.Should().Be(2);
        corrected.History!.Select(v => v.Number).Should().Equal(1, 2);
        corrected.History![0].Minutes.Should().Be("传达学习上级精神，讨论发展对象。", "the first version is never rewritten");
        corrected.History![1].Reason.Should().Be("补充发言记录");
        corrected.History![1].PreviousHash.Should().Be(corrected.History![0].Hash);
        corrected.History![1].VotersPresent.Should().Be(3);
        corrected.ChainValid.Should().BeTrue();

        var audit = await admin.GetOkAsync<PagedList<Zhijian.Web.Features.Audit.AuditEventDto>>($"/api/v1/audit?orgId={branch.Id}&pageSize=50");
        audit.Items.Select(a => a.Action).Should().Contain([Zhijian.Web.Features.Audit.AuditAction.MeetingPlanned,
            Zhijian.Web.Features.Audit.AuditAction.MeetingRecorded, Zhijian.Web.Features.Audit.AuditAction.MeetingCorrected]);
        (await admin.GetOkAsync<Zhijian.Web.Features.Audit.AuditVerification>("/api/v1/audit/verify")).Valid.Should().BeTrue();

        var list = await admin.GetOkAsync<PagedList<MeetingDto>>($"/api/v1/meetings?orgId={root.Id}&subtree=true");
        list.Items.Should().ContainSingle(m => m.Id == planned.Id);
    }

    [Fact]
    public async Task ThePrintView_ShowsTheCurrentRecordWithSignatureLines_OnlyToThoseWhoMayReadIt()
    {
        var (admin, data, _, branch) = await TreeAsync("league");
        await data.MembersAsync(branch.Id, 2);
        var m = await PlanAsync(admin, branch.Id, "committee", Today);
        (await admin.PostJsonAsync($"/api/v1/meetings/{m.Id}/record", new { heldOn = Day(Today), minutes = "学习团章第三章，讨论发展团员计划" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var page = await admin.GetAsync($"/print/meetings/{m.Id}");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        html.Should().Contain("学习团章第三章，讨论发展团员计划").And.Contain("主持人签字").And.Contain("记录人签字").And.Contain("print.css");

        var other = await data.OrgAsync("league", "committee", null);
        var outsider = await app.UserWithRoleAsync("orgAdmin", other.Id);
        var refused = WebUtility.HtmlDecode(await (await outsider.GetAsync($"/print/meetings/{m.Id}")).Content.ReadAsStringAsync());
        refused.Should().NotContain("学习团章第三章").And.Contain("print-refusal");
    }

    [Fact]
    public async Task DirectDatabaseEdit_OfAVersion_MakesVerifyFail()
    {
        var (admin, data, _, branch) = await TreeAsync("league");
        var members = await data.MembersAsync(branch.Id, 2);
        var m = await PlanAsync(admin, branch.Id, "committee", Today);
        (await admin.PostJsonAsync($"/api/v1/meetings/{m.Id}/record", new { heldOn = Day(Today), minutes = "原始记录" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostJsonAsync($"/api/v1/meetings/{m.Id}/corrections", new { heldOn = Day(Today), minutes = "更正记录", reason = "笔误" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.GetOkAsync<MeetingDto>($"/api/v1/meetings/{m.Id}")).ChainValid.Should().BeTrue();

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
            await db.Set<MeetingRecordVersion>().Where(v => v.MeetingId == m.Id && v.Number == 1)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.Minutes, "悄悄改写的记录"));
        }

        var after = await admin.GetOkAsync<MeetingDto>($"/api/v1/meetings/{m.Id}");
        after.ChainValid.Should().BeFalse();
        after.ChainBrokenAt.Should().Be(1);
        members.Should().HaveCount(2);
    }

    [Fact]
    public async Task LateRecord_IsMarked补录_AndAMissedQuorum_IsFlagged()
    {
        var (admin, data, root, branch) = await TreeAsync("league");
        var members = await data.MembersAsync(branch.Id, 3);
        var held = Today.AddDays(-10);
        var m = await PlanAsync(admin, branch.Id, "branchCongress", held);
        var recorded = await (await admin.PostJsonAsync($"/api/v1/meetings/{m.Id}/record", new
        {
            heldOn = Day(held),
            minutes = "支部大会",
            attendance = new object[]
            {
                new { memberId = members[0], present = true },
                new { memberId = members[1], present = false, absenceReason = "病假" },
                new { memberId = members[2], present = false, absenceReason = "事假" },
            },
        })).ReadAsync<MeetingDto>();
        recorded.Late.Should().BeTrue("written 10 days after the meeting, the rule allows 7");
        recorded.Flagged.Should().BeTrue("1 of 3 voters is not more than half");
        recorded.History![0].QuorumMet.Should().BeFalse();

        // Within the threshold it is not late.
        var onTime = await PlanAsync(admin, branch.Id, "committee", Today.AddDays(-7));
        (await (await admin.PostJsonAsync($"/api/v1/meetings/{onTime.Id}/record", new { heldOn = Day(Today.AddDays(-7)), minutes = "支委会" }))
            .ReadAsync<MeetingDto>()).Late.Should().BeFalse();

        // A superior's observer sees the branch's flags.
        var observer = await app.UserWithRoleAsync("observer", root.Id);
        var seen = await observer.GetOkAsync<MeetingDto>($"/api/v1/meetings/{m.Id}");
        seen.Late.Should().BeTrue();
        await (await observer.PostJsonAsync($"/api/v1/meetings/{m.Id}/corrections", new { heldOn = Day(held), minutes = "x", reason = "y" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task BadInput_Answers4xx_AndWritesNothing()
    {
        var (admin, data, root, branch) = await TreeAsync();
        var members = await data.MembersAsync(branch.Id, 2, MemberStage.Full);
        var other = await data.OrgAsync("party", "branch", root.Id);
        var stranger = await data.MembersAsync(other.Id, 1, MemberStage.Full);

        await (await admin.PostJsonAsync("/api/v1/meetings", new { orgId = branch.Id, type = "tea", date = Day(Today) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostJsonAsync("/api/v1/meetings", new { orgId = branch.Id, type = "committee", date = Day(Today), inviteeIds = new[] { stranger[0] } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        var m = await PlanAsync(admin, branch.Id, "committee", Today);
        await (await admin.PostJsonAsync($"/api/v1/meetings/{m.Id}/record", new { heldOn = Day(Today.AddDays(1)), minutes = "未来的会" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await admin.PostJsonAsync($"/api/v1/meetings/{m.Id}/record", new
        {
            heldOn = Day(Today),
            minutes = "串门",
            attendance = new object[] { new { memberId = members[0], present = true }, new { memberId = stranger[0], present = true } },
        })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var untouched = await admin.GetOkAsync<MeetingDto>($"/api/v1/meetings/{m.Id}");
        untouched.State.Should().Be(MeetingState.Planned);
        untouched.Versions.Should().Be(0);
        untouched.Attendees!.Should().OnlyContain(a => a.Present == null);

        await (await Upload(admin, m.Id, "run.exe", new byte[10])).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await Upload(admin, m.Id, "big.pdf", new byte[10 * 1024 * 1024 + 1])).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await admin.GetOkAsync<MeetingDto>($"/api/v1/meetings/{m.Id}")).Attachments.Should().BeEmpty();

        // A dissolved organization takes no more records.
        var empty = await data.OrgAsync("party", "branch", root.Id);
        var lonely = await PlanAsync(admin, empty.Id, "committee", Today);
        (await admin.PostJsonAsync($"/api/v1/orgs/{empty.Id}/dissolve", new { reason = "撤并" })).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await admin.PostJsonAsync($"/api/v1/meetings/{lonely.Id}/record", new { heldOn = Day(Today), minutes = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
        await (await admin.PostJsonAsync("/api/v1/meetings", new { orgId = empty.Id, type = "committee", date = Day(Today) }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);

        // Outside the caller's subtree: 404.
        var (_, _, otherRoot, _) = await TreeAsync();
        var outsider = await app.UserWithRoleAsync("orgAdmin", otherRoot.Id);
        await (await outsider.GetAsync($"/api/v1/meetings/{m.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await outsider.PostJsonAsync($"/api/v1/meetings/{m.Id}/record", new { heldOn = Day(Today), minutes = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        (await outsider.GetOkAsync<PagedList<MeetingDto>>("/api/v1/meetings")).Items.Should().NotContain(x => x.Id == m.Id);
    }

    [Fact]
    public async Task Attachments_AreStored_AndFrozenIntoTheNextVersion()
    {
        var (admin, _, _, branch) = await TreeAsync("league");
        var m = await PlanAsync(admin, branch.Id, "lecture", Today);
        var bytes = "%PDF-1.4 团课讲稿"u8.ToArray();
        var a = await (await Upload(admin, m.Id, "讲稿.pdf", bytes)).ReadAsync<AttachmentDto>(HttpStatusCode.Created);
        a.Size.Should().Be(bytes.Length);
        a.Sha256.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        (await (await admin.GetAsync($"/api/v1/meetings/{m.Id}/attachments/{a.Id}")).Content.ReadAsByteArrayAsync()).Should().Equal(bytes);
        var recorded = await (await admin.PostJsonAsync($"/api/v1/meetings/{m.Id}/record", new { heldOn = Day(Today), minutes = "团课" }))
            .ReadAsync<MeetingDto>();
        recorded.History![0].Attachments.Should().ContainSingle(x => x.Id == a.Id && x.Sha256 == a.Sha256);
    }

    [Fact]
    public async Task Members_SignIn_FillsAttendance()
    {
        var (admin, _, _, branch) = await TreeAsync("league");
        var me = await admin.CreateMemberAsync(branch.Id, People.Young());
        var other = await admin.CreateMemberAsync(branch.Id, People.Young());
        var m = await PlanAsync(admin, branch.Id, "themeDay", Today);

        var name = $"m{TestData.Unique()}";
        var user = await (await admin.PostJsonAsync("/api/v1/users", new { userName = name, password = AppFixture.Password, personId = me.Person.Id }))
            .ReadAsync<CreatedUser>(HttpStatusCode.Created);
        (await admin.PostJsonAsync($"/api/v1/users/{user.Id}/roles", new { role = "member", orgId = branch.Id })).EnsureSuccessStatusCode();
        var member = await app.SignInAsync(name);

        var mine = await member.GetOkAsync<List<MyMeetingDto>>("/api/v1/meetings/mine");
        mine.Should().ContainSingle(x => x.Id == m.Id && x.CanSignIn);
        var signed = await (await member.PostAsync($"/api/v1/meetings/{m.Id}/sign-in", null)).ReadAsync<AttendeeDto>();
        signed.SignedInAt.Should().NotBeNull();
        await (await member.GetAsync($"/api/v1/meetings/{m.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

        var qr = await admin.GetAsync($"/api/v1/meetings/{m.Id}/sign-in.png");
        qr.StatusCode.Should().Be(HttpStatusCode.OK);
        qr.Content.Headers.ContentType!.MediaType.Should().Be("image/png");

        var recorded = await (await admin.PostJsonAsync($"/api/v1/meetings/{m.Id}/record", new { heldOn = Day(Today), minutes = "主题团日" }))
            .ReadAsync<MeetingDto>();
        recorded.Attendees!.Single(a => a.MemberId == me.Id).Should().BeEquivalentTo(new { Present = (bool?)true });
        recorded.Attendees!.Single(a => a.MemberId == me.Id).SignedInAt.Should().NotBeNull();
        recorded.Attendees!.Single(a => a.MemberId == other.Id).Present.Should().BeFalse();
        await (await member.PostAsync($"/api/v1/meetings/{m.Id}/sign-in", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidState);
    }

    [Fact]
    public async Task Compliance_OfASubtree_WithAFakeClock()
    {
        var (admin, data, root, a) = await TreeAsync("league");
        var b = await data.OrgAsync("league", "branch", root.Id);
        var observer = await app.UserWithRoleAsync("observer", root.Id);
        var (_, _, otherRoot, _) = await TreeAsync("league");
        var outsider = await app.UserWithRoleAsync("orgAdmin", otherRoot.Id);
        await data.MembersAsync(a.Id, 2);
        await data.MembersAsync(b.Id, 2);

        try
        {
            async Task HoldAsync(long orgId, string type, DateOnly held, DateOnly written)
            {
                app.Clock.Now = new DateTimeOffset(written.ToDateTime(new TimeOnly(4, 0)), TimeSpan.Zero);
                var m = await PlanAsync(admin, orgId, type, held);
                (await admin.PostJsonAsync($"/api/v1/meetings/{m.Id}/record", new { heldOn = Day(held), minutes = "记录" }))
                    .StatusCode.Should().Be(HttpStatusCode.OK);
            }

            await HoldAsync(a.Id, "committee", new DateOnly(2026, 1, 10), new DateOnly(2026, 1, 11));
            await HoldAsync(a.Id, "committee", new DateOnly(2026, 2, 10), new DateOnly(2026, 2, 11));
            await HoldAsync(a.Id, "committee", new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 11));
            await HoldAsync(a.Id, "committee", new DateOnly(2026, 3, 20), new DateOnly(2026, 3, 21));
            await HoldAsync(a.Id, "branchCongress", new DateOnly(2026, 2, 15), new DateOnly(2026, 2, 16));
            await HoldAsync(b.Id, "committee", new DateOnly(2026, 1, 15), new DateOnly(2026, 4, 9));

            app.Clock.Now = new DateTimeOffset(2026, 4, 10, 4, 0, 0, TimeSpan.Zero);
            var report = await observer.GetOkAsync<ComplianceReport>($"/api/v1/orgs/{root.Id}/meeting-compliance?from=2026-01-01&to=2026-12-31");
            report.Branches.Should().Be(2);
            report.Late.Should().Be(1);
            var committee = report.ByType.Single(t => t.Type == "committee");
            committee.Should().BeEquivalentTo(new { Required = 3, Held = 5L, Late = 1L, BranchesCompliant = 1L, Frequency = Frequency.Month });
            report.ByType.Single(t => t.Type == "branchCongress").Should().BeEquivalentTo(new { Required = 1, Held = 1L, BranchesCompliant = 1L });
            report.ByType.Single(t => t.Type == "themeDay").BranchesCompliant.Should().Be(0);
            report.ByType.Should().NotContain(t => t.Type == "groupMeeting", "league group meetings are held as needed");

            var rowA = report.Items.Single(i => i.OrgId == a.Id);
            rowA.Types.Single(t => t.Type == "committee").Should().BeEquivalentTo(new { Held = 4, Covered = 3, Required = 3, Compliant = true });
            rowA.Compliant.Should().BeFalse("no 主题团日 was held");
            var rowB = report.Items.Single(i => i.OrgId == b.Id);
            rowB.Late.Should().Be(1);
            rowB.Types.Single(t => t.Type == "committee").Should().BeEquivalentTo(new { Held = 1, Covered = 1, Compliant = false });

            // One branch's own board; the workbook; strangers see nothing.
            (await observer.GetOkAsync<ComplianceReport>($"/api/v1/orgs/{a.Id}/meeting-compliance?from=2026-01-01&to=2026-03-31"))
                .Items.Should().ContainSingle(i => i.OrgId == a.Id);
            var xlsx = await observer.GetAsync($"/api/v1/orgs/{root.Id}/meeting-compliance.xlsx?from=2026-01-01&to=2026-12-31");
            xlsx.StatusCode.Should().Be(HttpStatusCode.OK);
            (await xlsx.Content.ReadAsByteArrayAsync()).Length.Should().BeGreaterThan(1000);
            await (await outsider.GetAsync($"/api/v1/orgs/{root.Id}/meeting-compliance")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
            await (await observer.GetAsync($"/api/v1/orgs/{root.Id}/meeting-compliance?from=2026-05-01&to=2026-01-01"))
                .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        }
        finally
        {
            app.Clock.Now = null;
        }
    }

    /// <summary>Plans a 主题团日 of <paramref name="orgId"/> on <paramref name="held"/> and records it as held that day.</summary>
    private static async Task HoldThemeDayAsync(HttpClient admin, long orgId, DateOnly held)
    {
        var m = await PlanAsync(admin, orgId, "themeDay", held);
        (await admin.PostJsonAsync($"/api/v1/meetings/{m.Id}/record", new { heldOn = Day(held), minutes = "主题团日" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Compliance_NothingRequiredIsNotApplicable_AndAThemeDayCountsOnceRecorded()
    {
        var (admin, data, root, a) = await TreeAsync("league");
        await data.MembersAsync(a.Id, 2);
        try
        {
            // 2025-01-20: no month of the year has ended, nothing is required yet.
            app.Clock.Now = new DateTimeOffset(2025, 1, 20, 4, 0, 0, TimeSpan.Zero);
            var empty = await admin.GetOkAsync<ComplianceReport>($"/api/v1/orgs/{root.Id}/meeting-compliance?from=2025-01-01&to=2025-12-31");
            var theme = empty.ByType.Single(t => t.Type == "themeDay");
            theme.Required.Should().Be(0);
            theme.Rate.Should().BeNull("0 required / 0 held is not 100% compliant");
            empty.Items.Single(i => i.OrgId == a.Id).Types.Single(t => t.Type == "themeDay").Applicable.Should().BeFalse();
            empty.Items.Single(i => i.OrgId == a.Id).Applicable.Should().BeFalse();

            await HoldThemeDayAsync(admin, a.Id, new DateOnly(2025, 1, 15));
            var after = await admin.GetOkAsync<ComplianceReport>($"/api/v1/orgs/{root.Id}/meeting-compliance?from=2025-01-01&to=2025-12-31");
            after.ByType.Single(t => t.Type == "themeDay").Held.Should().Be(1);
            after.Items.Single(i => i.OrgId == a.Id).Types.Single(t => t.Type == "themeDay")
                .Should().BeEquivalentTo(new { Held = 1, Covered = 1, Required = 0 });

            // February: January has ended and its 主题团日 covers it.
            app.Clock.Now = new DateTimeOffset(2025, 2, 3, 4, 0, 0, TimeSpan.Zero);
            var feb = await admin.GetOkAsync<ComplianceReport>($"/api/v1/orgs/{root.Id}/meeting-compliance?from=2025-01-01&to=2025-12-31");
            var febTheme = feb.ByType.Single(t => t.Type == "themeDay");
            febTheme.Should().BeEquivalentTo(new { Required = 1, Held = 1L, BranchesCompliant = 1L });
            febTheme.Rate.Should().Be(1);
            feb.Items.Single(i => i.OrgId == a.Id).Types.Single(t => t.Type == "themeDay")
                .Should().BeEquivalentTo(new { Held = 1, Covered = 1, Required = 1, Compliant = true, Applicable = true });
        }
        finally
        {
            app.Clock.Now = null;
        }
    }

    [Fact]
    public async Task Compliance_AThemeDayRecordedThisMonth_Counts_ButNeverMakesUpForAMissedMonth()
    {
        // Issue 19 item 9 ("主题团日 shows 0 after one was recorded"), as an officer does it: mid-year, the board's default
        // range (this year), the branch's own board and its committee's. The running month's meeting shows (held, covered,
        // ＋本期) but does not cover January, which was missed: before the fix, five months held of five required was 达标.
        var (admin, data, root, a) = await TreeAsync("league");
        await data.MembersAsync(a.Id, 2);
        try
        {
            app.Clock.Now = new DateTimeOffset(2025, 6, 18, 2, 0, 0, TimeSpan.Zero);
            Task HoldAsync(DateOnly held) => HoldThemeDayAsync(admin, a.Id, held);

            foreach (var month in new[] { 2, 3, 4, 5, 6 })
            {
                await HoldAsync(new DateOnly(2025, month, 10));
            }

            foreach (var board in new[] { a.Id, root.Id })
            {
                var report = await admin.GetOkAsync<ComplianceReport>($"/api/v1/orgs/{board}/meeting-compliance");
                report.From.Should().Be(new DateOnly(2025, 1, 1));
                report.ByType.Single(t => t.Type == "themeDay").Should().BeEquivalentTo(new { Required = 5, Held = 5L, BranchesCompliant = 0L });
                report.Items.Single(i => i.OrgId == a.Id).Types.Single(t => t.Type == "themeDay").Should().BeEquivalentTo(
                    new { Held = 5, Covered = 5, CoveredEnded = 4, Required = 5, Compliant = false, Applicable = true },
                    "January to May have ended and January has no 主题团日; June's counts as held, not for January");
            }

            var listed = await admin.GetOkAsync<PagedList<MeetingDto>>($"/api/v1/meetings?orgId={a.Id}&type=themeDay");
            listed.Items.Where(m => m.State == MeetingState.Recorded).Should().HaveCount(5);

            await HoldAsync(new DateOnly(2025, 1, 10));
            var after = await admin.GetOkAsync<ComplianceReport>($"/api/v1/orgs/{a.Id}/meeting-compliance");
            after.Items.Single(i => i.OrgId == a.Id).Types.Single(t => t.Type == "themeDay")
                .Should().BeEquivalentTo(new { Held = 6, Covered = 6, CoveredEnded = 5, Required = 5, Compliant = true });
        }
        finally
        {
            app.Clock.Now = null;
        }
    }

    private static Task<HttpResponseMessage> Upload(HttpClient client, long meetingId, string fileName, byte[] bytes)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return client.PostAsync($"/api/v1/meetings/{meetingId}/attachments", form);
    }

    private sealed record CreatedUser(long Id, string UserName);
}
