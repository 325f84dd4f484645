using Microsoft.EntityFrameworkCore;
using Zhijian.Web.Data;
using Zhijian.Web.Data.Demo;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Rules;

namespace Zhijian.Web.Features.Meetings;

/// <summary>
/// The demo's organizational life: every active branch gets a year of recorded meetings, one per required period of
/// each type (the periods that began within the last twelve months and up to yesterday), so the compliance board is
/// mostly green. About one branch in twelve lags (nothing in the last four months, which the alert scan reports),
/// about one record in sixteen is 补录 (written more than the rule's days after the meeting), and most branches have a
/// 主题团日/主题党日 planned for next week. Deterministic (<see cref="DemoContext.Random"/>) and set-based: meetings and
/// their first record versions are bulk-inserted, each version sealed into its chain.
/// </summary>
public sealed class MeetingDemo(ZhijianDbContext db, RuleBook rules) : IDemoContributor
{
    private const string Writer = "admin";

    public int Order => 20;

    public async Task SeedAsync(DemoContext demo, CancellationToken ct)
    {
        var branches = await db.Organizations.AsNoTracking()
            .Where(o => o.Kind == OrgKind.Branch && o.Status == OrgStatus.Active)
            .OrderBy(o => o.Id).ToListAsync(ct);
        var set = await rules.CurrentAsync(ct);
        var meetings = new List<Meeting>();
        var versions = new List<MeetingRecordVersion?>();
        foreach (var branch in branches)
        {
            var lagging = demo.Random.Next(12) == 0;
            foreach (var type in MeetingTypes.Of(branch.System))
            {
                var frequency = type.FrequencyOf(set, demo.Today);
                if (frequency != Frequency.None)
                {
                    AddYear(demo, set, branch, type, frequency, lagging, meetings, versions);
                }
            }

            if (!lagging && demo.Random.Next(4) != 0)
            {
                var planned = demo.Today.AddDays(7 + demo.Random.Next(10));
                meetings.Add(Meeting.Plan(branch, "themeDay", planned, Place(branch), "支部书记", Topic(branch, "themeDay", planned),
                    Token(demo.Random), At(demo.Today), Writer));
                versions.Add(null);
            }
        }

        await db.InsertAsync(meetings, ct);
        var recorded = new List<MeetingRecordVersion>(meetings.Count);
        for (var i = 0; i < meetings.Count; i++)
        {
            if (versions[i] is { } v)
            {
                v.MeetingId = meetings[i].Id;
                recorded.Add(v.Sealed());
            }
        }

        await db.InsertAsync(recorded, ct);
    }

    /// <summary>One meeting per period of <paramref name="frequency"/> that began in the last year and before today.</summary>
    private static void AddYear(DemoContext demo, RuleSet set, Organization branch, MeetingType type, Frequency frequency,
        bool lagging, List<Meeting> meetings, List<MeetingRecordVersion?> versions)
    {
        var yesterday = demo.Today.AddDays(-1);
        var lagFrom = demo.Today.AddMonths(-4);
        for (var p = Period.Containing(frequency, demo.Today.AddMonths(-12).AddDays(1)); p.Start <= yesterday; p = p.Next())
        {
            // A lagging branch has stopped; the others miss a period now and then.
            if ((lagging && p.Start >= lagFrom) || demo.Random.Next(40) == 0)
            {
                continue;
            }

            var last = p.End < yesterday ? p.End : yesterday;
            var heldOn = p.Start.AddDays(demo.Random.Next(last.DayNumber - p.Start.DayNumber + 1));
            var lateDays = set.Int(branch.System, "meeting.lateEntryDays", heldOn);
            var delay = demo.Random.Next(16) == 0 ? lateDays + 1 + demo.Random.Next(20) : demo.Random.Next(3);
            var written = heldOn.AddDays(delay) > demo.Today ? demo.Today : heldOn.AddDays(delay);
            var meeting = Meeting.Plan(branch, type.Code, heldOn, Place(branch), "支部书记", Topic(branch, type.Code, heldOn),
                Token(demo.Random), At(heldOn.AddDays(-7)), Writer);
            var version = new MeetingRecordVersion
            {
                Number = 1,
                HeldOn = heldOn,
                Place = meeting.Place,
                Host = meeting.Host,
                Topic = meeting.Topic,
                Minutes = $"{type.Name}：{meeting.Topic}。会议由支部书记主持，与会人员围绕主题逐一发言，形成会议记录。",
                Late = MeetingRules.IsLateEntry(heldOn, written, lateDays),
                WrittenAt = At(written),
                WrittenBy = Writer,
            };
            meeting.Record(version, version.WrittenAt);
            meetings.Add(meeting);
            versions.Add(version);
        }
    }

    private static string Place(Organization branch) => branch.System == OrgSystem.League ? "团员活动室" : "党员活动室";

    private static string Topic(Organization branch, string type, DateOnly on) => type switch
    {
        "themeDay" => $"{on.Month}月{(branch.System == OrgSystem.League ? "主题团日" : "主题党日")}：学习贯彻党的二十大精神",
        "lecture" => $"{(branch.System == OrgSystem.League ? "团课" : "党课")}：{on.Year}年第{(on.Month - 1) / 3 + 1}季度专题学习",
        "committee" => $"{on.Month}月支委会：研究部署本月工作",
        "lifeMeeting" => $"{on.Year}年度组织生活会",
        "evaluation" => $"{on.Year}年度民主评议",
        _ => $"{on.Month}月例会",
    };

    private static string Token(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Ten in the morning, Beijing time, of the day.</summary>
    private static DateTimeOffset At(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
}
