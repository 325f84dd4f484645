using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;

namespace Zhijian.Web.Features.Dues;

/// <summary>
/// Demo data: a profile for every member on the roll (party: employed on after-tax pay 3,000–15,000, retired from 60, a few
/// agreed amounts; League: employed, trainees under 20 as students), twelve months of lines ending with this month at the
/// rules' amounts, paid as branches collect them (one receipt per branch and month, cash or payroll deduction), some members
/// paying late by quarter (bank transfer), a few 4–6 months in arrears (the duesArrears alerts), two waivers, and the month
/// totals summed from the lines. The demo member account's own line of this month stays due (to pay it on /me).
/// </summary>
public sealed class DuesDemo(ZhijianDbContext db, RuleBook rules) : IDemoContributor
{
    public int Order => 110;

    private sealed record Member(long Id, long PersonId, OrgSystem System, long OrgId, string OrgPath, string Name, DateOnly? Birth);

    private enum Habit
    {
        OnTime,
        Late,
        Arrears,
    }

    private sealed record Bill(Member Member, DuesMonth Month, long AmountFen)
    {
        public string? PaymentKey { get; set; }
        public string? WaiveReason { get; set; }
    }

    private sealed record PaymentPlan(string Key, long OrgId, string OrgPath, DuesMethod Method, DateOnly PaidOn, string? Reference)
    {
        public List<Bill> Bills { get; } = [];
    }

    public async Task SeedAsync(DemoContext demo, CancellationToken ct)
    {
        var members = await db.Memberships.AsNoTracking()
            .Where(m => m.State == MemberState.Active || m.State == MemberState.Flowing).OrderBy(m => m.Id)
            .Select(m => new Member(m.Id, m.PersonId, m.System, m.OrgId, m.OrgPath, m.Person!.Name, m.Person.BirthDate)).ToListAsync(ct);
        var thisMonth = DuesMonth.Of(demo.Today);
        var first = thisMonth.AddMonths(-11);
        var at = new DateTimeOffset(first.FirstDay.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero);
        var profiles = members.Select(m => Profile(demo, m, first, at)).ToList();
        await db.InsertAsync(profiles, ct);

        var set = await rules.CurrentAsync(ct);
        var bills = new List<Bill>();
        foreach (var (m, p) in members.Zip(profiles))
        {
            for (var month = first; month.CompareTo(thisMonth) <= 0; month = month.Next)
            {
                bills.Add(new Bill(m, month, DuesRules.For(set, m.System, month).AmountFen(p.Category, p.BaseFen, p.FixedFen).Fen));
            }
        }

        var selfService = members.FirstOrDefault(m => m.System == OrgSystem.League)?.Id;
        var payments = Plan(demo, bills, thisMonth, selfService);
        await db.InsertAsync(payments.Values.Select(p => p.Payment).ToList(), ct);
        await NumberReceiptsAsync(ct);
        var lines = bills.Select(b => ToLine(b, payments)).ToList();
        await db.InsertAsync(lines, ct);
        await SumTotalsAsync(ct);
    }

    private static DuesProfile Profile(DemoContext demo, Member m, DuesMonth from, DateTimeOffset at)
    {
        var age = m.Birth is { } b ? demo.Today.Year - b.Year : 40;
        var roll = demo.Random.Next(100);
        var pay = (3000 + demo.Random.Next(0, 1201) * 10) * 100L; // after-tax pay 3,000–15,000 yuan, in fen
        (DuesCategory Category, long? BaseFen, long? FixedFen, string? Note) p = m.System switch
        {
            OrgSystem.Party when age >= 60 => (DuesCategory.Retired, pay / 2, null, null),
            OrgSystem.Party when roll < 2 => (DuesCategory.Fixed, null, 100_00L, "本人自愿每月多交党费"),
            OrgSystem.League when age < 20 => (DuesCategory.Student, null, null, null),
            _ => (DuesCategory.Employed, pay, null, null),
        };
        return new DuesProfile(m.Id, m.System, p.Category, p.BaseFen, p.FixedFen, from, p.Note, at, "demo");
    }

    private sealed record Planned(PaymentPlan Plan, DuesPayment Payment);

    /// <summary>Who pays which month when: habits drawn per member, collections per branch and month, late payers by quarter.</summary>
    private static Dictionary<string, Planned> Plan(DemoContext demo, List<Bill> bills, DuesMonth thisMonth, long? selfService)
    {
        var plans = new Dictionary<string, PaymentPlan>();
        var collected = new Dictionary<long, int>(); // branch → day of this month it collected (0 = not yet)
        foreach (var member in bills.GroupBy(b => b.Member))
        {
            var m = member.Key;
            var roll = demo.Random.Next(1000);
            var habit = m.Id == selfService ? Habit.OnTime : roll < 6 ? Habit.Arrears : roll < 130 ? Habit.Late : Habit.OnTime;
            var owing = habit == Habit.Arrears ? 4 + demo.Random.Next(3) : 0;
            if (!collected.ContainsKey(m.OrgId))
            {
                collected[m.OrgId] = demo.Random.Next(10) < 6 ? Math.Min(demo.Today.Day, 3 + demo.Random.Next(12)) : 0;
            }

            foreach (var b in member)
            {
                var age = (thisMonth.Year - b.Month.Year) * 12 + thisMonth.Month - b.Month.Month;
                if (age < owing || (m.Id == selfService && age == 0))
                {
                    continue; // still due
                }

                var plan = habit == Habit.Late ? LatePlan(demo, plans, b, thisMonth) : CollectionPlan(demo, plans, b, age, collected[m.OrgId]);
                plan?.Bills.Add(b);
                b.PaymentKey = plan?.Key;
            }
        }

        Waive(demo, bills.Where(b => b.PaymentKey is not null && b.Month.CompareTo(thisMonth) < 0).ToList());
        return plans.Values.Where(p => p.Bills.Any(b => b.PaymentKey == p.Key)).ToDictionary(p => p.Key, p => new Planned(p, ToPayment(p)));
    }

