using System.Net;
using System.Net.Http.Headers;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Notices;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class NoticeTestsOnSqlite(SqliteApp app) : NoticeTests(app), IClassFixture<SqliteApp>;

public sealed class NoticeTestsOnPostgres(PostgresApp app) : NoticeTests(app), IClassFixture<PostgresApp>;

/// <summary>Notices through HTTP: recipients counted at sending, the inbox, idempotent reads, receipts, reminders, scopes.</summary>
public abstract class NoticeTests(AppFixture app)
{
    private sealed record Tree(HttpClient Admin, OrganizationDto Root, OrganizationDto BranchA, OrganizationDto BranchB,
        OrganizationDto Outside, MemberDto Me, HttpClient MeClient);

    private async Task<Tree> TreeAsync()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var a = await data.OrgAsync("league", "branch", root.Id);
        var b = await data.OrgAsync("league", "branch", root.Id);
        var outside = await data.OrgAsync("league", "committee", null);
        await data.MembersAsync(a.Id, 3);
        await data.MembersAsync(b.Id, 5);
        var me = await admin.CreateMemberAsync(a.Id, People.Young());
        return new Tree(admin, root, a, b, outside, me, await MemberAccountAsync(admin, me));
    }

    private async Task<HttpClient> MemberAccountAsync(HttpClient admin, MemberDto member)
    {
        var name = $"m-{Guid.NewGuid():N}"[..20];
        var user = await (await admin.PostJsonAsync("/api/v1/users", new { userName = name, password = AppFixture.Password, personId = member.Person.Id }))
            .ReadAsync<CreatedUser>(HttpStatusCode.Created);
        (await admin.PostJsonAsync($"/api/v1/users/{user.Id}/roles", new { role = "member", orgId = member.OrgId })).EnsureSuccessStatusCode();
        return await app.SignInAsync(name);
    }

    private static async Task<NoticeDto> SendAsync(HttpClient client, long orgId, string title = "学习通知", string audience = "members") =>
        await (await client.PostJsonAsync("/api/v1/notices", new { orgId, title, body = "请按时学习", audience, requireReceipt = true }))
            .ReadAsync<NoticeDto>(HttpStatusCode.Created);

    [Fact]
    public async Task Recipients_AreCountedAtSending_AndTheReadRateMovesOncePerReader()
    {
        var t = await TreeAsync();
        var notice = await SendAsync(t.Admin, t.Root.Id);
        notice.Recipients.Should().Be(9);
        notice.Read.Should().Be(0);
        notice.ReadRate.Should().Be(0);
        notice.ByOrg.Should().HaveCount(2);
        notice.ByOrg!.Single(o => o.OrgId == t.BranchB.Id).Recipients.Should().Be(5);

        var inbox = await t.MeClient.GetOkAsync<List<MyNoticeDto>>("/api/v1/me/notices");
        inbox.Should().ContainSingle(n => n.Id == notice.Id && !n.Read);

        var read = await (await t.MeClient.PostAsync($"/api/v1/me/notices/{notice.Id}/read", null)).ReadAsync<MyNoticeDto>();
        read.Read.Should().BeTrue();
        read.ReadAt.Should().NotBeNull();
        var again = await (await t.MeClient.PostAsync($"/api/v1/me/notices/{notice.Id}/read", null)).ReadAsync<MyNoticeDto>();
        again.ReadAt.Should().Be(read.ReadAt);

        var after = await t.Admin.GetOkAsync<NoticeDto>($"/api/v1/notices/{notice.Id}");
        after.Read.Should().Be(1);
        after.ReadRate.Should().Be(Math.Round(1.0 / 9, 4));
        after.ByOrg!.Single(o => o.OrgId == t.BranchA.Id).Should().Match<NoticeOrgFigures>(o => o.Read == 1 && o.Unread == 3);
        after.ByOrg!.Single(o => o.OrgId == t.BranchB.Id).Read.Should().Be(0);

        var readers = await t.Admin.GetOkAsync<PagedList<NoticeReceiptDto>>($"/api/v1/notices/{notice.Id}/receipts?state=read");
        readers.Items.Should().ContainSingle(r => r.PersonId == t.Me.Person.Id && r.ReadAt != null);
        var unread = await t.Admin.GetOkAsync<PagedList<NoticeReceiptDto>>($"/api/v1/notices/{notice.Id}/receipts?state=unread&pageSize=5");
        unread.Total.Should().Be(8);
        unread.Items.Should().HaveCount(5).And.NotContain(r => r.PersonId == t.Me.Person.Id);

        var list = await t.Admin.GetOkAsync<PagedList<NoticeDto>>($"/api/v1/notices?orgId={t.Root.Id}&subtree=true");
        list.Items.Should().ContainSingle(n => n.Id == notice.Id && n.Read == 1 && n.Recipients == 9);

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        (await db.Set<NoticeRead>().CountAsync(r => r.NoticeId == notice.Id)).Should().Be(1);
        (await db.AuditEvents.CountAsync(e => e.EntityId == notice.Id && e.Entity == "Notice" && e.Action == AuditAction.NoticeRead))
            .Should().Be(1);
    }

    [Fact]
    public async Task Inbox_ListsUnreadFirst_ReminderFlagsTheUnread_AndOthersNoticesStayHidden()
    {
        var t = await TreeAsync();
        var first = await SendAsync(t.Admin, t.Root.Id, "第一条");
        var second = await SendAsync(t.Admin, t.BranchA.Id, "第二条");
        var elsewhere = await SendAsync(t.Admin, t.BranchB.Id, "别的支部");
        (await t.MeClient.PostAsync($"/api/v1/me/notices/{second.Id}/read", null)).EnsureSuccessStatusCode();

        var reminded = await (await t.Admin.PostAsync($"/api/v1/notices/{first.Id}/remind", null)).ReadAsync<NoticeReminderDto>();
        reminded.Unread.Should().Be(9);
        reminded.Reminders.Should().Be(1);

        var inbox = await t.MeClient.GetOkAsync<List<MyNoticeDto>>("/api/v1/me/notices");
        inbox.Select(n => n.Id).Should().Equal(first.Id, second.Id);
        inbox[0].Reminded.Should().BeTrue();
        inbox[1].Read.Should().BeTrue();
        await (await t.MeClient.PostAsync($"/api/v1/me/notices/{elsewhere.Id}/read", null))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await t.MeClient.GetAsync($"/api/v1/notices/{first.Id}/receipts")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task AdminsNotices_ReachTheSubtreesAdministrators()
    {
        var t = await TreeAsync();
        var adminOfA = await app.UserWithRoleAsync("orgAdmin", t.BranchA.Id);
        await app.UserWithRoleAsync("orgAdmin", t.BranchB.Id);
        var notice = await SendAsync(t.Admin, t.Root.Id, "报送总结", "admins");
        notice.Recipients.Should().Be(2);
        (await t.MeClient.GetOkAsync<List<MyNoticeDto>>("/api/v1/me/notices")).Should().NotContain(n => n.Id == notice.Id);
        (await adminOfA.PostAsync($"/api/v1/me/notices/{notice.Id}/read", null)).EnsureSuccessStatusCode();
        var after = await t.Admin.GetOkAsync<NoticeDto>($"/api/v1/notices/{notice.Id}");
        after.ReadRate.Should().Be(0.5);
        var unread = await t.Admin.GetOkAsync<PagedList<NoticeReceiptDto>>($"/api/v1/notices/{notice.Id}/receipts?state=unread");
        unread.Total.Should().Be(1);
    }

    [Fact]
    public async Task Scopes_OutsideIs404_ObserversWritingAre403()
    {
        var t = await TreeAsync();
        var officerOfA = await app.UserWithRoleAsync("orgAdmin", t.BranchA.Id);
        var observer = await app.UserWithRoleAsync("observer", t.Root.Id);
        await (await officerOfA.PostJsonAsync("/api/v1/notices", new { orgId = t.Outside.Id, title = "越权" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await officerOfA.PostJsonAsync("/api/v1/notices", new { orgId = t.Root.Id, title = "上级" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await observer.PostJsonAsync("/api/v1/notices", new { orgId = t.BranchA.Id, title = "观察员" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        var rootNotice = await SendAsync(t.Admin, t.Root.Id);
        (await observer.GetOkAsync<NoticeDto>($"/api/v1/notices/{rootNotice.Id}")).Recipients.Should().Be(9);
        await (await observer.PostAsync($"/api/v1/notices/{rootNotice.Id}/remind", null))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await officerOfA.GetAsync($"/api/v1/notices/{rootNotice.Id}/receipts"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        var mine = await officerOfA.GetOkAsync<PagedList<NoticeDto>>("/api/v1/notices");
        mine.Items.Should().NotContain(n => n.Id == rootNotice.Id);
        var own = await SendAsync(officerOfA, t.BranchA.Id);
        own.Recipients.Should().Be(4);
    }

    [Fact]
    public async Task BadInput_IsRefusedWithAStableCode_AndWritesNothing()
    {
        var t = await TreeAsync();
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
        var before = await db.Set<Notice>().CountAsync();

        var empty = await (await t.Admin.PostJsonAsync("/api/v1/notices", new { orgId = t.Root.Id, title = "   " }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        empty.GetProperty("errors").TryGetProperty("title", out _).Should().BeTrue();
        await (await t.Admin.PostJsonAsync("/api/v1/notices", new { orgId = t.Root.Id, title = "x", audience = "everyone" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await t.Admin.PostJsonAsync("/api/v1/notices", new { orgId = 987654321, title = "不存在" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        (await db.Set<Notice>().CountAsync()).Should().Be(before);

        var notice = await SendAsync(t.Admin, t.Root.Id);
        await (await Upload(t.Admin, notice.Id, "run.exe", [1, 2, 3])).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var tooBig = await Upload(t.Admin, notice.Id, "big.pdf", new byte[10 * 1024 * 1024 + 1]);
        ((int)tooBig.StatusCode).Should().BeOneOf(400, 413);
        (await db.Set<NoticeAttachment>().CountAsync(a => a.NoticeId == notice.Id)).Should().Be(0);

        var bytes = "通知附件"u8.ToArray();
        var added = await (await Upload(t.Admin, notice.Id, "附件.txt", bytes)).ReadAsync<NoticeAttachmentDto>(HttpStatusCode.Created);
        var inbox = await t.MeClient.GetOkAsync<List<MyNoticeDto>>("/api/v1/me/notices");
        inbox.Single(n => n.Id == notice.Id).Attachments.Should().ContainSingle(a => a.Id == added.Id);
        (await (await t.MeClient.GetAsync($"/api/v1/me/notices/{notice.Id}/attachments/{added.Id}")).Content.ReadAsByteArrayAsync())
            .Should().Equal(bytes);
    }

    [Fact]
    public async Task PrintView_ShowsTheSenderTheReadSummary_TheRecipientTheirCopy_AndOthersNothing()
    {
        var t = await TreeAsync();
        var notice = await SendAsync(t.Admin, t.Root.Id, "关于开展主题团日活动的通知");
        (await Upload(t.Admin, notice.Id, "活动方案.txt", "方案"u8.ToArray())).StatusCode.Should().Be(HttpStatusCode.Created);
        (await t.MeClient.PostAsync($"/api/v1/me/notices/{notice.Id}/read", null)).EnsureSuccessStatusCode();

        var sender = WebUtility.HtmlDecode(await (await t.Admin.GetAsync($"/print/notices/{notice.Id}")).Content.ReadAsStringAsync());
        sender.Should().Contain("关于开展主题团日活动的通知").And.Contain("请按时学习").And.Contain("活动方案.txt")
            .And.Contain("print.css").And.Contain("print-read-summary").And.Contain("已读 1 人").And.Contain(t.BranchB.ShortName);

        var copy = WebUtility.HtmlDecode(await (await t.MeClient.GetAsync($"/print/notices/{notice.Id}")).Content.ReadAsStringAsync());
        copy.Should().Contain("关于开展主题团日活动的通知").And.Contain("活动方案.txt").And.NotContain("print-read-summary");

        var outsider = await app.UserWithRoleAsync("orgAdmin", t.Outside.Id);
        var refused = WebUtility.HtmlDecode(await (await outsider.GetAsync($"/print/notices/{notice.Id}")).Content.ReadAsStringAsync());
        refused.Should().Contain("print-refusal").And.NotContain("关于开展主题团日活动的通知");
    }

    private static Task<HttpResponseMessage> Upload(HttpClient client, long noticeId, string fileName, byte[] bytes)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return client.PostAsync($"/api/v1/notices/{noticeId}/attachments", form);
    }

    private sealed record CreatedUser(long Id, string UserName);
}
