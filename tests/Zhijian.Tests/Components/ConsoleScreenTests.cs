using System.Net;
using AwesomeAssertions;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using Zhijian.Web.Components;
using Zhijian.Web.Features.Alerts.Pages;
using Zhijian.Web.Features.Meetings.Pages;
using Zhijian.Web.Features.Members.Pages;
using Zhijian.Web.Features.Organizations.Pages;

namespace Zhijian.Tests.Components;

/// <summary>
/// The console fitting the screen and saying things clearly (issue 19, items 7, 8, 9, 12, 16): the members grid's
/// density, column chooser and phone list; MudBlazor's own labels in Chinese; 不适用 on the compliance board; parent
/// paths and the breadcrumb; alerts an observer cannot close show no buttons.
/// </summary>
public sealed class ConsoleScreenTests : ComponentTest, IClassFixture<ConsoleData>
{
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(15);
    private readonly ConsoleData data;

    public ConsoleScreenTests(ConsoleData data)
    {
        this.data = data;
        var app = data.App.Factory.Services;
        Services.AddScoped(sp => new UiRunner(app.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<AuthenticationStateProvider>(), sp.GetRequiredService<ISnackbar>(), sp.GetRequiredService<ILogger<UiRunner>>()));
        Services.AddSingleton(app.GetRequiredService<TimeProvider>());
        Services.AddSingleton(app.GetRequiredService<OrgTabs>());
        ChineseMudLocalizer.Register(Services);
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Render<MudPopoverProvider>();
    }

    private void SignIn(bool admin)
    {
        Auth.SetAuthorized(admin ? "admin" : "observer");
        Auth.SetClaims(admin ? data.Admin : data.Observer);
    }

