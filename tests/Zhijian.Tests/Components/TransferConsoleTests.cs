using System.Text.RegularExpressions;
using AwesomeAssertions;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using Zhijian.Web.Components;
using Zhijian.Web.Features.Transfers.Pages;

namespace Zhijian.Tests.Components;

/// <summary>Issue 19 item 10 in the console: 发起转接, per-row notes, confirmations, the year on deadlines, the overdue chip.</summary>
public sealed class TransferConsoleTests : ComponentTest, IClassFixture<ConsoleData>
{
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(15);
    private readonly ConsoleData data;
    private readonly IRenderedComponent<MudDialogProvider> dialogs;

    public TransferConsoleTests(ConsoleData data)
    {
        this.data = data;
        var app = data.App.Factory.Services;
        Services.AddScoped(sp => new UiRunner(app.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<AuthenticationStateProvider>(), sp.GetRequiredService<ISnackbar>(), sp.GetRequiredService<ILogger<UiRunner>>()));
        Services.AddSingleton(app.GetRequiredService<TimeProvider>());
        Render<MudPopoverProvider>();
        dialogs = Render<MudDialogProvider>();
        Auth.SetAuthorized("admin");
        Auth.SetClaims(data.Admin);
    }

    private IRenderedComponent<TransfersTab> RenderTab()
    {
        var cut = Render<TransfersTab>(p => p.Add(t => t.Org, data.A1).Add(t => t.CanWrite, true));
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=transfer-row]").Should().HaveCount(1), Loaded);
        return cut;
    }

    [Fact]
    public void TheRow_HasItsOwnNoteBox_TheDeadlineHasTheYear_AndTheOverdueChipIsNotRedUnlessChosen()
    {
        var cut = RenderTab();

        cut.FindAll("[data-testid=transfer-row] [data-testid=transfer-note]").Should().HaveCount(1, "the note sits in the row it applies to");
        cut.FindAll("#transfer-note").Should().BeEmpty("no global note box");
        Regex.IsMatch(cut.Find("[data-testid=transfer-row]").TextContent, @"20\d\d-\d\d-\d\d \d\d:\d\d").Should().BeTrue("deadlines show the year");
        cut.Find("[data-testid=transfers-overdue]").ClassList.Should().NotContain(c => c.Contains("error", StringComparison.Ordinal));
        cut.Find("[data-testid=transfers-todo]").ClassList.Should().Contain(c => c.Contains("primary", StringComparison.Ordinal));

        cut.Find("[data-testid=transfers-overdue]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=transfers-overdue]").ClassList.Should().Contain(c => c.Contains("error", StringComparison.Ordinal)));
    }

    [Fact]
    public void Approve_AsksForConfirmation_AndCancelLeavesTheTransferPending()
    {
        var cut = RenderTab();

        cut.Find("[data-testid=transfer-approve]").Click();

        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain("请确认").And.Contain(data.Members[0].Person.Name).And.Contain("同意转出"));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "取消").Click();
        dialogs.WaitForAssertion(() => dialogs.Markup.Should().NotContain("请确认"));
        cut.Render();
        cut.Find("[data-testid=transfer-state]").TextContent.Should().Contain("待转出审批");
    }

    [Fact]
    public void StartTransfer_OpensTheDialog_WithNoDefaultReason()
    {
        var cut = RenderTab();

        cut.Find("[data-testid=transfer-start]").Click();

        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain("发起组织关系转接"));
        dialogs.Find("[data-testid=transfer-submit]").HasAttribute("disabled").Should().BeTrue();
        var radio = dialogs.Find("[data-testid=transfer-outside]");
        var input = radio.TagName == "INPUT" ? radio : radio.QuerySelector("input") ?? radio.ParentElement!.QuerySelector("input");
        input.Should().NotBeNull(radio.ParentElement!.OuterHtml);
        input!.Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("#transfer-outside-name").Should().HaveCount(1));
        dialogs.Find("#transfer-outside-name").Input("共青团某某大学委员会");
        dialogs.Find("[data-testid=transfer-submit]").HasAttribute("disabled").Should().BeTrue("neither the member nor the reason is chosen: nothing defaults");
        dialogs.Markup.Should().NotContain("毕业", "the reasons are offered only when the list opens");
    }
}
