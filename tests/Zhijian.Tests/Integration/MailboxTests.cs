using System.Net;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Features.Audit;
using Zhijian.Web.Features.Mailbox;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class MailboxTestsOnSqlite(SqliteApp app) : MailboxTests(app), IClassFixture<SqliteApp>;

public sealed class MailboxTestsOnPostgres(PostgresApp app) : MailboxTests(app), IClassFixture<PostgresApp>;

/// <summary>The secretary's mailbox: named letters and replies on /me, anonymous letters that reveal no sender anywhere.</summary>
public abstract class MailboxTests(AppFixture app)
{
    private sealed record Tree(HttpClient Admin, OrganizationDto Root, OrganizationDto Branch, OrganizationDto Other,
        MemberDto Me, HttpClient MeClient, long MyUserId, string MyUserName);

    private async Task<Tree> TreeAsync()
    {
        var admin = await app.AdminAsync();
        var data = new TestData(app, admin);
        var root = await data.OrgAsync("league", "committee", null);
        var branch = await data.OrgAsync("league", "branch", root.Id);
        var other = await data.OrgAsync("league", "branch", root.Id);
        var me = await admin.CreateMemberAsync(branch.Id, People.Young());
        var name = $"m-{Guid.NewGuid():N}"[..20];
        var user = await (await admin.PostJsonAsync("/api/v1/users", new { userName = name, password = AppFixture.Password, personId = me.Person.Id }))
            .ReadAsync<CreatedUser>(HttpStatusCode.Created);
        (await admin.PostJsonAsync($"/api/v1/users/{user.Id}/roles", new { role = "member", orgId = branch.Id })).EnsureSuccessStatusCode();
        return new Tree(admin, root, branch, other, me, await app.SignInAsync(name), user.Id, name);
    }

    [Fact]
    public async Task NamedLetter_ReachesTheBranch_AndTheReplyShowsOnMe()
    {
        var t = await TreeAsync();
        var letter = await (await t.MeClient.PostJsonAsync("/api/v1/me/mailbox", new { toOrgId = t.Root.Id, subject = "建议", body = "多组织学习" }))
            .ReadAsync<LetterDto>(HttpStatusCode.Created);
        letter.SenderName.Should().Be(t.Me.Person.Name);
        letter.ReplyCode.Should().BeNull();

        var inbox = await t.Admin.GetOkAsync<PagedList<LetterDto>>($"/api/v1/orgs/{t.Root.Id}/mailbox");
        inbox.Items.Should().ContainSingle(l => l.Id == letter.Id && l.SenderPersonId == t.Me.Person.Id);
        (await t.Admin.GetOkAsync<PagedList<LetterDto>>($"/api/v1/orgs/{t.Branch.Id}/mailbox")).Items.Should().NotContain(l => l.Id == letter.Id);
        (await t.Admin.GetOkAsync<PagedList<LetterDto>>($"/api/v1/orgs/{t.Root.Id}/mailbox?subtree=true")).Items.Should().Contain(l => l.Id == letter.Id);

        await (await t.Admin.PostJsonAsync($"/api/v1/mailbox/{letter.Id}/reply", new { body = "已安排" })).ReadAsync<LetterDto>();
        var mine = await t.MeClient.GetOkAsync<List<LetterDto>>("/api/v1/me/mailbox");
        mine.Should().ContainSingle(l => l.Id == letter.Id && l.Reply == "已安排");
    }