    private IRenderedComponent<MembersTab> Members(bool admin)
    {
        SignIn(admin);
        var cut = Render<MembersTab>(p => p.Add(t => t.Org, data.A1).Add(t => t.CanWrite, admin));
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=members-table] tbody tr").Should().HaveCount(data.Members.Count), Loaded);
        return cut;
    }

    [Fact]
    public void MembersGrid_IsDenseByDefault_OneLinePerCell_AndTheDensityToggles()
    {
        var cut = Members(admin: true);

        var table = cut.Find("[data-testid=members-table]");
        table.ClassList.Should().Contain(["zj-grid", "zj-dense"]);
        cut.Find("[data-testid=toggle-dense]").Click();
        cut.Find("[data-testid=members-table]").ClassList.Should().NotContain("zj-dense");
    }

    [Fact]
    public void ColumnChooser_HidesAndShowsAColumn()
    {
        var cut = Members(admin: true);
        Headers(cut).Should().Contain("公民身份号码");

        cut.Find("[data-testid=toggle-columns]").Click();
        cut.Find("[data-testid=column-chooser]").TextContent.Should().Contain("出生日期").And.Contain("入团时间");
        cut.Find("input[data-testid=column-id]").Change(false);
        cut.WaitForAssertion(() => Headers(cut).Should().NotContain("公民身份号码").And.Contain("出生日期"));
        cut.FindAll("[data-testid=reveal]").Should().BeEmpty("the ID column with its 显示 buttons is hidden");

        cut.Find("input[data-testid=column-id]").Change(true);
        cut.WaitForAssertion(() => Headers(cut).Should().Contain("公民身份号码"));
    }

    [Fact]
    public void PhoneList_ShowsEveryMemberOfThePage_WithLabels()
    {
        var cut = Members(admin: false);

        var cards = cut.FindAll("[data-testid=member-list-compact] [data-testid=member-card]");
        cards.Should().HaveCount(data.Members.Count);
        foreach (var card in cards)
        {
            var labels = card.QuerySelectorAll("dt").Select(d => d.TextContent).ToList();
            labels.Should().Contain(["性别", "出生日期", "入团时间", "所在支部"]);
        }

        cut.Find("[data-testid=member-list-compact]").TextContent.Should().Contain(data.Members[0].Person.Name).And.Contain($"共 {data.Members.Count} 人");
    }

    [Fact]
    public void GridSelection_AndPager_SpeakChinese()
    {
        var cut = Members(admin: true);

        // The selection checkboxes are labelled by screen-reader-only text (aria-labelledby).
        var spoken = cut.FindAll(".mud-sr-only").Select(e => e.TextContent).ToList();
        spoken.Should().Contain("全选本页").And.Contain("选择此行");
        var labels = cut.FindAll("[aria-label]").Select(e => e.GetAttribute("aria-label")!).Concat(spoken).ToList();
        labels.Should().NotContain(l => l.Contains("Select", StringComparison.OrdinalIgnoreCase) || l.Contains("page", StringComparison.OrdinalIgnoreCase));
        cut.Markup.Should().NotContain("Choose File");
        cut.Find("[data-testid=toggle-import]").Click();
        cut.Find("[data-testid=choose-import-file]").TextContent.Should().Contain("选择文件");
    }

    [Fact]
    public void ComplianceBoard_SaysNotApplicable_WhereNothingIsRequiredYet()
    {
        SignIn(admin: false);
        var cut = Render<ComplianceTab>(p => p.Add(t => t.Org, data.A).Add(t => t.CanWrite, false));

        // The yearly types (组织生活会, 团员教育评议) have no ended period within the current year.
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=compliance-rate]").Should().NotBeEmpty(), Loaded);
        var rows = cut.FindAll("[data-testid=compliance-types] tbody tr").ToDictionary(r => r.QuerySelector("td")!.TextContent, r => r);
        rows["组织生活会"].QuerySelector("[data-testid=compliance-rate]")!.TextContent.Should().Be("不适用");
        rows["组织生活会"].TextContent.Should().NotContain("100%");
    }

    [Fact]
    public void Console_ShowsTheBreadcrumb_AndExpandsTheTreeToTheOpenedOrganization()
    {
        SignIn(admin: true);
        var cut = Render<OrgConsole>(p => p.Add(c => c.Id, data.A1.Id));

        cut.WaitForAssertion(() => cut.Find("[data-testid=org-title]").TextContent.Should().Be(data.A1.Name), Loaded);
        var crumbs = cut.Find("[data-testid=org-breadcrumb]");
        crumbs.TextContent.Should().Contain(data.A.ShortName).And.Contain(data.A1.ShortName);
        crumbs.QuerySelector($"a[href='/orgs/{data.A.Id}']").Should().NotBeNull("an ancestor in scope is a link");
        cut.WaitForAssertion(() => cut.Find("[data-testid=org-tree]").TextContent.Should().Contain(data.A1.ShortName), Loaded);

        cut.Find("[data-testid=toggle-tree]").Click();
        cut.FindAll("[data-testid=org-tree-panel]").Should().BeEmpty("the tree folds away to give the grid the screen");
    }

    [Fact]
    public void Console_OutOfScope_SaysSo()
    {
        SignIn(admin: false);
        var cut = Render<OrgConsole>(p => p.Add(c => c.Id, data.B.Id));

        cut.WaitForAssertion(() => cut.Find("[data-testid=org-out-of-scope]").TextContent.Should().Contain("不在您的管理范围内"), Loaded);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Alerts_ShowCloseButtonsOnlyToAdministrators_WithTheParentPathAndAnOrgLink(bool admin)
    {
        var client = await data.App.AdminAsync();
        var asOf = DateTimeOffset.UtcNow.AddDays(120).ToString("O");
        (await client.PostAsync($"/api/v1/alerts/scan?asOf={Uri.EscapeDataString(asOf)}", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        SignIn(admin);
        var nav = Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo($"/alerts?orgId={data.A.Id}");
        var cut = Render<AlertsPage>();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=alert-row]").Should().NotBeEmpty(), Loaded);
        var rows = cut.FindAll("[data-testid=alert-row]");
        cut.FindAll("[data-testid=alert-resolve]").Should().HaveCount(admin ? rows.Count : 0);
        cut.FindAll("[data-testid=alert-dismiss]").Should().HaveCount(admin ? rows.Count : 0);
        cut.FindAll("[data-testid=alert-read-only]").Should().HaveCount(admin ? 0 : rows.Count);
        cut.Find("[data-testid=alert-org-filter]").TextContent.Should().Contain(data.A.ShortName);
        var a1Row = rows.First(r => r.TextContent.Contains(data.A1.ShortName));
        a1Row.QuerySelector("[data-testid=alert-org-path]")!.TextContent.Should().Be(data.A.ShortName);
        a1Row.QuerySelector("a[data-testid=alert-org]")!.GetAttribute("href").Should().Be($"/orgs/{data.A1.Id}");
    }

    private static List<string> Headers(IRenderedComponent<MembersTab> cut) =>
        cut.FindAll("[data-testid=members-table] thead th").Select(h => h.TextContent.Trim()).ToList();
}
