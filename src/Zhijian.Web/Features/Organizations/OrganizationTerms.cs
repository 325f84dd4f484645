using Zhijian.Web.Data;
using Zhijian.Web.Features.Rules;

namespace Zhijian.Web.Features.Organizations;

/// <summary>What the term rules (换届) allow for one organization: the length range in years and the extension cap.</summary>
public sealed record TermLimits(int MinYears, int MaxYears, int DefaultYears, int MaxShiftMonths);

/// <summary>
/// The term rules of DOMAIN.md as pure functions over the rule rows: party committees 5 years, party general branches and
/// branches 3; League committees 3–5, League general branches and branches 3, League student branches (category
/// <c>school</c>) 1; a term may be extended by at most <c>term.maxShiftMonths</c> in all (party 12, League branches 6,
/// League committees 12).
/// </summary>
public static class TermRules
{
    /// <summary>The rule key family of a kind: committees (基层委员会, 工委) or branches (总支, 支部).</summary>
    public static string Family(OrgKind kind) => kind is OrgKind.Committee or OrgKind.WorkingCommittee ? "committee" : "branch";

    /// <summary>The limits in force on <paramref name="on"/> for an organization of a system, kind and category.</summary>
    public static TermLimits For(RuleSet rules, OrgSystem system, OrgKind kind, string? category, DateOnly on)
    {
        var family = Family(kind);
        var shift = rules.Int(system, $"term.{family}.maxShiftMonths", on);
        if (system == OrgSystem.League && kind == OrgKind.Branch && category == "school")
        {
            var student = rules.Int(system, "term.studentBranch.years", on);
            return new TermLimits(student, student, student, shift);
        }

        var years = rules.Int(system, $"term.{family}.years", on);
        return new TermLimits(rules.Int(system, $"term.{family}.minYears", on), rules.Int(system, $"term.{family}.maxYears", on),
            years, shift);
    }

    /// <summary>The end of a term: start + years, moved by the approved extension months.</summary>
    public static DateOnly EndOf(DateOnly start, int years, int extendedMonths) =>
        Shared.Age.TermEnd(start, years).AddMonths(extendedMonths);

    /// <summary>Whether another <paramref name="months"/> keep the term's total extension within the cap.</summary>
    public static bool ExtensionAllowed(int alreadyExtended, int months, int maxShiftMonths) =>
        months >= 1 && alreadyExtended + months <= maxShiftMonths;
}

/// <summary>
/// Organizations' own writes for the yearly term cycle, called by the Elections feature: a new term after an election,
/// an approved extension. The caller holds the transaction and appends the audit event.
/// </summary>
public sealed class OrganizationTerms(ZhijianDbContext db, TimeProvider clock)
{
    /// <summary>Starts a new term on the election day.</summary>
    public async Task RestartAsync(Organization org, DateOnly start, int years, CancellationToken ct = default)
    {
        org.RestartTerm(start, years, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Moves the current term's end by <paramref name="months"/> from <paramref name="currentEnd"/>.</summary>
    public async Task ExtendAsync(Organization org, int months, DateOnly currentEnd, CancellationToken ct = default)
    {
        org.ExtendTerm(months, currentEnd, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }
}
