using AwesomeAssertions;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Features.Transfers;
using Zhijian.Web.Shared;

namespace Zhijian.Tests.Unit;

/// <summary>Every transition of a transfer, allowed and forbidden, and due times across days and time zones.</summary>
public sealed class TransferStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private const TransferSide Everyone = TransferSide.Sending | TransferSide.Receiving | TransferSide.Applicant;

    public enum Action
    {
        Approve,
        Accept,
        Reject,
        Cancel,
        Receipt,
    }

    private static Transfer New(bool outside = false) =>
        Transfer.Apply(1, 2, OrgSystem.League, 10, outside ? null : 20, outside ? "外单位团委" : null, null,
            TransferReason.Work, null, T0, 72, 5, "admin", false);

    private static Transfer InState(TransferState state, bool outside = false)
    {
        var t = New(outside);
        switch (state)
        {
            case TransferState.PendingIn:
                t.Approve(Everyone, T0.AddHours(1), null, 72, 30);
                break;
            case TransferState.Completed when outside:
                t.Approve(Everyone, T0.AddHours(1), null, 72, 30);
                t.RecordReceipt(Everyone, T0.AddHours(2), null);
                break;
            case TransferState.Completed:
                t.Approve(Everyone, T0.AddHours(1), null, 72, 30);
                t.Accept(Everyone, T0.AddHours(2), null, 30);
                break;
            case TransferState.Rejected:
                t.Reject(Everyone, T0.AddHours(1), "不符合条件");
                break;
            case TransferState.Cancelled:
                t.Cancel(Everyone, T0.AddHours(1), null);
                break;
        }

        t.State.Should().Be(state);
        return t;
    }

    private static TransferStep Do(Transfer t, Action action, TransferSide side = Everyone) => action switch
    {
        Action.Approve => t.Approve(side, T0.AddHours(5), null, 72, 30),
        Action.Accept => t.Accept(side, T0.AddHours(5), null, 30),
        Action.Reject => t.Reject(side, T0.AddHours(5), "理由"),
        Action.Cancel => t.Cancel(side, T0.AddHours(5), null),
        _ => t.RecordReceipt(side, T0.AddHours(5), null),
    };

    [Theory]
    [InlineData(TransferState.PendingOut, false, Action.Approve, TransferState.PendingIn)]
    [InlineData(TransferState.PendingOut, false, Action.Reject, TransferState.Rejected)]
    [InlineData(TransferState.PendingOut, false, Action.Cancel, TransferState.Cancelled)]
    [InlineData(TransferState.PendingIn, false, Action.Accept, TransferState.Completed)]
    [InlineData(TransferState.PendingIn, false, Action.Reject, TransferState.Rejected)]
    [InlineData(TransferState.PendingIn, false, Action.Cancel, TransferState.Cancelled)]
    [InlineData(TransferState.PendingOut, true, Action.Approve, TransferState.PendingIn)]
    [InlineData(TransferState.PendingOut, true, Action.Reject, TransferState.Rejected)]
    [InlineData(TransferState.PendingOut, true, Action.Cancel, TransferState.Cancelled)]
    [InlineData(TransferState.PendingIn, true, Action.Receipt, TransferState.Completed)]
    [InlineData(TransferState.PendingIn, true, Action.Cancel, TransferState.Cancelled)]
    public void Allowed_Transitions(TransferState from, bool outside, Action action, TransferState to)
    {
        var t = InState(from, outside);
        var step = Do(t, action);
        t.State.Should().Be(to);
        step.DecidedAt.Should().Be(T0.AddHours(5));
    }

    public static TheoryData<TransferState, bool, Action> Forbidden()
    {
        var allowed = new HashSet<(TransferState, bool, Action)>
        {
            (TransferState.PendingOut, false, Action.Approve), (TransferState.PendingOut, false, Action.Reject),
            (TransferState.PendingOut, false, Action.Cancel), (TransferState.PendingIn, false, Action.Accept),
            (TransferState.PendingIn, false, Action.Reject), (TransferState.PendingIn, false, Action.Cancel),
            (TransferState.PendingOut, true, Action.Approve), (TransferState.PendingOut, true, Action.Reject),
            (TransferState.PendingOut, true, Action.Cancel), (TransferState.PendingIn, true, Action.Receipt),
            (TransferState.PendingIn, true, Action.Cancel),
        };
        var data = new TheoryData<TransferState, bool, Action>();
        foreach (var state in Enum.GetValues<TransferState>())
        {
            foreach (var outside in new[] { false, true })
            {
                foreach (var action in Enum.GetValues<Action>())
                {
                    if (!allowed.Contains((state, outside, action)))
                    {
                        data.Add(state, outside, action);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Forbidden_Transitions_AreInvalidState_AndChangeNothing(TransferState from, bool outside, Action action)
    {
        var t = InState(from, outside);
        var act = () => Do(t, action);
        act.Should().Throw<DomainException>().Which.Code.Should().Be(ErrorCodes.InvalidState);
        t.State.Should().Be(from);
    }

    [Theory]
    [InlineData(TransferState.PendingOut, Action.Approve, TransferSide.Receiving)]
    [InlineData(TransferState.PendingOut, Action.Approve, TransferSide.Applicant)]
    [InlineData(TransferState.PendingOut, Action.Reject, TransferSide.Receiving)]
    [InlineData(TransferState.PendingIn, Action.Accept, TransferSide.Sending)]
    [InlineData(TransferState.PendingIn, Action.Accept, TransferSide.Applicant)]
    [InlineData(TransferState.PendingIn, Action.Reject, TransferSide.Sending)]
    [InlineData(TransferState.PendingIn, Action.Cancel, TransferSide.Receiving)]
    [InlineData(TransferState.PendingOut, Action.Cancel, TransferSide.None)]
    public void WrongSide_IsForbidden(TransferState from, Action action, TransferSide side)
    {
        var t = InState(from);
        var act = () => Do(t, action, side);
        act.Should().Throw<DomainException>().Which.Code.Should().Be(ErrorCodes.Forbidden);
        t.State.Should().Be(from);
    }

    [Fact]
    public void Reject_WithoutNote_IsRefused()
    {
        var t = New();
        var act = () => t.Reject(Everyone, T0, "  ");
        act.Should().Throw<DomainException>().Which.Code.Should().Be(ErrorCodes.ValidationFailed);
        t.State.Should().Be(TransferState.PendingOut);
    }

    [Fact]
    public void EachStep_IsDue72HoursAfterThePreviousOne_AndLateStepsAreMarked()
    {
        var t = New();
        t.DueAt.Should().Be(T0.AddHours(72));
        t.AwaitingOrgId.Should().Be(10);
        var approve = t.Approve(Everyone, T0.AddHours(80), null, 72, 30);
        approve.HoursTaken.Should().Be(80);
        approve.OnTime.Should().BeFalse();
        approve.DueAt.Should().Be(T0.AddHours(72));
        t.DueAt.Should().Be(T0.AddHours(80 + 72));
        t.AwaitingOrgId.Should().Be(20);
        var accept = t.Accept(Everyone, T0.AddHours(80 + 72), null, 30);
        accept.HoursTaken.Should().Be(72);
        accept.OnTime.Should().BeTrue("exactly at the due time is on time");
        t.DueAt.Should().BeNull();
        t.AwaitingOrgId.Should().BeNull();
    }

    [Theory]
    // Due time is elapsed hours, whatever the offset the instant was written in.
    [InlineData("2026-03-01T23:30:00+08:00", 72, "2026-03-04T15:30:00Z")]
    [InlineData("2026-03-01T15:30:00Z", 72, "2026-03-04T15:30:00Z")]
    [InlineData("2026-02-27T10:00:00-05:00", 72, "2026-03-02T15:00:00Z")]
    [InlineData("2028-02-28T20:00:00Z", 24, "2028-02-29T20:00:00Z")]
    [InlineData("2026-12-31T20:00:00Z", 48, "2027-01-02T20:00:00Z")]
    public void Due_CountsElapsedHours_AcrossDaysAndOffsets(string from, int hours, string due) =>
        TransferClock.Due(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture), hours)
            .Should().Be(DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    // 16:00 UTC is already the next day in Beijing; weeks start on Monday in Beijing.
    [InlineData("2026-03-01T15:59:59Z", "2026-03-01", "2026-02-23")]
    [InlineData("2026-03-01T16:00:00Z", "2026-03-02", "2026-03-02")]
    [InlineData("2026-03-08T15:59:59Z", "2026-03-08", "2026-03-02")]
    [InlineData("2026-12-31T17:00:00Z", "2027-01-01", "2026-12-28")]
    public void ShanghaiCalendar_DecidesTheDayAndTheWeek(string at, string day, string week)
    {
        var d = ChinaTime.DateOf(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));
        d.Should().Be(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));
        TransferClock.WeekStart(d).Should().Be(DateOnly.Parse(week, System.Globalization.CultureInfo.InvariantCulture));
        TransferClock.StartOfShanghaiDay(d).Offset.Should().Be(TimeSpan.Zero);
        TransferClock.StartOfShanghaiDay(d).Should().Be(new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)));
    }

    [Fact]
    public void OutsideLetter_IsValidThroughItsLastDayInBeijing()
    {
        var t = New(outside: true);
        t.Id = 42;
        t.Approve(Everyone, new DateTimeOffset(2026, 3, 1, 17, 0, 0, TimeSpan.Zero), null, 72, 30);
        t.LetterValidUntil.Should().Be(new DateOnly(2026, 3, 2).AddDays(30));
        t.LetterSerial.Should().Be("ZJ2026-0000042");
        t.DueAt.Should().Be(new DateTimeOffset(2026, 4, 1, 15, 59, 59, 999, TimeSpan.Zero));
        t.AwaitingOrgId.Should().Be(10, "the sending side records the receipt");
    }

    [Fact]
    public void ALetter_FailsClearly_WithoutTheFont()
    {
        var letter = new TransferLetter.LetterText("标题", "ZJ1", "某单位", "正文", "有效期", "签发", "日期", null, "回执", "回执正文");
        var act = () => TransferLetter.Draw(letter, "/nonexistent/font.ttc");
        var e = act.Should().Throw<DomainException>().Which;
        e.Status.Should().Be(503);
        e.Code.Should().Be("font_missing");
        e.Message.Should().Contain("fonts-noto-cjk");
    }
}
