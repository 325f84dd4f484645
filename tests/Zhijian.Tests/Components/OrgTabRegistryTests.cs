using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Web.Components;
using Zhijian.Web.Features.Members.Pages;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Organizations.Pages;

namespace Zhijian.Tests.Components;

/// <summary>The console's tab registry: order, where a tab applies, who sees it, and that no tab is forgotten.</summary>
public sealed class OrgTabRegistryTests
{
    private static OrganizationDto Org(OrgSystem system, OrgKind kind) => new(1, system, kind, null, "/1/", 0,
        "某某委员会", "某某", null, null, null, null, null, null, OrgStatus.Active, 0, 0, 0, "委员会", null, null, null, null);

    private static OrgTabs Registry(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        return services.BuildServiceProvider().GetRequiredService<OrgTabs>();
    }

    [Fact]
    public void For_OrdersTheTabs_AndFiltersBySystemKindAndObserver()
    {
        var tabs = Registry(s => s
            .AddOrgTab<AuditTab>("审计日志", order: 110, new() { ObserversSee = false })
            .AddOrgTab<MembersTab>(o => o.System == OrgSystem.League ? "团员" : "党员", order: 20,
                new() { Systems = new HashSet<OrgSystem> { OrgSystem.League } })
            .AddOrgTab<CompletenessTab>("信息完整度", order: 80, new() { Kinds = new HashSet<OrgKind> { OrgKind.Branch } }));

        var league = Org(OrgSystem.League, OrgKind.Branch);
        tabs.For(league, canWrite: true).Select(t => t.Title(league)).Should().Equal("团员", "信息完整度", "审计日志");
        tabs.For(league, canWrite: false).Select(t => t.Component).Should().Equal(typeof(MembersTab), typeof(CompletenessTab));
        tabs.For(Org(OrgSystem.Party, OrgKind.Committee), canWrite: true).Select(t => t.Component).Should().Equal(typeof(AuditTab));
    }

    [Fact]
    public void RegisteringATabTwice_FailsAtStart()
    {
        var act = () => Registry(s => s.AddOrgTab<AuditTab>("审计日志", 1).AddOrgTab<AuditTab>("审计", 2));

        act.Should().Throw<InvalidOperationException>().WithMessage("*AuditTab*");
    }
}
