using AwesomeAssertions;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MudBlazor;
using Zhijian.Web.Components;
using Zhijian.Web.Features.Meetings;
using Zhijian.Web.Features.Meetings.Pages;

namespace Zhijian.Tests.Components;

/// <summary>Issue 19 item 11: confirmations after 安排会议 and 提交记录, no silent correction form, attachments, print.</summary>
public sealed class MeetingConsoleTests : ComponentTest, IClassFixture<ConsoleData>
{
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(15);
    private readonly ConsoleData data;
    private readonly IRenderedComponent<MudSnackbarProvider> snackbars;

    public MeetingConsoleTests(ConsoleData data)
    {
        this.data = data;
        var app = data.App.Factory.Services;
        Services.AddScoped(sp => new UiRunner(app.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<AuthenticationStateProvider>(), sp.GetRequiredService<ISnackbar>(), sp.GetRequiredService<ILogger<UiRunner>>()));
        Services.AddSingleton(app.GetRequiredService<TimeProvider>());
        Services.AddSingleton(app.GetRequiredService<IOptions<MeetingOptions>>());
        Render<MudPopoverProvider>();
        snackbars = Render<MudSnackbarProvider>();
        Auth.SetAuthorized("admin");
        Auth.SetClaims(data.Admin);
    }

    [Fact]
    public void PlanAndRecord_AreConfirmed_AndTheRecordDoesNotTurnIntoACorrectionForm()
    {
        var cut = Render<MeetingsTab>(p => p.Add(t => t.Org, data.A1).Add(t => t.CanWrite, true));
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=meeting-list]").Should().HaveCount(1), Loaded);

        cut.Find("[data-testid=plan-meeting]").Click();
        var topic = "组织生活会-" + Guid.NewGuid().ToString("N")[..6];
        cut.Find("#meeting-topic").Change(topic);
        cut.Find("[data-testid=plan-submit]").Click();
        snackbars.WaitForAssertion(() => snackbars.Markup.Should().Contain("已安排会议").And.Contain(topic), Loaded);

        cut.WaitForAssertion(() => cut.Find("[data-testid=record-form-title]").TextContent.Should().Be("提交会议记录"), Loaded);
        cut.Find("[data-testid=meeting-attachments]").TextContent.Should().Contain("上传附件");
        cut.Find("#meeting-minutes").Change("传达团代会精神");
        cut.Find("[data-testid=record-submit]").Click();

        snackbars.WaitForAssertion(() => snackbars.Markup.Should().Contain("会议记录已提交"), Loaded);
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=start-correction]").Should().HaveCount(1), Loaded);
        cut.FindAll("[data-testid=record-form-title]").Should().BeEmpty("a correction is an explicit action");
        cut.FindAll("#meeting-minutes").Should().BeEmpty();
        cut.Find("[data-testid=print-meeting]").GetAttribute("href").Should().MatchRegex(@"^/print/meetings/\d+$");

        cut.Find("[data-testid=start-correction]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=record-form-title]").TextContent.Should().Contain("更正会议记录"));
        cut.FindAll("#meeting-reason").Should().HaveCount(1, "a correction asks for its reason");
        cut.Find("[data-testid=cancel-correction]").Click();
        cut.FindAll("[data-testid=record-form-title]").Should().BeEmpty();
    }

    [Fact]
    public void Observers_SeeAttachments_ButNoUpload()
    {
        Auth.SetAuthorized("observer");
        Auth.SetClaims(data.Observer);
        var cut = Render<MeetingsTab>(p => p.Add(t => t.Org, data.A1).Add(t => t.CanWrite, false));
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=meeting-list] tbody tr").Should().NotBeEmpty(), Loaded);

        cut.Find("[data-testid=meeting-list] tbody tr").Click();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=meeting-attachments]").Should().HaveCount(1), Loaded);
        cut.FindAll("[data-testid=attachment-input]").Should().BeEmpty();
    }
}
