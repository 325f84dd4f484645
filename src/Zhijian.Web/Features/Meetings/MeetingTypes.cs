using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;

namespace Zhijian.Web.Features.Meetings;

/// <summary>How often a meeting type is required (rule <c>meeting.{type}.frequency</c>).</summary>
public enum Frequency
{
    None,
    Month,
    Quarter,
    Year,
}

/// <summary>
/// One kind of organizational-life meeting of one system. The catalogue names them; how often each is
/// required is data (rules.csv), read through <see cref="FrequencyOf"/>.
/// </summary>
/// <param name="System">The system it belongs to.</param>
/// <param name="Code">Stable code, e.g. <c>partyCongress</c>.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="Quorum">True for 党员大会 / 支部大会: more than half of the voting members must attend.</param>
/// <param name="GroupMeeting">True for 党小组会 / 团小组会: held by a group, counted for its branch.</param>
public sealed record MeetingType(OrgSystem System, string Code, string Name, bool Quorum, bool GroupMeeting)
{
    public string RuleKey => $"meeting.{Code}.frequency";

    public Frequency FrequencyOf(RuleSet rules, DateOnly on) =>
        Enum.TryParse<Frequency>(rules.Text(System, RuleKey, on), ignoreCase: true, out var f) ? f : Frequency.None;
}

/// <summary>The meeting types of 三会一课 (party) and 三会两制一课 (league), in display order.</summary>
public static class MeetingTypes
{
    public static readonly IReadOnlyList<MeetingType> All =
    [
        new(OrgSystem.Party, "partyCongress", "党员大会", Quorum: true, GroupMeeting: false),
        new(OrgSystem.Party, "committee", "支委会", Quorum: false, GroupMeeting: false),
        new(OrgSystem.Party, "groupMeeting", "党小组会", Quorum: false, GroupMeeting: true),
        new(OrgSystem.Party, "lecture", "党课", Quorum: false, GroupMeeting: false),
        new(OrgSystem.Party, "themeDay", "主题党日", Quorum: false, GroupMeeting: false),
        new(OrgSystem.Party, "lifeMeeting", "组织生活会", Quorum: false, GroupMeeting: false),
        new(OrgSystem.Party, "evaluation", "民主评议党员", Quorum: false, GroupMeeting: false),
        new(OrgSystem.League, "branchCongress", "支部大会", Quorum: true, GroupMeeting: false),
        new(OrgSystem.League, "committee", "支委会", Quorum: false, GroupMeeting: false),
        new(OrgSystem.League, "groupMeeting", "团小组会", Quorum: false, GroupMeeting: true),
        new(OrgSystem.League, "lecture", "团课", Quorum: false, GroupMeeting: false),
        new(OrgSystem.League, "themeDay", "主题团日", Quorum: false, GroupMeeting: false),
        new(OrgSystem.League, "lifeMeeting", "组织生活会", Quorum: false, GroupMeeting: false),
        new(OrgSystem.League, "evaluation", "团员教育评议", Quorum: false, GroupMeeting: false),
    ];

    public static IReadOnlyList<MeetingType> Of(OrgSystem system) => All.Where(t => t.System == system).ToList();

    public static MeetingType? Find(OrgSystem system, string? code) =>
        All.FirstOrDefault(t => t.System == system && string.Equals(t.Code, code, StringComparison.Ordinal));

    public static string NameOf(OrgSystem system, string code) => Find(system, code)?.Name ?? code;

    public static string FrequencyName(Frequency f) => f switch
    {
        Frequency.Month => "每月",
        Frequency.Quarter => "每季度",
        Frequency.Year => "每年",
        _ => "根据需要",
    };
}

/// <summary>A period of a frequency: a calendar month, quarter or year (dates in Asia/Shanghai).</summary>
public readonly record struct Period(Frequency Frequency, DateOnly Start, DateOnly End)
{
    /// <summary>Stable key: <c>2026-03</c>, <c>2026-Q1</c>, <c>2026</c>.</summary>
    public string Key => Frequency switch
    {
        Frequency.Month => $"{Start.Year:D4}-{Start.Month:D2}",
        Frequency.Quarter => $"{Start.Year:D4}-Q{(Start.Month - 1) / 3 + 1}",
        _ => $"{Start.Year:D4}",
    };

    /// <summary>The period of <paramref name="frequency"/> containing <paramref name="day"/>.</summary>
    public static Period Containing(Frequency frequency, DateOnly day)
    {
        var start = frequency switch
        {
            Frequency.Month => new DateOnly(day.Year, day.Month, 1),
            Frequency.Quarter => new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1),
            Frequency.Year => new DateOnly(day.Year, 1, 1),
            _ => throw new ArgumentException("A meeting type without a required frequency has no periods.", nameof(frequency)),
        };
        var end = frequency switch
        {
            Frequency.Month => start.AddMonths(1).AddDays(-1),
            Frequency.Quarter => start.AddMonths(3).AddDays(-1),
            _ => start.AddYears(1).AddDays(-1),
        };
        return new Period(frequency, start, end);
    }

    public Period Next() => Containing(Frequency, End.AddDays(1));

    public Period Previous() => Containing(Frequency, Start.AddDays(-1));

    /// <summary>
    /// The periods that overlap [<paramref name="from"/>, <paramref name="to"/>] and have ended on or before
    /// <paramref name="today"/>: those a branch must have covered by now.
    /// </summary>
    public static IReadOnlyList<Period> EndedWithin(Frequency frequency, DateOnly from, DateOnly to, DateOnly today)
    {
        var result = new List<Period>();
        if (frequency == Frequency.None || to < from)
        {
            return result;
        }

        for (var p = Containing(frequency, from); p.Start <= to && p.End < today; p = p.Next())
        {
            result.Add(p);
        }

        return result;
    }
}

/// <summary>Date rules of organizational life, kept pure for unit tests.</summary>
public static class MeetingRules
{
    /// <summary>A record written more than <paramref name="lateEntryDays"/> days after the meeting is 补录.</summary>
    public static bool IsLateEntry(DateOnly heldOn, DateOnly writtenOn, int lateEntryDays) =>
        writtenOn.DayNumber - heldOn.DayNumber > lateEntryDays;

    /// <summary>More than half of the members with a vote attended (probationary party members have none).</summary>
    public static bool QuorumMet(int voters, int votersPresent) => voters > 0 && votersPresent * 2 > voters;
}
