using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Zhijian.E2E.Infrastructure;
using Zhijian.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

/// <summary>
/// Issue 18 in the browser: an officer sends a notice with a read receipt, a member reads it on a phone (unread first, read
/// once) and the officer sees the read rate move; the notice prints; a member records study time; an officer finds a word
/// inside an archive document, highlighted.
/// </summary>
public sealed partial class NoticeJourneyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private const long LeagueRoot = 1;

    [Fact]
    public async Task OfficerSendsWithReceipt_MemberReadsOnAPhone_UnreadFirstAndOnce_TheRateMoves_AndItPrints()
    {
        await SignInAsync("admin");
        var console = new OrgConsolePage(Page);
        await console.GotoAsync(LeagueRoot);
        await console.OpenTabAsync(NoticesTabPage.Tab);
        var tab = new NoticesTabPage(Page);
        var title = $"关于参加周六团课的通知（{DateTime.UtcNow:HHmmssfff}）";
        await tab.Compose.ClickAsync();
        await tab.Title.FillAsync(title);
        await tab.Body.FillAsync("请于本周六上午九点到团委会议室参加团课。");
        await tab.Send.ClickAsync();
        await tab.Row(title).ClickAsync();
        await Expect(tab.Rate).ToContainTextAsync("（0 / ");
        var recipients = long.Parse(Rate().Match(await tab.Rate.InnerTextAsync()).Groups["of"].Value);
        Assert.True(recipients > 1);

        // The member, on a phone, in a browser of their own.
        var memberContext = await App.NewContextAsync();
        var phone = await memberContext.NewPageAsync();
        await phone.SetViewportSizeAsync(375, 740);
        var login = new LoginPage(phone);
        await login.GotoAsync();
        await login.SignInAsync("member", BrowserApp.DemoPassword);
        await phone.WaitForURLAsync("**/me", new() { Timeout = 20_000 });
        var inbox = new MyNoticesPage(phone);
        await Expect(inbox.Items.First).ToContainTextAsync(title);
        await Expect(inbox.Items.First).ToHaveAttributeAsync("data-read", "false");
        var states = await inbox.Items.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.read)");
        Assert.Equal(states.OrderBy(s => s == "true").ToArray(), states); // every unread notice before every read one

        await inbox.Open(title).ClickAsync();
        await Expect(inbox.Body).ToContainTextAsync("请于本周六上午九点到团委会议室参加团课。");
        await Expect(inbox.Item(title)).ToHaveAttributeAsync("data-read", "true");
        Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"),
            "the inbox scrolls sideways at 375 px");
        Directory.CreateDirectory(Repository.Screenshots);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Repository.Screenshots, "me-notice-375.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });

        // Opening it again (查看) records nothing more.
        await phone.GotoAsync("/me");
        await Expect(inbox.Open(title)).ToHaveTextAsync("查看");
        await inbox.Open(title).ClickAsync();
        await Expect(inbox.Body).ToBeVisibleAsync();
        var printHref = await inbox.Print.GetAttributeAsync("href");
        await phone.GotoAsync(printHref!);
        await Expect(phone.GetByTestId("print-notice-title")).ToHaveTextAsync(title);
        await Expect(phone.GetByTestId("print-read-summary")).ToHaveCountAsync(0);
        await memberContext.CloseAsync();

        // The officer sees the rate move by one reader, and prints the notice with its read summary.
        await tab.Row(title).ClickAsync();
        await Expect(tab.Rate).ToContainTextAsync($"（1 / {recipients}）");
        var print = await Page.Context.NewPageAsync();
        await print.GotoAsync((await tab.Print.GetAttributeAsync("href"))!);
        await Expect(print.GetByTestId("print-notice-body")).ToContainTextAsync("团委会议室");
        await Expect(print.GetByTestId("print-read-summary")).ToContainTextAsync($"{recipients} 人，已读 1 人");
        await print.ScreenshotAsync(new() { Path = Path.Combine(Repository.Screenshots, "notice-print.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }

    [Fact]
    public async Task Member_RecordsStudyTimeOnACourse_OnAPhone()
    {
        await Page.SetViewportSizeAsync(375, 740);
        await SignInAsync("member");
        await Page.WaitForURLAsync("**/me", new() { Timeout = 20_000 });
        var courses = new MyCoursesPage(Page);
        var course = courses.Open.First;
        await Expect(course).ToBeVisibleAsync();
        var id = (await course.GetAttributeAsync("data-course-id"))!;
        var before = int.Parse(Studied().Match(await course.GetByTestId("course-progress").InnerTextAsync()).Groups["min"].Value);

        await course.GetByTestId("study-minutes").FillAsync("1");
        await course.GetByTestId("study-submit").ClickAsync();

        await Expect(courses.Message).ToBeVisibleAsync();
        await Expect(courses.Course(id).GetByTestId("course-progress")).ToContainTextAsync($"已学 {before + 1} / ");
    }

    [Fact]
    public async Task Officer_SearchesTheArchive_AndSeesAMatchInsideADocumentHighlighted()
    {
        await SignInAsync("admin");
        var console = new OrgConsolePage(Page);
        await console.GotoAsync(LeagueRoot);
        await console.OpenTabAsync(LibrariesTabPage.Tab);
        var tab = new LibrariesTabPage(Page);
        await Expect(tab.Hits.First).ToBeVisibleAsync();

        // Words of the document's text (a .txt of the demo archive), not of its title or tags.
        await tab.Query.FillAsync("暑运保障");
        await tab.Search.ClickAsync();
        await Expect(tab.Hits).ToHaveCountAsync(1);
        await Expect(tab.Hits.First).ToContainTextAsync("铁路青年突击队建设情况报告");
        await Expect(tab.Hits.First.GetByTestId("archive-snippet").Locator("mark")).ToHaveTextAsync("暑运保障");
    }

    [GeneratedRegex(@"（(?<read>\d+) / (?<of>\d+)）")]
    private static partial Regex Rate();

    [GeneratedRegex(@"已学 (?<min>\d+) / ")]
    private static partial Regex Studied();
}