    [Fact]
    public async Task AnonymousLetter_ShowsItsSenderNowhere_NotInAnyApiNorInTheAuditLog()
    {
        var t = await TreeAsync();
        var written = await (await t.MeClient.PostJsonAsync("/api/v1/me/mailbox",
                new { toOrgId = t.Branch.Id, subject = "反映问题", body = "有代签现象", anonymous = true }))
            .ReadAsync<LetterDto>(HttpStatusCode.Created);
        written.ReplyCode.Should().NotBeNullOrEmpty();
        written.SenderPersonId.Should().BeNull();
        written.SenderName.Should().BeNull();

        var raw = await (await t.Admin.GetAsync($"/api/v1/orgs/{t.Branch.Id}/mailbox")).Content.ReadAsStringAsync();
        raw.Should().Contain("反映问题");
        raw.Should().NotContain(t.Me.Person.Name).And.NotContain(t.MyUserName).And.NotContain(written.ReplyCode!);
        var listed = JsonSerializer.Deserialize<PagedList<LetterDto>>(raw, Api.Json)!.Items.Single(l => l.Id == written.Id);
        listed.SenderPersonId.Should().BeNull();
        (await t.MeClient.GetOkAsync<List<LetterDto>>("/api/v1/me/mailbox")).Should().NotContain(l => l.Id == written.Id);

        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhijianDbContext>();
            var row = await db.Set<Letter>().AsNoTracking().SingleAsync(l => l.Id == written.Id);
            row.SenderPersonId.Should().BeNull();
            row.SenderUserId.Should().BeNull();
            row.SenderName.Should().BeNull();
            row.ReplyCodeHash.Should().NotBe(written.ReplyCode).And.Be(Letter.HashOf(written.ReplyCode!));
            var events = await db.AuditEvents.AsNoTracking().Where(e => e.Entity == nameof(Letter) && e.EntityId == written.Id).ToListAsync();
            events.Should().ContainSingle();
            events[0].UserId.Should().BeNull();
            events[0].UserName.Should().Be(AuditLog.Anonymous);
            events[0].Summary.Should().NotContain(t.Me.Person.Name);
            (await db.AuditEvents.AsNoTracking().Where(e => e.UserId == t.MyUserId || e.UserName == t.MyUserName)
                .AnyAsync(e => e.Action == AuditAction.LetterWritten)).Should().BeFalse();
            (await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync()).Valid.Should().BeTrue();
        }

        var audit = await t.Admin.GetOkAsync<PagedList<AuditEventDto>>($"/api/v1/audit?orgId={t.Branch.Id}&pageSize=200");
        var letterEvents = audit.Items.Where(e => e.Entity == nameof(Letter)).ToList();
        letterEvents.Should().ContainSingle().Which.UserName.Should().Be(AuditLog.Anonymous);
        JsonSerializer.Serialize(letterEvents, Api.Json).Should().NotContain(t.MyUserName).And.NotContain(t.Me.Person.Name);
        audit.Items.Should().NotContain(e => e.UserName == t.MyUserName, "writing the letter is the member's only act here");

        await (await t.Admin.PostJsonAsync($"/api/v1/mailbox/{written.Id}/reply", new { body = "将核实" })).ReadAsync<LetterDto>();
        var found = await (await t.MeClient.PostJsonAsync("/api/v1/me/mailbox/lookup", new { code = written.ReplyCode!.ToUpperInvariant() }))
            .ReadAsync<LetterDto>();
        found.Reply.Should().Be("将核实");
        await (await t.MeClient.PostJsonAsync("/api/v1/me/mailbox/lookup", new { code = "0000-0000-0000-0000-0000-0000-0000-0000" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Scopes_AndBadInput()
    {
        var t = await TreeAsync();
        await (await t.MeClient.PostJsonAsync("/api/v1/me/mailbox", new { toOrgId = t.Other.Id, subject = "x", body = "y" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        await (await t.MeClient.PostJsonAsync("/api/v1/me/mailbox", new { toOrgId = t.Branch.Id, subject = " ", body = "y" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        var letter = await (await t.MeClient.PostJsonAsync("/api/v1/me/mailbox", new { toOrgId = t.Branch.Id, subject = "问", body = "答" }))
            .ReadAsync<LetterDto>(HttpStatusCode.Created);

        var observer = await app.UserWithRoleAsync("observer", t.Root.Id);
        var adminOfOther = await app.UserWithRoleAsync("orgAdmin", t.Other.Id);
        await (await observer.GetAsync($"/api/v1/orgs/{t.Branch.Id}/mailbox")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await observer.PostJsonAsync($"/api/v1/mailbox/{letter.Id}/reply", new { body = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await adminOfOther.GetAsync($"/api/v1/orgs/{t.Branch.Id}/mailbox")).ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await adminOfOther.PostJsonAsync($"/api/v1/mailbox/{letter.Id}/reply", new { body = "x" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await (await t.Admin.PostJsonAsync($"/api/v1/mailbox/{letter.Id}/reply", new { body = "" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        (await t.MeClient.GetOkAsync<List<LetterDto>>("/api/v1/me/mailbox")).Single(l => l.Id == letter.Id).Reply.Should().BeNull();
    }

    private sealed record CreatedUser(long Id, string UserName);
}
