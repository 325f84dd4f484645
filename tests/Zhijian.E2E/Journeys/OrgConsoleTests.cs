using Zhijian.E2E.Infrastructure;
using Zhijian.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

public sealed class OrgConsoleTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private const long LeagueRoot = 1;

    [Fact]
    public async Task Search_ByPinyinInitials_FindsBranches_AndOpensOne()
    {
        await SignInAsync("admin");
        var console = new OrgConsolePage(Page);
        await console.GotoAsync();
        await Expect(console.Tree).ToContainTextAsync("局团委");

        // 勘查团支部 (kān chá tuán zhī bù): one in each of the four League committees.
        await console.SearchAsync("kctzb");
        await Expect(console.SearchResults).ToHaveCountAsync(4);
        await Expect(console.SearchResult("共青团第二地质大队勘查支部委员会")).ToContainTextAsync("勘查团支部");

        await console.SearchResult("共青团第二地质大队勘查支部委员会").ClickAsync();
        await Expect(console.Title).ToHaveTextAsync("共青团第二地质大队勘查支部委员会");
        await Expect(console.Summary).ToContainTextAsync("简称「勘查团支部」");
        Assert.Matches(@"/orgs/\d+$", Page.Url);
    }

    [Fact]
    public async Task Search_WithoutMatch_SaysSo()
    {
        await SignInAsync("admin");
        var console = new OrgConsolePage(Page);
        await console.GotoAsync(LeagueRoot);

        await console.SearchAsync("qqqqxx");
        await Expect(console.SearchResultList).ToContainTextAsync("没有找到匹配的组织");
    }

    [Fact]
    public async Task CreateChild_UnderLeagueRoot_AppearsInChildrenTable()
    {
        await SignInAsync("admin");
        var console = new OrgConsolePage(Page);
        await console.GotoAsync(LeagueRoot);
        await console.OpenChildrenAsync();
        await Expect(console.ChildRows).ToHaveCountAsync(12);
        await Expect(console.ChildRow("信息中心团支部")).ToHaveCountAsync(0);

        await console.CreateChildAsync("团支部", "共青团华东冶金地质勘查局信息中心支部委员会", "信息中心团支部");

        await Expect(console.Snackbar.Filter(new() { HasText = "已新建「信息中心团支部」" })).ToBeVisibleAsync();
        await Expect(console.ChildRow("信息中心团支部")).ToContainTextAsync("团支部");
        await Expect(console.ChildRows).ToHaveCountAsync(13);
        await Expect(console.Summary).ToContainTextAsync("直属下级 13 个");
    }
}
