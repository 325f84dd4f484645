using System.Text.Json;
using Zhijian.E2E.Infrastructure;
using Zhijian.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

/// <summary>Dues: an officer records one payment for two members and downloads the receipt, an officer imports payroll
/// deductions, a member pays on /me by phone.</summary>
public sealed class DuesJourneyTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private const string ThisMonth = "2026-11"; // the demo server's clock (BrowserApp.ClockStart)

    /// <summary>Signs in as the administrator; the branches with at least three unpaid lines this month, with those lines.</summary>
    private async Task<List<IGrouping<long, JsonElement>>> UnpaidByBranchAsync()
    {
        await SignInAsync("admin");
        var response = await Page.APIRequest.GetAsync($"{App.BaseAddress}api/v1/dues?orgId=1&subtree=true&month={ThisMonth}&state=due&pageSize=200");
        return JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("items").EnumerateArray()
            .GroupBy(l => l.GetProperty("orgId").GetInt64()).Where(g => g.Count() >= 3).ToList();
    }

    [Fact]
    public async Task AnOfficer_RecordsAPaymentOfTwoLines_AndDownloadsTheReceipt()
    {
        var api = Page.APIRequest;
        // A League branch that has not collected this month yet (the demo leaves about four in ten so), not the demo member's.
        var branchId = (await UnpaidByBranchAsync()).Max(g => g.Key);

        var console = new OrgConsolePage(Page);
        await console.GotoAsync(branchId);
        await console.OpenTabAsync(DuesTabPage.DuesTab);
        var tab = new DuesTabPage(Page);
        await Expect(tab.Summary).ToContainTextAsync("收缴率");
        await tab.PayFirstAsync(2);

        var href = await tab.Receipt.GetAttributeAsync("href");
        var pdf = await api.GetAsync(App.BaseAddress + href!.TrimStart('/'));
        Assert.Equal(200, pdf.Status);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        var body = await pdf.BodyAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(body, 0, 4));
        await Expect(Page.GetByTestId("dues-line-receipt").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnOfficer_ImportsPayrollDeductions_SeesTheRefusedRow_AndTheLinesPaid()
    {
        var api = Page.APIRequest;
        // Another branch than the receipt journey's (it takes the highest id): the lowest with three unpaid lines this month.
        var lines = (await UnpaidByBranchAsync()).MinBy(g => g.Key)!.Take(2).ToList();
        var branchId = lines[0].GetProperty("orgId").GetInt64();

        // The payroll office's sheet: the full ID numbers (revealed with a reason, as an officer would look them up).
        var csv = new System.Text.StringBuilder("\uFEFF公民身份号码,月份,金额（元）\r\n");
        foreach (var line in lines)
        {
            var revealed = await api.PostAsync($"{App.BaseAddress}api/v1/members/{line.GetProperty("memberId").GetInt64()}/reveal",
                new() { DataObject = new { reason = "核对工资代扣党（团）费" } });
            Assert.Equal(200, revealed.Status);
            var idNumber = JsonDocument.Parse(await revealed.TextAsync()).RootElement.GetProperty("idNumber").GetString();
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{idNumber},{ThisMonth},{line.GetProperty("amountYuan").GetDecimal():0.00}\r\n");
        }

        csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"12345,{ThisMonth},1.00\r\n");

        var console = new OrgConsolePage(Page);
        await console.GotoAsync(branchId);
        await console.OpenTabAsync(DuesTabPage.DuesTab);
        var tab = new DuesTabPage(Page);
        await tab.ImportPaymentsAsync("工资代扣.csv", System.Text.Encoding.UTF8.GetBytes(csv.ToString()));

        await Expect(tab.ImportResult).ToContainTextAsync("共 3 行，导入 2 行，未导入 1 行");
        await Expect(tab.ImportErrors).ToContainTextAsync("公民身份号码");
        foreach (var line in lines)
        {
            var after = JsonDocument.Parse(await (await api.GetAsync($"{App.BaseAddress}api/v1/dues?orgId={branchId}&month={ThisMonth}&pageSize=200")).TextAsync())
                .RootElement.GetProperty("items").EnumerateArray().Single(l => l.GetProperty("id").GetInt64() == line.GetProperty("id").GetInt64());
            Assert.Equal("paid", after.GetProperty("state").GetString());
            Assert.Equal("payroll", after.GetProperty("method").GetString());
        }
    }

    [Fact]
    public async Task AMember_OnAPhone_PaysAnUnpaidMonthThroughTheSandbox_AndSeesItPaid()
    {
        await Page.SetViewportSizeAsync(375, 740);
        await SignInAsync("member");
        await Page.WaitForURLAsync("**/me", new() { Timeout = 20_000 });
        var me = new MyDuesPage(Page);
        await Expect(me.Monthly).ToContainTextAsync("元");
        await Expect(me.Unpaid.First).ToContainTextAsync(ThisMonth);
        var overflow = await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the dues section scrolls sideways at 375 px");

        await me.PayFirstUnpaidAsync();

        await Expect(me.Outstanding).ToContainTextAsync("0.00 元");
        await Expect(me.History.First).ToContainTextAsync(ThisMonth);
        await Expect(me.History.First).ToContainTextAsync("已交（在线支付）");
        await Expect(me.History.First.GetByTestId("my-dues-receipt")).ToBeVisibleAsync();
    }
}