    private static PaymentPlan? CollectionPlan(DemoContext demo, Dictionary<string, PaymentPlan> plans, Bill b, int age, int dayThisMonth)
    {
        if (age == 0 && dayThisMonth == 0)
        {
            return null; // this branch has not collected this month yet
        }

        var key = $"c{b.Member.OrgId}-{b.Month.Key}";
        if (!plans.TryGetValue(key, out var plan))
        {
            var day = age == 0 ? dayThisMonth : 3 + demo.Random.Next(15);
            var method = b.Member.System == OrgSystem.Party && demo.Random.Next(2) == 0 ? DuesMethod.Payroll : DuesMethod.Cash;
            plan = new PaymentPlan(key, b.Member.OrgId, b.Member.OrgPath, method, b.Month.FirstDay.AddDays(day - 1),
                method == DuesMethod.Payroll ? $"{b.Month} 工资代扣" : $"{b.Month} 支部收缴");
            plans[key] = plan;
        }

        return plan;
    }

    /// <summary>Late payers pay each quarter's months together on the 10th after the quarter (due while that day is ahead).</summary>
    private static PaymentPlan? LatePlan(DemoContext demo, Dictionary<string, PaymentPlan> plans, Bill b, DuesMonth thisMonth)
    {
        var quarterEnd = new DuesMonth(b.Month.Year, (b.Month.Month - 1) / 3 * 3 + 3);
        var paidOn = quarterEnd.Next.FirstDay.AddDays(9);
        if (paidOn > demo.Today || quarterEnd.CompareTo(thisMonth) >= 0)
        {
            return null;
        }

        var key = $"l{b.Member.Id}-{quarterEnd.Key}";
        if (!plans.TryGetValue(key, out var plan))
        {
            plan = new PaymentPlan(key, b.Member.OrgId, b.Member.OrgPath, DuesMethod.BankTransfer, paidOn, $"补交 {quarterEnd.Year} 年第 {quarterEnd.Month / 3} 季度");
            plans[key] = plan;
        }

        return plan;
    }

    /// <summary>Two paid lines become waivers instead (生活困难, decided by the branch).</summary>
    private static void Waive(DemoContext demo, List<Bill> paid)
    {
        for (var i = 0; i < 2 && paid.Count > 0; i++)
        {
            var b = paid[demo.Random.Next(paid.Count)];
            paid.Remove(b);
            b.PaymentKey = null;
            b.WaiveReason = "家庭生活困难，经支部委员会研究同意免交";
        }
    }

    private static DuesPayment ToPayment(PaymentPlan p)
    {
        var bills = p.Bills.Where(b => b.PaymentKey == p.Key).ToList();
        p.Bills.RemoveAll(b => b.PaymentKey != p.Key);
        var people = bills.Select(b => b.Member).DistinctBy(m => m.PersonId).ToList();
        var payer = people.Count == 1 ? people[0].Name : $"{people[0].Name}等 {people.Count} 人";
        var at = new DateTimeOffset(p.PaidOn.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero);
        return new DuesPayment(p.OrgPath, p.OrgId, p.Method, p.PaidOn, p.Reference, bills.Sum(b => b.AmountFen), payer, bills.Count, at, "demo");
    }

    private static DuesLine ToLine(Bill b, Dictionary<string, Planned> payments)
    {
        var m = b.Member;
        var line = DuesLine.Billed(m.Id, m.PersonId, m.System, m.OrgId, m.OrgPath, b.Month, b.AmountFen);
        if (b.PaymentKey is { } key && payments.TryGetValue(key, out var p))
        {
            line.Pay(p.Payment.Id, p.Payment.Method, p.Payment.PaidOn, p.Payment.CreatedAt);
        }
        else if (b.WaiveReason is { } reason)
        {
            line.Waive(reason, new DateTimeOffset(b.Month.FirstDay.AddDays(14).ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));
        }

        return line;
    }

    /// <summary>Receipt numbers as <see cref="DuesPayment.Number"/> writes them (DF, year, id in eight digits), in one statement.</summary>
    private Task<int> NumberReceiptsAsync(CancellationToken ct) => db.Database.ExecuteSqlRawAsync(db.IsPostgres
        ? """UPDATE "DuesPayments" SET "ReceiptNo" = 'DF' || to_char("PaidOn", 'YYYY') || lpad("Id"::text, 8, '0') WHERE "ReceiptNo" = ''"""
        : """UPDATE "DuesPayments" SET "ReceiptNo" = 'DF' || substr("PaidOn", 1, 4) || printf('%08d', "Id") WHERE "ReceiptNo" = ''""", ct);

    /// <summary>The month totals of every organization, summed from the lines in one grouped INSERT … SELECT.</summary>
    private Task<int> SumTotalsAsync(CancellationToken ct) => db.Database.ExecuteSqlRawAsync("""
        INSERT INTO "DuesMonthTotals" ("OrgId", "OrgPath", "Month", "Lines", "DueFen", "PaidFen", "WaivedFen", "PaidLines")
        SELECT l."OrgId", MIN(l."OrgPath"), l."Month", COUNT(*), SUM(l."AmountFen"), SUM(l."PaidFen"),
            SUM(CASE WHEN l."State" = 'Waived' THEN l."AmountFen" ELSE 0 END), SUM(CASE WHEN l."State" = 'Paid' THEN 1 ELSE 0 END)
        FROM "DuesLines" l GROUP BY l."OrgId", l."Month"
        """, ct);
}
