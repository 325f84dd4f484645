using System.Net;
using AwesomeAssertions;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Components;
using Zhijian.Web.Features.Mailbox.Pages;
using Zhijian.Web.Features.Notices;
using Zhijian.Web.Features.Notices.Pages;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Talks.Pages;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Components;

/// <summary>The tabs of notices (通知), talks (谈心谈话) and the mailbox (书记信箱) over the application's real services.</summary>
public sealed class NoticeTabsTests : ComponentTest, IClassFixture<ConsoleData>
{
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(15);
    private readonly ConsoleData data;

    public NoticeTabsTests(ConsoleData data)
    {
        this.data = data;
        var app = data.App.Factory.Services;
        Services.AddScoped(sp => new UiRunner(app.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<AuthenticationStateProvider>(), sp.GetRequiredService<ISnackbar>(), sp.GetRequiredService<ILogger<UiRunner>>()));
        Services.AddSingleton(app.GetRequiredService<TimeProvider>());
        Render<MudPopoverProvider>();
    }

    private IRenderedComponent<TTab> RenderTab<TTab>(OrganizationDto org, bool admin)
        where TTab : OrgTabBase
    {
        Auth.SetAuthorized(admin ? "admin" : "observer");
        Auth.SetClaims(admin ? data.Admin : data.Observer);
        return Render<TTab>(p => p.Add(t => t.Org, org).Add(t => t.CanWrite, admin));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NoticesTab_ListsTheReadRate_OpensTheReceipts_AndComposesOnlyForWriters(bool admin)
    {
        var title = "通知-" + TestData.Unique();
        var client = await data.App.AdminAsync();
        var sent = await (await client.PostJsonAsync("/api/v1/notices", new { orgId = data.A.Id, title, body = "正文" }))
            .ReadAsync<NoticeDto>(HttpStatusCode.Created);
        var cut = RenderTab<NoticesTab>(data.A, admin);

        cut.WaitForAssertion(() => cut.Find("[data-testid=notice-list]").TextContent.Should().Contain(title), Loaded);
        cut.FindAll("[data-testid=compose-notice]").Should().HaveCount(admin ? 1 : 0);
        cut.FindAll("[data-testid=notice-row-title]").First(r => r.TextContent == title).Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=notice-rate]").TextContent.Should().Contain($"0 / {sent.Recipients}"), Loaded);
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=receipt-row]").Should().HaveCount((int)Math.Min(50, sent.Recipients)), Loaded);
        cut.FindAll("[data-testid=notice-remind]").Should().HaveCount(admin ? 1 : 0);
    }

    [Fact]
    public async Task NoticesTab_ComposeUploadsAttachments_RefusesAForbiddenTypeInChinese_AndMembersDownloadThem()
    {
        var cut = RenderTab<NoticesTab>(data.A, admin: true);
        cut.WaitForAssertion(() => cut.Find("[data-testid=compose-notice]").Click(), Loaded);
        var title = "附件通知-" + TestData.Unique();
        cut.Find("#notice-title").Change(title);
        cut.Find("#notice-body").Change("请按附件安排参加团课。");
        cut.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText("周六上午九点，团委会议室。", "团课安排.txt"),
            InputFileContent.CreateFromBinary([0x4d, 0x5a, 0x90], "安装程序.exe"));

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=picked-attachment]").Should().ContainSingle()
            .Which.TextContent.Should().Contain("团课安排.txt"), Loaded);
        cut.Find("[data-testid=notice-attachment-error]").TextContent.Should().Contain("安装程序.exe").And.Contain("不支持的文件类型");
        cut.Find("[data-testid=notice-send]").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=notice-form]").Should().BeEmpty(), Loaded);

        var admin = await data.App.AdminAsync();
        var sent = (await admin.GetOkAsync<PagedList<NoticeDto>>($"/api/v1/notices?orgId={data.A.Id}&subtree=true&pageSize=100"))
            .Items.Single(n => n.Title == title);
        var attachment = (await admin.GetOkAsync<NoticeDto>($"/api/v1/notices/{sent.Id}")).Attachments.Should().ContainSingle().Subject;
        attachment.FileName.Should().Be("团课安排.txt");

        // A member of the subtree downloads it from /me's inbox.
        var name = $"n{TestData.Unique()}";
        var user = await (await admin.PostJsonAsync("/api/v1/users", new { userName = name, password = AppFixture.Password, personId = data.Members[1].Person.Id }))
            .ReadAsync<CreatedUser>(HttpStatusCode.Created);
        (await admin.PostJsonAsync($"/api/v1/users/{user.Id}/roles", new { role = "member", orgId = data.A1.Id })).EnsureSuccessStatusCode();
        var member = await data.App.SignInAsync(name);
        var mine = (await member.GetOkAsync<List<MyNoticeDto>>("/api/v1/me/notices")).Single(n => n.Id == sent.Id);
        var download = await member.GetAsync($"/api/v1/me/notices/{sent.Id}/attachments/{mine.Attachments.Single().Id}");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        (await download.Content.ReadAsStringAsync()).Should().Be("周六上午九点，团委会议室。");
    }

    private sealed record CreatedUser(long Id, string UserName);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TalksTab_ShowsTheYearlyFigures_AndRecordsOnlyForWriters(bool admin)
    {
        var cut = RenderTab<TalksTab>(data.A1, admin);

        cut.WaitForAssertion(() => cut.Find("[data-testid=talk-compliance]").TextContent.Should().Contain($"在册 {data.Members.Count} 人"), Loaded);
        cut.FindAll("[data-testid=record-talk]").Should().HaveCount(admin ? 1 : 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MailboxTab_IsForAdministratorsOnly(bool admin)
    {
        var cut = RenderTab<MailboxTab>(data.A1, admin);

        cut.WaitForAssertion(() => cut.Find("[data-testid=mailbox-tab]").TextContent
            .Should().Contain(admin ? "还没有来信" : "仅组织管理员可以查看"), Loaded);
    }
}
