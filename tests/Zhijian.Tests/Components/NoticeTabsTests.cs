using System.Net;
using AwesomeAssertions;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
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
