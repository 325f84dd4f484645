using AwesomeAssertions;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using Zhijian.Web.Components;
using Zhijian.Web.Features.Elections.Pages;
using Zhijian.Web.Features.Evaluations.Pages;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Tests.Components;

/// <summary>The yearly cycles' tabs (评议, 团籍注册, 换届) over the real services and a seeded tree (<see cref="ConsoleData"/>).</summary>
public sealed class CycleTabTests : ComponentTest, IClassFixture<ConsoleData>
{
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(15);
    private readonly ConsoleData data;

    public CycleTabTests(ConsoleData data)
    {
        this.data = data;
        var app = data.App.Factory.Services;
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

    [Fact]
    public void EvaluationsTab_OpensAndCountsExcellentLive_ObserversCannotOpen()
    {
        var observer = RenderTab<EvaluationsTab>(data.A1, admin: false);
        observer.WaitForAssertion(() => Text(observer, "no-evaluation").Should().Contain("尚未发起"), Loaded);
        observer.FindAll("[data-testid=open-evaluation]").Should().BeEmpty();

        var cut = RenderTab<EvaluationsTab>(data.A1, admin: true);
        cut.WaitForAssertion(() => cut.Find("[data-testid=open-evaluation]"), Loaded);
        cut.Find("[data-testid=open-evaluation]").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=grade-row]").Should().NotBeEmpty(), Loaded);
        var members = cut.FindAll("[data-testid=grade-row]").Count;
        var max = (int)Math.Floor(members * 0.3m);
        Text(cut, "excellent-counter").Should().Contain($"优秀 0 / 最多 {max} 人");

        var first = cut.FindAll("select[data-testid^=grade-]")[0];
        first.Change("Excellent");
        Text(cut, "excellent-counter").Should().Contain($"优秀 1 / 最多 {max} 人");
        cut.Find("[data-testid=save-results]").Should().NotBeNull();
    }

    [Fact]
    public void EvaluationsTab_AboveABranch_ShowsEveryBranchDoneOrNot_FiltersAndExports()
    {
        var cut = RenderTab<EvaluationsTab>(data.A, admin: false);
        cut.WaitForAssertion(() => Text(cut, "evaluation-board-summary").Should().Contain("下级支部 1 个"), Loaded);
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=board-row]").Should().ContainSingle()
            .Which.TextContent.Should().Contain(data.A1.ShortName), Loaded);
        cut.Find("[data-testid=evaluation-board-export]").GetAttribute("href").Should()
            .StartWith($"/api/v1/orgs/{data.A.Id}/evaluations/board.xlsx?year=");

        cut.Find("[data-testid=filter-closed]").Click(); // the branch never closes an evaluation in these tests
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=board-row]").Should().BeEmpty(), Loaded);
        cut.Find("[data-testid=filter-all]").Click();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=board-row]").Should().ContainSingle(), Loaded);
        cut.FindAll("[data-testid=open-evaluation]").Should().BeEmpty("campaigns are opened at a branch");
    }

    [Fact]
    public void RegistrationTab_ShowsTheStatistics_AndTheNotRegistered()
    {
        var cut = RenderTab<RegistrationTab>(data.A, admin: false);
        cut.WaitForAssertion(() => Text(cut, "registration-summary").Should().Contain("已注册 0 人"), Loaded);
        Text(cut, "registration-branches").Should().Contain(data.A1.ShortName);
        Text(cut, "unregistered-list").Should().Contain(data.Members[1].Person.Name);
        cut.FindAll("[data-testid=register]").Should().BeEmpty("registration is per branch, by writers");
        cut.Find("[data-testid=registration-export]").GetAttribute("href").Should()
            .StartWith($"/api/v1/orgs/{data.A.Id}/registration-stats.xlsx?year=");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TermsTab_ShowsTheTermAndTheBoard_AndRecordsOnlyForWriters(bool admin)
    {
        var cut = RenderTab<TermsTab>(data.A, admin);
        cut.WaitForAssertion(() => Text(cut, "term-current").Should().Contain("本届"), Loaded);
        cut.Find("[data-testid=term-board]").TextContent.Should().Contain("届满");
        cut.FindAll("[data-testid=toggle-election]").Should().HaveCount(admin ? 1 : 0);
        cut.Find("[data-testid=terms-export]").GetAttribute("href").Should().Be($"/api/v1/orgs/{data.A.Id}/terms.xlsx");
        if (admin)
        {
            cut.Find("[data-testid=toggle-election]").Click();
            cut.WaitForAssertion(() => cut.FindAll("[data-testid=seat-member] option").Count.Should().BeGreaterThan(1), Loaded);
        }
    }
}
