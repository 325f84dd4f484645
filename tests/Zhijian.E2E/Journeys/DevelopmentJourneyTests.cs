using System.Text.Json;
using Zhijian.E2E.Infrastructure;
using Zhijian.E2E.Pages;
using Zhijian.Web.Data.Demo;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

/// <summary>发展团员 in the console: the advance form tells the rule while the date is too early, then admits.</summary>
public sealed class DevelopmentJourneyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private const long LeagueRoot = 1;

    [Fact]
    public async Task AdvanceAnActivist_TooEarlyShowsTheRule_ThenTheMemberIsAdmitted()
    {
        await SignInAsync("admin");
        var api = Page.APIRequest;
        var branch = JsonDocument.Parse(await (await api.GetAsync($"{App.BaseAddress}api/v1/orgs/{LeagueRoot}/children")).TextAsync())
            .RootElement.EnumerateArray().First(o => o.GetProperty("kind").GetString() == "branch");
        var branchId = branch.GetProperty("id").GetInt64();
        var today = new DateOnly(2026, 11, 23); // the demo server's clock (BrowserApp.ClockStart)
        var p = new PersonFaker(20261116).Next(new DateOnly(2008, 1, 1), new DateOnly(2009, 12, 31));
        var applied = today.AddMonths(-6);
        var activistOn = today.AddMonths(-5);
        var created = await api.PostAsync($"{App.BaseAddress}api/v1/development", new()
        {
            DataObject = new
            {
                system = "league",
                orgId = branchId,
                appliedOn = applied.ToString("yyyy-MM-dd"),
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
                    workUnit = "某某中学",
                },
            },
        });
        Assert.Equal(201, created.Status);
        var id = JsonDocument.Parse(await created.TextAsync()).RootElement.GetProperty("id").GetInt64();
        var advanced = await api.PostAsync($"{App.BaseAddress}api/v1/development/{id}/advance", new()
        {
            DataObject = new { to = "activist", on = activistOn.ToString("yyyy-MM-dd"), talkOn = applied.AddDays(7).ToString("yyyy-MM-dd") },
        });
        Assert.Equal(200, advanced.Status);

        var console = new OrgConsolePage(Page);
        await console.GotoAsync(branchId);
        await console.OpenTabAsync(DevelopmentTabPage.Tab);
        var tab = new DevelopmentTabPage(Page);
        await tab.Column("activist").Locator("[data-testid=record-card]").Filter(new() { HasText = p.Name }).ClickAsync();
        await Expect(tab.Timeline).ToContainTextAsync("入团积极分子");

        // Two months as activist: too early; the rule and the earliest date are shown as one types.
        await tab.Hours.FillAsync("8");
        await tab.On.FillAsync(activistOn.AddMonths(2).ToString("yyyy-MM-dd"));
        await Expect(tab.RuleMessages.First).ToContainTextAsync("须培养三个月以上");
        await Expect(tab.Earliest).ToContainTextAsync(activistOn.AddMonths(3).ToString("yyyy-MM-dd"));
        await tab.Submit.ClickAsync();
        await Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync("须培养三个月以上");

        // On the earliest day it goes through: a member, in the library.
        await tab.On.FillAsync(activistOn.AddMonths(3).ToString("yyyy-MM-dd"));
        await Expect(tab.RuleMessages).ToHaveCountAsync(0);
        await tab.Submit.ClickAsync();
        await Expect(tab.Timeline).ToContainTextAsync("团员");
        await Expect(tab.Detail).ToContainTextAsync("编号 2026");
    }

    /// <summary>
    /// The demo's party candidate whose branch voted more than three months ago shows the approval overdue; a record of the
    /// same branch is closed through the dialog (reason and confirmation).
    /// </summary>
    [Fact]
    public async Task AVoteAwaitingApprovalShowsOverdue_AndARecordClosesThroughTheDialog()
    {
        await SignInAsync("admin");
        var api = Page.APIRequest;
        var today = new DateOnly(2026, 11, 23); // the demo server's clock (BrowserApp.ClockStart)
        var candidates = JsonDocument.Parse(await (await api.GetAsync(
                $"{App.BaseAddress}api/v1/development?system=party&stage=candidate&pageSize=200")).TextAsync())
            .RootElement.GetProperty("items").EnumerateArray().ToList();
        var overdue = candidates.Single(r => r.GetProperty("awaitingApproval").GetBoolean()
            && DateOnly.Parse(r.GetProperty("nextStepDueOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture) < today);
        var branchId = overdue.GetProperty("orgId").GetInt64();
        var applicant = JsonDocument.Parse(await (await api.GetAsync(
                $"{App.BaseAddress}api/v1/development?orgId={branchId}&stage=applicant&pageSize=200")).TextAsync())
            .RootElement.GetProperty("items").EnumerateArray().First();

        var console = new OrgConsolePage(Page);
        await console.GotoAsync(branchId);
        await console.OpenTabAsync(DevelopmentTabPage.Tab);
        var tab = new DevelopmentTabPage(Page);
        await tab.Column("candidate").Locator("[data-testid=record-card]").Filter(new() { HasText = overdue.GetProperty("name").GetString() })
            .ClickAsync();
        await Expect(tab.AwaitingApproval).ToContainTextAsync(overdue.GetProperty("admittedOn").GetString()!);
        await Expect(tab.AwaitingApproval).ToContainTextAsync("待上级党委审批");

        await tab.Column("applicant").Locator("[data-testid=record-card]").Filter(new() { HasText = applicant.GetProperty("name").GetString() })
            .ClickAsync();
        await tab.Close.ClickAsync();
        await Page.Locator("#close-reason").FillAsync("本人撤回入党申请");
        await Expect(tab.CloseConfirm).ToBeDisabledAsync();
        await Page.GetByText($"确认终止{applicant.GetProperty("name").GetString()}的发展程序").ClickAsync();
        await Expect(tab.CloseConfirm).ToBeEnabledAsync();
        await tab.CloseConfirm.ClickAsync();
        await Expect(tab.ClosedReason).ToContainTextAsync("本人撤回入党申请");
    }
}
