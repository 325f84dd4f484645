using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhijian.Tests.Infrastructure;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Dues;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Integration;

public sealed class DuesDemoTestsOnSqlite(SqliteApp app) : DuesDemoTests(app), IClassFixture<SqliteApp>;

public sealed class DuesDemoTestsOnPostgres(PostgresApp app) : DuesDemoTests(app), IClassFixture<PostgresApp>;

/// <summary>The demo's dues look alive and add up: profiles for all, a year of lines, receipts, totals equal to the lines.</summary>
public abstract class DuesDemoTests(AppFixture app)
{
    [Fact]
    public async Task TheDemo_HasAProfileForEveryMember_AYearOfLines_ReceiptsAndTotalsThatAddUp()
    {
        await using var factory = app.InstanceOver(await app.NewDatabaseAsync(), _ => { });
        await using var scope = factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<DemoSeeder>().SeedAsync("Demo-Password-1", TestContext.Current.CancellationToken);
        var db = sp.GetRequiredService<ZhijianDbContext>();
        var thisMonth = DuesMonth.Of(sp.GetRequiredService<TimeProvider>().Today());
        var first = thisMonth.AddMonths(-11);

        var members = await db.Memberships.CountAsync(m => m.State == MemberState.Active || m.State == MemberState.Flowing);
        var profiles = db.Set<DuesProfile>();
        (await profiles.Select(p => p.MembershipId).Distinct().CountAsync()).Should().Be(members);
        (await profiles.CountAsync(p => p.Category == DuesCategory.Student)).Should().BePositive("League trainees under 20");
        (await profiles.CountAsync(p => p.Category == DuesCategory.Employed && (p.BaseFen < 3000_00 || p.BaseFen > 15000_00))).Should().Be(0);

        var lines = db.Set<DuesLine>();
        (await lines.CountAsync()).Should().Be(members * 12);
        (await lines.MinAsync(l => l.Month)).Should().Be(first.Key);
        (await lines.MaxAsync(l => l.Month)).Should().Be(thisMonth.Key);
        var paid = await lines.CountAsync(l => l.State == DuesState.Paid);
        paid.Should().BeGreaterThan(members * 12 * 8 / 10, "most pay on time");
        (await lines.CountAsync(l => l.State == DuesState.Waived)).Should().Be(2);

        // Every paid line is on a receipt whose total and count are its lines'.
        (await lines.CountAsync(l => l.State == DuesState.Paid && (l.PaymentId == null || l.PaidFen != l.AmountFen))).Should().Be(0);
        var receipts = await db.Set<DuesPayment>().Select(p => new { p.Id, p.TotalFen, p.Lines, p.ReceiptNo }).ToListAsync();
        var byPayment = await lines.Where(l => l.PaymentId != null).GroupBy(l => l.PaymentId!.Value)
            .Select(g => new { Id = g.Key, Fen = g.Sum(l => l.PaidFen), Count = g.Count() }).ToListAsync();
        byPayment.Select(p => (p.Id, p.Fen, p.Count)).Should().BeEquivalentTo(receipts.Select(r => (r.Id, r.TotalFen, r.Lines)));
        receipts.Should().OnlyContain(r => r.ReceiptNo.Length == 14 && r.ReceiptNo.StartsWith("DF"));

        // The month totals are the lines' sums, per organization and month.
        var totals = await db.Set<DuesMonthTotal>().GroupBy(t => t.Month)
            .Select(g => new { Month = g.Key, Due = g.Sum(t => t.DueFen), Paid = g.Sum(t => t.PaidFen) }).ToListAsync();
        var sums = await lines.GroupBy(l => l.Month)
            .Select(g => new { Month = g.Key, Due = g.Sum(l => l.AmountFen), Paid = g.Sum(l => l.PaidFen) }).ToListAsync();
        totals.Should().BeEquivalentTo(sums);

        // A few members (not hundreds) owe three months or more: the arrears alerts.
        var cutoff = thisMonth.AddMonths(-3).Key;
        var arrears = await lines.Where(l => l.State == DuesState.Due && l.Month <= cutoff).Select(l => l.MembershipId).Distinct().CountAsync();
        arrears.Should().BeInRange(1, Math.Max(2, members / 50));

        // The demo member's own line of this month waits to be paid on /me.
        var person = await db.Users.Where(u => u.UserName == "member").Select(u => u.PersonId).SingleAsync();
        (await lines.Where(l => l.PersonId == person && l.Month == thisMonth.Key).Select(l => l.State).SingleAsync()).Should().Be(DuesState.Due);
    }
}
