using System.Globalization;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;

namespace Zhijian.Web.Features.Dues;

/// <summary>How a member's monthly dues are computed (API.md "Dues": the profile's category).</summary>
public enum DuesCategory
{
    Employed,
    Retired,
    Student,
    Unemployed,
    Farmer,
    Relief,
    Fixed,
}

/// <summary>One income bracket: up to <see cref="UpToFen"/> (inclusive, null = no limit) the rate in basis points (0.5% = 50).</summary>
public sealed record DuesBracket(long? UpToFen, long BasisPoints);

/// <summary>
/// The dues rules in force in one month, read from the dated rule rows (rules.csv <c>dues.*</c>): party brackets on the
/// after-tax monthly pay, retired brackets, the minimal 0.2 yuan; League 3 yuan under 2,000, 2‰ rounded down to whole yuan
/// above, at most 20. Both <see cref="AmountFen"/> (one member) and <see cref="Sql"/> (a month's generation, set-based)
/// come from the same parsed numbers, so the two cannot disagree.
/// </summary>
public sealed record DuesRules(
    OrgSystem System,
    IReadOnlyList<DuesBracket> Employed,
    IReadOnlyList<DuesBracket> Retired,
    long MinimalFen,
    long FarmerFen,
    long LowIncomeFen,
    long ThresholdFen,
    long Permille,
    long CapFen)
{
    /// <summary>The rules of <paramref name="system"/> in force on the first day of <paramref name="month"/>.</summary>
    public static DuesRules For(RuleSet set, OrgSystem system, DuesMonth month)
    {
        var on = month.FirstDay;
        if (system == OrgSystem.Party)
        {
            return new DuesRules(system, Brackets(set.Text(system, "dues.employed.brackets", on)),
                Brackets(set.Text(system, "dues.retired.brackets", on)), Fen(set.Decimal(system, "dues.minimalYuan", on)),
                Fen(set.Decimal(system, "dues.farmerYuan", on)), 0, 0, 0, 0);
        }

        return new DuesRules(system, [], [], Fen(set.Decimal(system, "dues.minimalYuan", on)),
            Fen(set.Decimal(system, "dues.minimalYuan", on)), Fen(set.Decimal(system, "dues.lowIncomeYuan", on)),
            Fen(set.Decimal(system, "dues.incomeThresholdYuan", on)), set.Int(system, "dues.permille", on),
            Fen(set.Decimal(system, "dues.capYuan", on)));
    }

    /// <summary>The monthly amount in fen and the rule key it came from; <paramref name="baseFen"/> is the after-tax monthly income.</summary>
    public (long Fen, string RuleKey) AmountFen(DuesCategory category, long? baseFen, long? fixedFen) => category switch
    {
        DuesCategory.Fixed => (fixedFen ?? 0, "dues.fixed"),
        DuesCategory.Student or DuesCategory.Unemployed or DuesCategory.Relief => (MinimalFen, "dues.minimalYuan"),
        DuesCategory.Farmer => (FarmerFen, System == OrgSystem.Party ? "dues.farmerYuan" : "dues.minimalYuan"),
        _ when System == OrgSystem.League => (League(baseFen ?? 0), "dues.permille"),
        DuesCategory.Retired => (Bracketed(Retired, baseFen ?? 0), "dues.retired.brackets"),
        _ => (Bracketed(Employed, baseFen ?? 0), "dues.employed.brackets"),
    };

    /// <summary>The rule behind <see cref="AmountFen"/> in words, with this rule set's numbers (for the member on /me).</summary>
    public string Describe(DuesCategory category, long? baseFen, long? fixedFen)
    {
        var b = baseFen ?? 0;
        return category switch
        {
            DuesCategory.Fixed => $"约定金额每月 {Yuan.Of(fixedFen ?? 0):0.00} 元",
            DuesCategory.Student or DuesCategory.Unemployed or DuesCategory.Relief or DuesCategory.Farmer =>
                $"{DuesNames.Of(category)}每月 {Yuan.Of(AmountFen(category, baseFen, fixedFen).Fen):0.00} 元",
            _ when System == OrgSystem.League => b < ThresholdFen
                ? $"月收入 {Yuan.Of(ThresholdFen):0} 元以下，每月 {Yuan.Of(LowIncomeFen):0} 元"
                : $"月收入 {Yuan.Of(b):0.00} 元的 {Permille}‰，取整到元，最多 {Yuan.Of(CapFen):0} 元",
            _ => $"{DuesNames.Of(category)}：税后月收入 {Yuan.Of(b):0.00} 元，按 {Rate(category == DuesCategory.Retired ? Retired : Employed, b)}% 交纳",
        };
    }

    private static string Rate(IReadOnlyList<DuesBracket> brackets, long baseFen) =>
        (brackets.First(x => x.UpToFen is null || baseFen <= x.UpToFen).BasisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture);

    private long League(long baseFen)
    {
        if (baseFen < ThresholdFen)
        {
            return LowIncomeFen;
        }

        // income × 2‰ rounded down to whole yuan: fen × permille / 1000 fen, then down to 100s.
        var yuan = baseFen * Permille / 1000 / 100;
        return Math.Min(yuan * 100, CapFen);
    }

    /// <summary>Rate of the bracket the income falls in, rounded half up to the fen.</summary>
    private static long Bracketed(IReadOnlyList<DuesBracket> brackets, long baseFen)
    {
        var bp = brackets.First(b => b.UpToFen is null || baseFen <= b.UpToFen).BasisPoints;
        return (baseFen * bp + 5000) / 10000;
    }

    /// <summary>
    /// The same computation as a SQL expression over the columns <c>p."Category"</c> (the enum's name),
    /// <c>p."BaseFen"</c> and <c>p."FixedFen"</c>; every literal is a number parsed from the rule rows, never input.
    /// </summary>
    public string Sql()
    {
        var minimal = $"WHEN 'Student' THEN {MinimalFen} WHEN 'Unemployed' THEN {MinimalFen} WHEN 'Relief' THEN {MinimalFen} WHEN 'Farmer' THEN {FarmerFen}";
        var income = System == OrgSystem.League
            ? $"ELSE CASE WHEN COALESCE(p.\"BaseFen\", 0) < {ThresholdFen} THEN {LowIncomeFen} " +
              $"WHEN COALESCE(p.\"BaseFen\", 0) * {Permille} / 100000 * 100 > {CapFen} THEN {CapFen} " +
              $"ELSE COALESCE(p.\"BaseFen\", 0) * {Permille} / 100000 * 100 END"
            : $"WHEN 'Retired' THEN {BracketSql(Retired)} ELSE {BracketSql(Employed)}";
        return $"CASE p.\"Category\" WHEN 'Fixed' THEN COALESCE(p.\"FixedFen\", 0) {minimal} {income} END";
    }

    private static string BracketSql(IReadOnlyList<DuesBracket> brackets)
    {
        var cases = string.Join(" ", brackets.Where(b => b.UpToFen is not null)
            .Select(b => $"WHEN COALESCE(p.\"BaseFen\", 0) <= {b.UpToFen} THEN (COALESCE(p.\"BaseFen\", 0) * {b.BasisPoints} + 5000) / 10000"));
        var last = brackets.Last().BasisPoints;
        return $"CASE {cases} ELSE (COALESCE(p.\"BaseFen\", 0) * {last} + 5000) / 10000 END";
    }

    /// <summary>Parses <c>3000:0.5;5000:1;*:2</c> (upper bound in yuan, inclusive : percent).</summary>
    public static IReadOnlyList<DuesBracket> Brackets(string value)
    {
        var result = new List<DuesBracket>();
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split(':');
            if (pair.Length != 2)
            {
                throw new FormatException($"dues bracket '{part}': expected upper:percent.");
            }

            long? upTo = pair[0] == "*" ? null : Fen(decimal.Parse(pair[0], CultureInfo.InvariantCulture));
            var bp = decimal.Parse(pair[1], CultureInfo.InvariantCulture) * 100;
            result.Add(new DuesBracket(upTo, (long)bp));
        }

        if (result.Count == 0 || result[^1].UpToFen is not null)
        {
            throw new FormatException($"dues brackets '{value}': the last bracket must be '*'.");
        }

        return result;
    }

    public static long Fen(decimal yuan) => (long)Math.Round(yuan * 100, MidpointRounding.AwayFromZero);
}

/// <summary>A calendar month, stored as the number yyyyMM (202603) so that SQL can group and compare it.</summary>
public readonly record struct DuesMonth(int Year, int Month) : IComparable<DuesMonth>
{
    public int Key => Year * 100 + Month;

    public DateOnly FirstDay => new(Year, Month, 1);

    public DuesMonth Next => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);

    public DuesMonth AddMonths(int n)
    {
        var d = FirstDay.AddMonths(n);
        return new(d.Year, d.Month);
    }

    public static DuesMonth Of(DateOnly day) => new(day.Year, day.Month);

    public static DuesMonth FromKey(int key) => new(key / 100, key % 100);

    /// <summary>Parses <c>YYYY-MM</c>; null when it is not one.</summary>
    public static DuesMonth? Parse(string? text)
    {
        if (text is null || !DateOnly.TryParseExact(text.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var d) || d.Year < 1949)
        {
            return null;
        }

        return Of(d);
    }

    public int CompareTo(DuesMonth other) => Key.CompareTo(other.Key);

    public override string ToString() => $"{Year:0000}-{Month:00}";
}
