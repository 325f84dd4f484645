using System.Text.Json;
using Microsoft.Playwright;
using Zhijian.E2E.Infrastructure;
using Zhijian.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Zhijian.E2E.Journeys;

/// <summary>
/// axe-core (tools/axe, installed with npm like the other node tools) over the sign-in page, every tab of the console
/// and /me: no serious or critical violation of WCAG 2 A/AA. The script is evaluated through Playwright (not a script
/// tag), so the site's Content-Security-Policy stays as it is.
/// </summary>
public sealed class AccessibilityTests(BrowserApp app) : BrowserTest(app), IClassFixture<BrowserApp>
{
    private const string BranchName = "共青团第二地质大队勘查支部委员会";

    private static readonly Lazy<string> Axe = new(() =>
    {
        var path = Path.Combine(Repository.Root, "tools", "axe", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException($"{path} is missing: run `npm ci` in tools/axe");
    });

    [Fact]
    public async Task SignInPage_HasNoSeriousViolations()
    {
        var login = new LoginPage(Page);
        await login.GotoAsync();
        await AssertNoSeriousViolationsAsync("登录页");
    }

    [Fact]
    public async Task ConsoleTabs_HaveNoSeriousViolations()
    {
        await SignInAsync("admin");
        var console = new OrgConsolePage(Page);
        await console.GotoAsync();
        await console.SearchAsync("kctzb");
        await console.SearchResult(BranchName).ClickAsync();
        await Expect(console.Title).ToHaveTextAsync(BranchName);
        await Expect(console.TabSlider).ToBeVisibleAsync();
        var failures = new List<string>();
        var tabs = await Page.GetByRole(AriaRole.Tab).AllInnerTextsAsync();
        foreach (var tab in tabs.Select(t => t.Trim()).Where(t => t.Length > 0))
        {
            await console.OpenTabAsync(tab);
            await Page.WaitForTimeoutAsync(1500); // the tab loads its data over the circuit
            failures.AddRange(await ViolationsAsync($"控制台「{tab}」"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task MePage_HasNoSeriousViolations()
    {
        await SignInAsync("member");
        var me = new MePage(Page);
        await me.GotoAsync();
        await Expect(me.Record).ToBeVisibleAsync();
        await AssertNoSeriousViolationsAsync("/me");
    }

    private async Task AssertNoSeriousViolationsAsync(string where)
    {
        var failures = await ViolationsAsync(where);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The serious and critical WCAG 2 A/AA violations of the page as it is now, one line each.</summary>
    private async Task<List<string>> ViolationsAsync(string where)
    {
        if (!await Page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await Page.EvaluateAsync(Axe.Value + "\n;void 0");
        }

        var violations = await Page.EvaluateAsync<JsonElement>("""
            async () => {
                const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
                return result.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                                 nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 160)) }));
            }
            """);
        return violations.EnumerateArray()
            .Select(v => $"{where}: {v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}) {v.GetProperty("help").GetString()} — "
                         + string.Join(" | ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))
            .ToList();
    }
}
