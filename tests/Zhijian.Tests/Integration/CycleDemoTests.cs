using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Elections;
using Zhijian.Web.Features.Evaluations;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Tests.Integration;

public sealed class CycleDemoTestsOnSqlite(SqliteApp app) : CycleDemoTests(app), IClassFixture<SqliteApp>;

public sealed class CycleDemoTestsOnPostgres(PostgresApp app) : CycleDemoTests(app), IClassFixture<PostgresApp>;

/// <summary>The demo database's yearly cycles look alive: last year's evaluations and registrations (some missing), elections.</summary>
public abstract class CycleDemoTests(AppFixture app)
{
    [Fact]
    public async Task TheDemo_HasLastYearsCycles_AndAnElectionForEveryOrganization()
    {
        await using var factory = app.InstanceOver(await app.NewDatabaseAsync(), _ => { });
        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<DemoSeeder>().SeedAsync("Demo-Password-1", TestContext.Current.CancellationToken);
        var db = sp.GetRequiredService<ZhijianDbContext>();
        var year = People.Today.Year - 1;

        var branches = await db.Organizations.CountAsync(o => o.Kind == OrgKind.Branch && o.Status == OrgStatus.Active);
        var evaluated = await db.Set<Evaluation>().CountAsync(e => e.Year == year && e.State == EvaluationState.Closed);
        evaluated.Should().BeGreaterThan(branches / 2).And.BeLessThan(branches, "some branches did not evaluate");
        var tallies = await db.Set<RegistrationTally>().Where(t => t.Year == year).ToListAsync();
        tallies.Should().NotBeEmpty();
        (await db.Set<Registration>().CountAsync(r => r.Year == year)).Should().Be(tallies.Sum(t => t.Registered));

        // Some League branches held no evaluation last year (the committee's board shows them as 未开展).
        (await db.Organizations.CountAsync(o => o.Kind == OrgKind.Branch && o.Status == OrgStatus.Active && o.System == OrgSystem.League
            && !db.Set<Evaluation>().Any(e => e.OrgId == o.Id && e.Year == year))).Should().BePositive();

        // The registration rollups (rebuilt in SQL by the demo) equal the tallies summed by path range, at every League committee.
        foreach (var committee in await db.Organizations.Where(o => o.System == OrgSystem.League && o.Kind == OrgKind.Committee)
                     .Select(o => new { o.Id, o.Path }).ToListAsync())
        {
            var summed = await db.Set<RegistrationTally>().Where(t => t.Year == year && t.OrgPath.StartsWith(committee.Path)).SumAsync(t => (long)t.Registered);
            (await db.Set<RegistrationRollup>().Where(r => r.OrgId == committee.Id && r.Year == year).Select(r => r.Registered)
                .FirstOrDefaultAsync()).Should().Be(summed);
        }

        // No campaign breaks the 30% rule.
        var counts = await db.Set<EvaluationEntry>().GroupBy(x => x.EvaluationId)
            .Select(g => new { Id = g.Key, Excellent = g.Count(x => x.Grade == Grade.Excellent), Members = g.Count() }).ToListAsync();
        counts.Should().OnlyContain(c => c.Excellent <= EvaluationRules.MaxExcellent(c.Members, 0.30m));

        var orgs = await db.Organizations.CountAsync(o => o.Kind != OrgKind.Group && o.Status == OrgStatus.Active);
        (await db.Set<Election>().Select(e => e.OrgId).Distinct().CountAsync()).Should().Be(orgs);
        (await db.Set<ElectionSeat>().CountAsync()).Should().BeGreaterThan(orgs);
        var today = People.Today;
        (await db.Organizations.CountAsync(o => o.TermEndsOn != null && o.TermEndsOn <= today)).Should().BePositive("a few terms are overdue");
        (await db.Organizations.CountAsync(o => o.TermEndsOn > today && o.TermEndsOn <= today.AddMonths(6))).Should().BePositive("a few end soon");
    }
}
