using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Zhijian.E2E.Infrastructure;
using Zhijian.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

/// <summary>A transfer between two League branches: the member applies, one administrator approves, another accepts, the member sees it done.</summary>
public sealed class TransferJourneyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    [Fact]
    public async Task AdministratorApproves_AnotherAccepts_TheMemberSeesCompleted()
    {
        // Set-up through the API: the demo member's membership, a destination branch, one administrator for each side.
        using var api = new HttpClient { BaseAddress = App.BaseAddress };
        var admin = await TokenAsync(api, "admin");
        var member = await TokenAsync(api, "member");
        var me = await GetAsync(api, member, "/api/v1/auth/me");
        var personId = me.GetProperty("personId").GetInt64();
        var fromBranch = me.GetProperty("roles")[0].GetProperty("orgId").GetInt64();
        var members = await GetAsync(api, admin, $"/api/v1/members?orgId={fromBranch}&subtree=false&pageSize=200");
        var memberId = members.GetProperty("items").EnumerateArray().First(m => m.GetProperty("person").GetProperty("id").GetInt64() == personId)
            .GetProperty("id").GetInt64();
        var destinations = await GetAsync(api, admin, "/api/v1/transfers/destinations?system=league&q=团支部");
        var toBranch = destinations.EnumerateArray().First(d => d.GetProperty("kind").GetString() == "branch" && d.GetProperty("id").GetInt64() != fromBranch)
            .GetProperty("id").GetInt64();
        var sender = await AdminOfAsync(api, admin, fromBranch);
        var receiver = await AdminOfAsync(api, admin, toBranch);
        var applied = await SendAsync(api, member, "/api/v1/transfers", new { memberId, toOrgId = toBranch, reason = "work" });
        var transferId = applied.GetProperty("id").GetInt64();

        // The sending branch's administrator approves in the console.
        await SignInAsync(sender);
        var console = new OrgConsolePage(Page);
        var transfers = new TransfersTabPage(Page);
        await console.GotoAsync(fromBranch);
        await transfers.OpenAsync(console);
        await Expect(transfers.State(transferId)).ToContainTextAsync("待转出审批");
        await transfers.ApproveAsync(transferId);
        await Expect(transfers.State(transferId)).ToContainTextAsync("待转入接收");

        // The receiving branch's administrator accepts.
        await Page.Context.ClearCookiesAsync();
        await SignInAsync(receiver);
        await console.GotoAsync(toBranch);
        await transfers.OpenAsync(console);
        await transfers.AcceptAsync(transferId);
        await Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync("已同意接收");

        // The member follows it on /me.
        await Page.Context.ClearCookiesAsync();
        await SignInAsync("member");
        await Page.WaitForURLAsync("**/me", new() { Timeout = 20_000 });
        var mine = Page.Locator($"[data-testid=my-transfer][data-transfer-id='{transferId}']");
        await Expect(mine.GetByTestId("my-transfer-state")).ToHaveTextAsync("已完成");
        await Expect(mine).ToContainTextAsync("同意接收");
    }

    [Fact]
    public async Task ABranchApprovesAll_TheOtherAcceptsAll()
    {
        using var api = new HttpClient { BaseAddress = App.BaseAddress };
        var admin = await TokenAsync(api, "admin");
        var branches = (await GetAsync(api, admin, "/api/v1/transfers/destinations?system=league&q=团支部")).EnumerateArray()
            .Where(d => d.GetProperty("kind").GetString() == "branch").Select(d => d.GetProperty("id").GetInt64()).ToList();
        var (from, to) = (branches[^1], branches[^2]);
        var members = (await GetAsync(api, admin, $"/api/v1/members?orgId={from}&subtree=false&pageSize=3")).GetProperty("items")
            .EnumerateArray().Take(2).Select(m => m.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(2, members.Count);
        foreach (var memberId in members)
        {
            await SendAsync(api, admin, "/api/v1/transfers", new { memberId, toOrgId = to, reason = "work" });
        }

        await SignInAsync("admin");
        var console = new OrgConsolePage(Page);
        var transfers = new TransfersTabPage(Page);
        await console.GotoAsync(from);
        await transfers.OpenAsync(console);
        await transfers.ApproveAll.ClickAsync();
        await transfers.ConfirmAsync("全部同意转出");
        await Expect(transfers.BatchResult).ToContainTextAsync("已办理 2 项。");

        await console.GotoAsync(to);
        await transfers.OpenAsync(console);
        await transfers.AcceptAll.ClickAsync();
        await transfers.ConfirmAsync("全部同意接收");
        await Expect(transfers.BatchResult).ToContainTextAsync("已办理 2 项。");
        foreach (var memberId in members)
        {
            Assert.Equal(to, (await GetAsync(api, admin, $"/api/v1/members/{memberId}")).GetProperty("orgId").GetInt64());
        }
    }

    [Fact]
    public async Task AnAdministratorTransfersAMemberToAUnitOutside_FromTheMembersList_ConfirmingEachStep()
    {
        using var api = new HttpClient { BaseAddress = App.BaseAddress };
        var admin = await TokenAsync(api, "admin");
        var branch = (await GetAsync(api, admin, "/api/v1/transfers/destinations?system=league&q=团支部")).EnumerateArray()
            .Where(d => d.GetProperty("kind").GetString() == "branch").Select(d => d.GetProperty("id").GetInt64()).ToList()[^3];
        var member = (await GetAsync(api, admin, $"/api/v1/members?orgId={branch}&subtree=false&pageSize=5")).GetProperty("items")[0];
        var (memberId, name) = (member.GetProperty("id").GetInt64(), member.GetProperty("person").GetProperty("name").GetString()!);

        await SignInAsync("admin");
        var console = new OrgConsolePage(Page);
        var transfers = new TransfersTabPage(Page);
        await console.GotoAsync(branch);
        await console.OpenTabAsync(MembersTabPage.LeagueTab);
        var members = new MembersTabPage(Page);
        await members.Rows.Filter(new() { HasText = name }).First.GetByTestId("member-transfer").ClickAsync();
        await transfers.StartOutsideAsync("共青团某某大学委员会", "升学");
        await Expect(Page.Locator(".mud-snackbar")).ToContainTextAsync("已发起");

        var created = (await GetAsync(api, admin, $"/api/v1/transfers?orgId={branch}&direction=out&state=pendingOut")).GetProperty("items")
            .EnumerateArray().First(t => t.GetProperty("memberId").GetInt64() == memberId);
        var transferId = created.GetProperty("id").GetInt64();
        Assert.Equal("study", created.GetProperty("reason").GetString());
        await transfers.OpenAsync(console);
        await transfers.Row(transferId).GetByTestId("transfer-approve").ClickAsync();
        await Expect(transfers.Confirmation).ToContainTextAsync("将开具介绍信");
        await transfers.ConfirmAsync("同意转出");
        await Expect(transfers.State(transferId)).ToContainTextAsync("待转入接收");
        await Expect(transfers.Row(transferId).GetByText("介绍信")).ToBeVisibleAsync();
    }

    private static async Task<string> TokenAsync(HttpClient api, string user)
    {
        var response = await api.PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password = BrowserApp.DemoPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<JsonElement> GetAsync(HttpClient api, string token, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await api.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> SendAsync(HttpClient api, string token, string url, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> AdminOfAsync(HttpClient api, string adminToken, long orgId)
    {
        var name = $"t{Guid.NewGuid():N}"[..12];
        var user = await SendAsync(api, adminToken, "/api/v1/users", new { userName = name, password = BrowserApp.DemoPassword });
        await SendAsync(api, adminToken, $"/api/v1/users/{user.GetProperty("id").GetInt64()}/roles", new { role = "orgAdmin", orgId });
        return name;
    }
}
