using System.Net;
using AwesomeAssertions;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Components;
using Zhijian.Web.Features.Development;
using Zhijian.Web.Features.Development.Pages;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Tests.Components;

/// <summary>The 发展 tab's close action: a dialog asking the reason and a confirmation, then the record is closed.</summary>
public sealed class DevelopmentConsoleTests : ComponentTest, IClassFixture<ConsoleData>
{
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(15);
    private readonly ConsoleData data;
    private readonly IRenderedComponent<MudDialogProvider> dialogs;

    public DevelopmentConsoleTests(ConsoleData data)
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

    /// <summary>A branch of its own under A with one League applicant (the shared branch's record stays open for the other tests).</summary>
    private async Task<(OrganizationDto Branch, long RecordId, string Name)> ApplicantAsync()
    {
        var admin = await data.App.AdminAsync();
        var branch = await new TestData(data.App, admin).OrgAsync("league", "branch", data.A.Id);
        var p = People.Young();
        var record = await (await admin.PostJsonAsync("/api/v1/development", new
        {
            system = "league",
            orgId = branch.Id,
            appliedOn = People.Today.AddMonths(-1).ToString("yyyy-MM-dd"),
            person = new
            {
                name = p.Name,
                gender = p.GenderCode,
                ethnicity = p.EthnicityCode,
                birthDate = p.BirthDate.ToString("yyyy-MM-dd"),
                idNumber = p.IdNumber,
                phone = p.Phone,
                education = p.EducationCode,
                politicalStatus = "13",
                workUnit = "某某公司",
            },
        })).ReadAsync<DevelopmentRecordDto>(HttpStatusCode.Created);
        return (branch, record.Id, p.Name);
    }

    private static AngleSharp.Dom.IElement Checkbox(IRenderedComponent<MudDialogProvider> dialogs)
    {
        var box = dialogs.Find("[data-testid=close-confirm-check]");
        return box.TagName == "INPUT" ? box : box.QuerySelector("input")!;
    }

    [Fact]
    public async Task Close_AsksTheReasonAndAConfirmation_ThenTheRecordIsClosed()
    {
        var (branch, id, name) = await ApplicantAsync();
        var cut = Render<DevelopmentTab>(p => p.Add(t => t.Org, branch).Add(t => t.CanWrite, true));
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=record-card]").Should().HaveCount(1), Loaded);
        cut.Find("[data-testid=development-export]").GetAttribute("href").Should().Be($"/api/v1/orgs/{branch.Id}/development.xlsx");
        cut.Find("[data-testid=record-card]").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=close-record]").Should().HaveCount(1), Loaded);

        cut.Find("[data-testid=close-record]").Click();
        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain("终止发展程序").And.Contain(name));
        dialogs.Find("[data-testid=close-confirm]").HasAttribute("disabled").Should().BeTrue();
        dialogs.Find("#close-reason").Input("本人申请撤回");
        dialogs.Find("[data-testid=close-confirm]").HasAttribute("disabled").Should().BeTrue("the closing is not confirmed yet");
        Checkbox(dialogs).Change(true);
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=close-confirm]").HasAttribute("disabled").Should().BeFalse());
        dialogs.Find("[data-testid=close-confirm]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=closed-reason]").TextContent.Should().Contain("本人申请撤回"), Loaded);
        cut.FindAll("[data-testid=record-card]").Should().BeEmpty("a closed record leaves the pipeline");
        var admin = await data.App.AdminAsync();
        (await admin.GetOkAsync<DevelopmentRecordDto>($"/api/v1/development/{id}"))
            .Should().BeEquivalentTo(new { Stage = DevelopmentStage.Closed, CloseReason = "本人申请撤回" });
    }

    [Fact]
    public async Task Close_Cancelled_LeavesTheRecordOpen()
    {
        var (branch, id, _) = await ApplicantAsync();
        var cut = Render<DevelopmentTab>(p => p.Add(t => t.Org, branch).Add(t => t.CanWrite, true));
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=record-card]").Should().HaveCount(1), Loaded);
        cut.Find("[data-testid=record-card]").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=close-record]").Should().HaveCount(1), Loaded);

        cut.Find("[data-testid=close-record]").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("[data-testid=close-cancel]").Should().HaveCount(1));
        dialogs.Find("#close-reason").Input("误操作");
        dialogs.Find("[data-testid=close-cancel]").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("[data-testid=close-confirm]").Should().BeEmpty());

        var admin = await data.App.AdminAsync();
        (await admin.GetOkAsync<DevelopmentRecordDto>($"/api/v1/development/{id}")).Stage.Should().Be(DevelopmentStage.Applicant);
    }
}
