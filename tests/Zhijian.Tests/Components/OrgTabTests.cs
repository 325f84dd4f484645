using System.Net.Http.Json;
using AwesomeAssertions;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using Zhijian.Web.Components;
using Zhijian.Web.Features.Cadres.Pages;
using Zhijian.Web.Features.Corrections.Pages;
using Zhijian.Web.Features.Development.Pages;
using Zhijian.Web.Features.Dues.Pages;
using Zhijian.Web.Features.Meetings.Pages;
using Zhijian.Web.Features.Members.Pages;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Organizations.Pages;
using Zhijian.Web.Features.Statistics.Pages;
using Zhijian.Web.Features.Transfers.Pages;

namespace Zhijian.Tests.Components;

/// <summary>
/// Each tab of the organization console rendered over the application's real services and a seeded tree
/// (<see cref="ConsoleData"/>): what an administrator sees, and that an observer gets no write controls.
/// </summary>
public sealed class OrgTabTests : ComponentTest, IClassFixture<ConsoleData>
{
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(15);
    private readonly ConsoleData data;

    public OrgTabTests(ConsoleData data)
    {
        this.data = data;
        var app = data.App.Factory.Services;
        // The page runner opens its scopes in the application's container, as the console's does.
        Services.AddScoped(sp => new UiRunner(app.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<AuthenticationStateProvider>(), sp.GetRequiredService<ISnackbar>(), sp.GetRequiredService<ILogger<UiRunner>>()));
        Services.AddSingleton(app.GetRequiredService<TimeProvider>());
        Services.AddSingleton(app.GetRequiredService<OrgTabs>());
        Render<MudPopoverProvider>();
    }

    private IRenderedComponent<TTab> RenderTab<TTab>(OrganizationDto org, bool admin)
        where TTab : OrgTabBase
    {
        Auth.SetAuthorized(admin ? "admin" : "observer");
        Auth.SetClaims(admin ? data.Admin : data.Observer);
        return Render<TTab>(p => p.Add(t => t.Org, org).Add(t => t.CanWrite, admin));
    }

