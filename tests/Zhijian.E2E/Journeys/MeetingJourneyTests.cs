using System.Text.Json;
using Zhijian.E2E.Infrastructure;
using Zhijian.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

/// <summary>Organizational life in the console: record a meeting with attendance; a superior sees compliance and 补录.</summary>
public sealed class MeetingJourneyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private const long LeagueRoot = 1;

    [Fact]
    public async Task RecordAMeeting_WithAttendance_ThenTheSuperiorSeesComplianceAnd补录()
    {
        await SignInAsync("admin");
        var api = Page.APIRequest;
        var children = JsonDocument.Parse(await (await api.GetAsync($"{App.BaseAddress}api/v1/orgs/{LeagueRoot}/children")).TextAsync())
            .RootElement.EnumerateArray()
            .First(o => o.GetProperty("kind").GetString() == "branch" && o.GetProperty("memberCount").GetInt32() >= 2);
        var branchId = children.GetProperty("id").GetInt64();
        var branchName = children.GetProperty("shortName").GetString()!;
        var today = new DateOnly(2026, 11, 23); // the demo server's clock (BrowserApp.ClockStart)

        // A meeting held ten days ago and recorded only now: 补录.
        var late = await PlanAsync(branchId, "lecture", today.AddDays(-10), "补录的团课");
        var recorded = await api.PostAsync($"{App.BaseAddress}api/v1/meetings/{late}/record", new()
        {
            DataObject = new { heldOn = today.AddDays(-10).ToString("yyyy-MM-dd"), minutes = "团课记录" },
        });
        Assert.Equal(200, recorded.Status);
        await PlanAsync(branchId, "committee", today, "本月支委会");

        var console = new OrgConsolePage(Page);
        await console.GotoAsync(branchId);
        await console.OpenTabAsync(MeetingsTabPage.MeetingsTab);
        var tab = new MeetingsTabPage(Page);
        await Expect(tab.MeetingRow("补录的团课")).ToContainTextAsync("补录");
        await tab.MeetingRow("本月支委会").ClickAsync();
        await Expect(tab.Detail).ToContainTextAsync("支委会");
        await Expect(tab.AttendanceRows.First).ToBeVisibleAsync();

        // Everyone present but the first, who is away on business.
        var count = await tab.AttendanceRows.CountAsync();
        for (var i = 1; i < count; i++)
        {
            await tab.Present(i).CheckAsync();
        }

        await tab.AbsenceReason(0).FillAsync("出差");
        await tab.Minutes.FillAsync("研究本月主题团日活动安排。");
        await tab.Submit.ClickAsync();

        await Expect(tab.Chain).ToHaveTextAsync("记录完整，未被改动");
        await Expect(tab.Versions).ToContainTextAsync("第 1 版");
        await Expect(tab.MeetingRow("本月支委会")).ToContainTextAsync("已记录（第 1 版）");

        // The same month as a calendar: each meeting on its day, and a click opens it.
        await tab.CalendarView.ClickAsync();
        await Expect(tab.CalendarTitle).ToHaveTextAsync("2026年11月");
        await Expect(tab.Day(today)).ToContainTextAsync("支委会");
        await Expect(tab.Day(today.AddDays(-10))).ToContainTextAsync("补录");
        Directory.CreateDirectory(Repository.Screenshots);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Screenshots, "meetings-calendar.png"), Animations = Microsoft.Playwright.ScreenshotAnimations.Disabled });
        await tab.Day(today.AddDays(-10)).GetByTestId("calendar-item").ClickAsync();
        await Expect(tab.Detail).ToContainTextAsync("团课");

        // The superior (the League committee) sees the branch's compliance and its 补录.
        await console.GotoAsync(LeagueRoot);
        await console.OpenTabAsync(MeetingsTabPage.ComplianceTab);
        await Expect(Page.GetByTestId("compliance-summary")).ToContainTextAsync("补录");
        // The demo's year of meetings has 补录 of its own in some branches: this one is counted among them.
        await Expect(tab.ComplianceRow(branchName)).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"补录 [1-9]\d*"));
    }

    [Fact]
    public async Task RecordingIsConfirmed_AttachmentsUpload_AndTheRecordPrints()
    {
        await SignInAsync("admin");
        var branch = JsonDocument.Parse(await (await Page.APIRequest.GetAsync($"{App.BaseAddress}api/v1/orgs/{LeagueRoot}/children")).TextAsync())
            .RootElement.EnumerateArray().Where(o => o.GetProperty("kind").GetString() == "branch" && o.GetProperty("memberCount").GetInt32() >= 1)
            .Skip(1).First().GetProperty("id").GetInt64();
        var id = await PlanAsync(branch, "committee", new DateOnly(2026, 11, 23), "确认与附件");

        var console = new OrgConsolePage(Page);
        await console.GotoAsync(branch);
        await console.OpenTabAsync(MeetingsTabPage.MeetingsTab);
        var tab = new MeetingsTabPage(Page);
        await tab.MeetingRow("确认与附件").ClickAsync();
        await Expect(Page.GetByTestId("record-form-title")).ToHaveTextAsync("提交会议记录");
        await tab.Minutes.FillAsync("研究团员发展计划。");
        await tab.Submit.ClickAsync();

        await Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync("会议记录已提交");
        await Expect(Page.GetByTestId("start-correction")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("record-form-title")).ToHaveCountAsync(0);

        // A photo of the 签到表 (a 1×1 PNG).
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        await Page.GetByTestId("attachment-input").SetInputFilesAsync(new Microsoft.Playwright.FilePayload { Name = "签到表.png", MimeType = "image/png", Buffer = png });
        await Expect(Page.GetByTestId("attachment-list")).ToContainTextAsync("签到表.png");

        var print = await Page.Context.NewPageAsync();
        await print.GotoAsync($"{App.BaseAddress}print/meetings/{id}");
        await Expect(print.GetByTestId("meeting-print")).ToContainTextAsync("研究团员发展计划。");
        await Expect(print.GetByTestId("meeting-print")).ToContainTextAsync("签到表.png");
        await Expect(print.GetByTestId("print-button")).ToBeVisibleAsync();
    }

    private async Task<long> PlanAsync(long orgId, string type, DateOnly date, string topic)
    {
        var response = await Page.APIRequest.PostAsync($"{App.BaseAddress}api/v1/meetings", new()
        {
            DataObject = new { orgId, type, date = date.ToString("yyyy-MM-dd"), topic, place = "团员活动室" },
        });
        Assert.Equal(201, response.Status);
        return JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("id").GetInt64();
    }
}
