using System.Globalization;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;

namespace Zhijian.Web.Features.Evaluations;

/// <summary>
/// The evaluation rules of DOMAIN.md as pure functions over the rule rows. <c>evaluation.excellentShare</c> (0.30): at most
/// that share of the branch's members may be graded 优秀, the fraction rounding DOWN (3 members → 0, 7 → 2, 10 → 3: a
/// limit of "at most 30%" is never exceeded). <c>evaluation.quorum</c> (2/3): attendance must be STRICTLY more than that
/// share of the members (3 members → 3, 7 → 5, 10 → 7), compared in whole numbers, never as a rounded decimal.
/// </summary>
public static class EvaluationRules
{
    /// <summary>The most 优秀 grades a branch of <paramref name="members"/> may give.</summary>
    public static int MaxExcellent(int members, decimal share) => members <= 0 ? 0 : (int)Math.Floor(members * share);

    /// <summary>Whether <paramref name="attended"/> of <paramref name="members"/> is more than the quorum fraction.</summary>
    public static bool QuorumMet(int attended, int members, (int Numerator, int Denominator) quorum) =>
        members > 0 && (long)attended * quorum.Denominator > (long)members * quorum.Numerator;

    /// <summary>The fewest attendees meeting the quorum.</summary>
    public static int MinAttendance(int members, (int Numerator, int Denominator) quorum) =>
        members <= 0 ? 0 : (int)((long)members * quorum.Numerator / quorum.Denominator) + 1;

    /// <summary>Parses a fraction rule value such as <c>2/3</c> (or a plain decimal such as <c>0.5</c> as n/1000).</summary>
    public static (int Numerator, int Denominator) Fraction(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2)
        {
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        return ((int)Math.Round(decimal.Parse(text, CultureInfo.InvariantCulture) * 1000m), 1000);
    }

    public static decimal ExcellentShare(RuleSet rules, OrgSystem system, DateOnly on) =>
        rules.Decimal(system, "evaluation.excellentShare", on);

    public static (int Numerator, int Denominator) Quorum(RuleSet rules, OrgSystem system, DateOnly on) =>
        Fraction(rules.Text(system, "evaluation.quorum", on));

    /// <summary>The kind of evaluation a branch of a system holds.</summary>
    public static EvaluationKind KindOf(OrgSystem system) =>
        system == OrgSystem.League ? EvaluationKind.LeagueEducation : EvaluationKind.PartyDemocratic;

    /// <summary>Whether a grade allows 团籍注册 (基本合格 or better).</summary>
    public static bool Registrable(Grade? grade) => grade is Grade.Excellent or Grade.Qualified or Grade.BasicallyQualified;

    public static string NameOf(Grade grade) => grade switch
    {
        Grade.Excellent => "优秀",
        Grade.Qualified => "合格",
        Grade.BasicallyQualified => "基本合格",
        _ => "不合格",
    };

    public static string NameOf(FollowUp followUp) => followUp switch
    {
        FollowUp.Rectify => "限期改正",
        FollowUp.PersuadeToLeave => "劝退",
        _ => "除名",
    };

    public static string NameOf(EvaluationKind kind) => kind == EvaluationKind.LeagueEducation ? "团员教育评议" : "民主评议党员";
}