    private static string Text<T>(IRenderedComponent<T> cut, string testId)
        where T : IComponent => cut.Find($"[data-testid={testId}]").TextContent;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void InfoTab_ShowsTheDetails_AndSaveOnlyToWriters(bool admin)
    {
        var cut = RenderTab<OrgInfoTab>(data.A1, admin);

        cut.Find("#org-name").GetAttribute("value").Should().Be(data.A1.Name);
        cut.Markup.Should().Contain("组织全称").And.Contain("组织简称");
        cut.FindAll("[data-testid=save-org]").Should().HaveCount(admin ? 1 : 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MembersTab_ListsTheBranchMembers_AndHidesWriteControlsFromObservers(bool admin)
    {
        var cut = RenderTab<MembersTab>(data.A1, admin);

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=members-table] tbody tr").Should().HaveCount(data.Members.Count), Loaded);
        var table = Text(cut, "members-table");
        table.Should().Contain("公民身份号码").And.Contain("入团时间");
        foreach (var m in data.Members)
        {
            table.Should().Contain(m.Person.Name);
        }

        cut.FindAll("[data-testid=toggle-member-form]").Should().HaveCount(admin ? 1 : 0);
        cut.FindAll("[data-testid=toggle-import]").Should().HaveCount(admin ? 1 : 0);
        cut.FindAll("[data-testid=reveal]").Should().HaveCount(admin ? data.Members.Count : 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PositionsTab_ListsTheSecretary_AndAppointsOnlyForWriters(bool admin)
    {
        var cut = RenderTab<PositionsTab>(data.A1, admin);

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=positions-table] tbody tr").Should().HaveCount(1), Loaded);
        Text(cut, "positions-table").Should().Contain("职务").And.Contain("任职时间").And.Contain("书记");
        cut.FindAll("[data-testid=toggle-appoint]").Should().HaveCount(admin ? 1 : 0);
        cut.FindAll("[data-testid=end-position]").Should().HaveCount(admin ? 1 : 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ChildrenTab_ListsTheBranch_AndCreatesOnlyForWriters(bool admin)
    {
        var cut = RenderTab<OrgChildrenTab>(data.A, admin);

        cut.WaitForAssertion(() => Text(cut, "children-table").Should().Contain(data.A1.ShortName), Loaded);
        Text(cut, "children-table").Should().Contain("在册人数");
        cut.FindAll("[data-testid=create-org]").Should().HaveCount(admin ? 1 : 0);
        cut.Markup.Contains("移动", StringComparison.Ordinal).Should().Be(admin);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TransfersTab_ShowsThePendingTransfer_AndDecisionsOnlyToWriters(bool admin)
    {
        var cut = RenderTab<TransfersTab>(data.A1, admin);

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=transfer-row]").Should().HaveCount(1), Loaded);
        Text(cut, "transfers-table").Should().Contain(data.Members[0].Person.Name).And.Contain("办理期限");
        cut.FindAll("[data-testid=transfer-approve]").Should().HaveCount(admin ? 1 : 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MeetingsTab_ListsThePlannedMeeting_AndPlansOnlyForWriters(bool admin)
    {
        var cut = RenderTab<MeetingsTab>(data.A1, admin);

        cut.WaitForAssertion(() => Text(cut, "meeting-list").Should().Contain(data.MeetingTopic), Loaded);
        Text(cut, "meeting-list").Should().Contain("已安排");
        cut.FindAll("[data-testid=plan-meeting]").Should().HaveCount(admin ? 1 : 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DevelopmentTab_ShowsThePipeline_TheTimeline_AndAdvancesOnlyForWriters(bool admin)
    {
        var cut = RenderTab<DevelopmentTab>(data.A1, admin);

        cut.WaitForAssertion(() => Text(cut, "column-applicant").Should().Contain(data.ApplicantName).And.Contain("（1）"), Loaded);
        Text(cut, "column-activist").Should().Contain("入团积极分子").And.Contain("（0）");
        Text(cut, "development-figures").Should().Contain("接收 0");
        cut.FindAll("[data-testid=start-recommend]").Should().HaveCount(admin ? 1 : 0);

        cut.Find("[data-testid=record-card]").Click();
        cut.WaitForAssertion(() => Text(cut, "record-timeline").Should().Contain("入团申请人"), Loaded);
        cut.FindAll("[data-testid=advance-submit]").Should().HaveCount(admin ? 1 : 0);
        if (admin)
        {
            cut.WaitForAssertion(() => Text(cut, "earliest-on").Should().Contain(Zhijian.Tests.Infrastructure.People.Today.AddMonths(-2).ToString("yyyy-MM-dd")), Loaded);
        }
    }

    [Fact]
    public void ComplianceTab_ShowsTheTypesAndTheBranch()
    {
        var cut = RenderTab<ComplianceTab>(data.A, admin: false);

        cut.WaitForAssertion(() => Text(cut, "compliance-summary").Should().Contain("支部 1 个"), Loaded);
        Text(cut, "compliance-types").Should().Contain("会议类型").And.Contain("支委会");
        Text(cut, "compliance-branches").Should().Contain(data.A1.ShortName);
    }

    [Fact]
    public async Task DuesTab_GeneratesTheMonth_RecordsAPayment_AndLinksTheReceipt()
    {
        var admin = await data.App.AdminAsync();
        var month = Zhijian.Web.Features.Dues.DuesMonth.Of(Infrastructure.People.Today).ToString();
        foreach (var m in data.Members)
        {
            (await admin.PutAsJsonAsync($"/api/v1/members/{m.Id}/dues-profile", new { category = "student", effectiveFrom = month },
                Infrastructure.Api.Json)).EnsureSuccessStatusCode();
        }

        var cut = RenderTab<DuesTab>(data.A, admin: true);
        cut.WaitForAssertion(() => cut.Find("[data-testid=dues-generate]"), Loaded);
        cut.Find("[data-testid=dues-generate]").Click();
        cut.WaitForAssertion(() => Text(cut, "dues-generated").Should().Contain($"缺少档案 0 人"), Loaded);
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=dues-line]").Count.Should().Be(data.Members.Count), Loaded);
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=dues-profile-row]").Count.Should().Be(data.Members.Count), Loaded);
        cut.FindAll("[data-testid=dues-select]")[0].Change(true);
        cut.FindAll("[data-testid=dues-select]")[1].Change(true);
        cut.Find("[data-testid=dues-pay]").Click();
        cut.WaitForAssertion(() => Text(cut, "dues-confirm").Should().Contain("确认登记 2 条，合计 0.40 元"), Loaded);
        cut.FindAll("[data-testid=dues-receipt]").Should().BeEmpty("nothing is recorded before the confirmation");
        cut.Find("[data-testid=dues-confirm-yes]").Click();
        cut.WaitForAssertion(() => Text(cut, "dues-receipt").Should().StartWith("DF"), Loaded);
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=dues-line-receipt]").Count.Should().Be(2), Loaded);
        cut.FindAll("[data-testid=dues-waive]").Should().HaveCount(data.Members.Count - 2);
        cut.WaitForAssertion(() => Text(cut, "dues-summary").Should().Contain("团费").And.Contain("已交 0.40 元"), Loaded);
        cut.FindAll("[data-testid=dues-by-org-row]").Should().NotBeEmpty();

        // The ledger keeps its selection (and filters) when another section writes: the tab re-renders, the ledger is not reset.
        cut.FindAll("[data-testid=dues-select]")[0].Change(true);
        cut.Find("#dues-bulk-base").Change("3000");
        cut.Find("[data-testid=dues-bulk-missing]").Click();
        cut.WaitForAssertion(() => Text(cut, "dues-bulk-result").Should().Contain("已设置"), Loaded);
        cut.FindAll("[data-testid=dues-select]")[0].HasAttribute("checked").Should().BeTrue();
        cut.Find("[data-testid=dues-pay]").HasAttribute("disabled").Should().BeFalse();

        var observer = RenderTab<DuesTab>(data.A, admin: false);
        observer.WaitForAssertion(() => observer.FindAll("[data-testid=dues-line]").Count.Should().Be(data.Members.Count), Loaded);
        observer.FindAll("[data-testid=dues-generate]").Should().BeEmpty();
        observer.FindAll("[data-testid=dues-pay]").Should().BeEmpty();
        observer.FindAll("[data-testid=dues-waive]").Should().BeEmpty("waivers are for administrators");
        observer.FindAll("[data-testid=dues-bulk]").Should().BeEmpty();

        var figure = Render<DuesRateFigure>(p => p.Add(f => f.OrgId, data.A.Id));
        figure.WaitForAssertion(() => Text(figure, "dues-rate").Should().EndWith("%"), Loaded);
    }

    [Fact]
    public void DuesTab_SetsEveryMemberWithoutAProfile_AtOnce()
    {
        var cut = RenderTab<DuesTab>(data.A, admin: true);
        cut.WaitForAssertion(() => cut.Find("[data-testid=dues-bulk-missing]"), Loaded);
        cut.Find("#dues-bulk-base").Change("3000");
        cut.Find("[data-testid=dues-bulk-missing]").Click();
        cut.WaitForAssertion(() => Text(cut, "dues-bulk-result").Should().Contain("已设置"), Loaded);
        cut.Find("input[data-testid=dues-profiles-missing], [data-testid=dues-profiles-missing] input").Change(true);
        cut.WaitForAssertion(() => Text(cut, "dues-profiles-total").Should().Be("共 0 人"), Loaded);
    }

    [Fact]
    public async Task DuesTab_EditsOneMembersProfile_FromItsRow()
    {
        // The member's profile in force, set here: the class's other tests set other profiles, in any order.
        var admin = await data.App.AdminAsync();
        var member = data.Members[^1];
        var month = Zhijian.Web.Features.Dues.DuesMonth.Of(Infrastructure.People.Today).ToString();
        (await admin.PutAsJsonAsync($"/api/v1/members/{member.Id}/dues-profile", new { category = "employed", baseYuan = 3000m, effectiveFrom = month },
            Infrastructure.Api.Json)).EnsureSuccessStatusCode();
        var name = member.Person.Name;
        var cut = RenderTab<DuesTab>(data.A, admin: true);
        AngleSharp.Dom.IElement Row() => cut.FindAll("[data-testid=dues-profile-row]").Single(r => r.QuerySelectorAll("td")[1].TextContent == name);
        cut.WaitForAssertion(() => Row(), Loaded);

        Row().QuerySelector("[data-testid=dues-profile-edit]")!.Click();

        Text(cut, "dues-profile-editing").Should().Contain(name);
        cut.Find("[data-testid=dues-bulk-selected]").TextContent.Should().Contain("1 人");
        cut.Find("#dues-bulk-base").GetAttribute("value").Should().Be("3000", "the form holds the profile in force");
        cut.Find("#dues-bulk-base").Change("4000");
        cut.Find("[data-testid=dues-bulk-selected]").Click();
        cut.WaitForAssertion(() => Text(cut, "dues-bulk-result").Should().Contain("已设置 1 人"), Loaded);
        cut.WaitForAssertion(() => Row().TextContent.Should().Contain("4000.00"), Loaded);
    }

    [Fact]
    public void CompletenessTab_ShowsTheRate()
    {
        var cut = RenderTab<CompletenessTab>(data.A, admin: false);

        cut.WaitForAssertion(() => Text(cut, "completeness-overall").Should().EndWith("%"), Loaded);
        cut.Markup.Should().Contain($"/ {data.Members.Count} 人必填项齐全");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CorrectionsTab_ShowsTheColumns_AndTheActionColumnOnlyToWriters(bool admin)
    {
        var cut = RenderTab<CorrectionsTab>(data.A, admin);

        cut.WaitForAssertion(() => Text(cut, "corrections-table").Should().Contain("暂无待处理的更正申请"), Loaded);
        var headers = cut.FindAll("[data-testid=corrections-table] th").Select(h => h.TextContent.Trim()).ToList();
        headers.Should().Contain(["提交时间", "信息项", "应为"]);
        headers.Contains("操作").Should().Be(admin);
    }

    [Fact]
    public void StatsTab_CountsTheSubtree()
    {
        var cut = RenderTab<OrgStatsTab>(data.A, admin: false);

        cut.WaitForAssertion(() => Text(cut, "stats-members").Should().Be(data.Members.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)), Loaded);
        cut.Markup.Should().Contain("按年龄段").And.Contain("班子成员");
        Text(cut, "stats-members-label").Should().Be(data.A.System == OrgSystem.League ? "在册团员" : "在册党员");
        cut.Find("[data-testid=stats-export]").GetAttribute("href").Should().Be($"/api/v1/orgs/{data.A.Id}/stats.xlsx");
        cut.FindAll("[data-testid=donut]").Should().NotBeEmpty();
        cut.FindAll("[data-testid=trend-month]").Should().HaveCount(Zhijian.Web.Features.Statistics.StatisticsService.TrendMonths);
        // Development's section (IStatisticsSection): the branch's League applicant under 在途.
        cut.WaitForAssertion(() => Text(cut, "stats-section").Should().Contain("发展"), Loaded);
        cut.FindAll("[data-testid=stats-figure]").Select(f => f.TextContent).Should().Contain(t => t.Contains("入团申请人") && t.Contains('1'));
    }

    [Fact]
    public void AuditTab_ListsTheSubtreesEvents()
    {
        var cut = RenderTab<AuditTab>(data.A1, admin: false);

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=audit-table] tbody tr").Should().NotBeEmpty(), Loaded);
        Text(cut, "audit-table").Should().Contain("操作人").And.Contain(Zhijian.Tests.Infrastructure.AppFixture.AdminUser);
    }

    [Fact]
    public void AuditTab_ShowsTheSubtreeByDefault_AndTheOrganizationAloneOnTheSwitch()
    {
        var cut = RenderTab<AuditTab>(data.A, admin: false);

        // Committee A's subtree: the events of branch A1 too, with the organization named on each row.
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=audit-org]").Select(c => c.TextContent).Should().Contain(data.A1.ShortName), Loaded);
        Text(cut, "audit-table").Should().Contain("组织");

        cut.Find("input[data-testid=audit-org-only], [data-testid=audit-org-only] input").Change(true);
        cut.WaitForAssertion(() =>
        {
            cut.FindAll("[data-testid=audit-org]").Should().BeEmpty();
            cut.FindAll("[data-testid=audit-table] tbody tr").Should().NotBeEmpty();
            Text(cut, "audit-table").Should().NotContain(data.A1.ShortName);
        }, Loaded);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Console_RendersTheRegisteredTabs_InOrder(bool admin)
    {
        Auth.SetAuthorized(admin ? "admin" : "observer");
        Auth.SetClaims(admin ? data.Admin : data.Observer);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var cut = Render<OrgConsole>(p => p.Add(c => c.Id, data.A1.Id));

        cut.WaitForAssertion(() => Text(cut, "org-title").Should().Be(data.A1.Name), Loaded);
        cut.FindAll(".mud-tab").Select(t => t.TextContent.Trim()).Should().Equal(
            "基本信息", "团员", "班子成员", "下级组织", "关系转接", "三会一课", "落实情况", "信息完整度", "更正申请", "统计", "党费/团费", "发展", "评议", "团籍注册", "换届", "通知", "谈心谈话", "书记信箱", "学习培训", "资料库", "审计日志");
        cut.FindAll("[data-testid=read-only]").Should().HaveCount(admin ? 0 : 1);
        cut.WaitForAssertion(() => cut.Find("#org-name").GetAttribute("value").Should().Be(data.A1.Name), Loaded);
    }

    [Fact]
    public void EveryTabOfTheApplication_IsRegistered()
    {
        var registered = data.App.Factory.Services.GetRequiredService<OrgTabs>().All.Select(t => t.Component);

        var tabs = typeof(OrgTabBase).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(OrgTabBase)) && !t.IsAbstract);
        registered.Should().BeEquivalentTo(tabs);
    }
}
