using MudBlazor;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Meetings.Pages;

public partial class MeetingsTab
{
    private List<MeetingDto>? meetings;
    private IReadOnlyList<MeetingTypeDto> Types = [];
    private MeetingDto? selected;
    private bool planning;
    private bool correcting;
    private bool submitting;
    private PlanModel plan = new();
    private RecordModel form = new();

    private long? loadedFor;
    private bool calendar;
    private DateOnly month;
    private IReadOnlyList<MeetingDto> monthMeetings = [];

    protected override async Task OnParametersSetAsync()
    {
        // The console re-renders its tabs often: reload only when another organization is shown.
        if (loadedFor == Org.Id)
        {
            return;
        }

        loadedFor = Org.Id;
        selected = null;
        planning = false;
        var all = await Ui.RunAsync<MeetingService, IReadOnlyList<MeetingTypeDto>>(s => s.TypesAsync(Org.System)) ?? [];
        Types = all.Where(t => t.GroupMeeting == (Org.Kind == OrgKind.Group)).ToList();
        plan = new PlanModel { Type = Types.FirstOrDefault()?.Code, Date = Clock.TodayForPicker() };
        month = MeetingCalendar.FirstOfMonth(Clock.Today());
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (calendar)
        {
            // The weeks on screen, not just the month: the first and last rows show days of the neighbouring months.
            var page = await Ui.RunAsync<MeetingService, PagedList<MeetingDto>>(s => s.ListAsync(Org.Id, false, null,
                MeetingCalendar.GridStart(month), MeetingCalendar.GridEnd(month), null, PageRequest.From(1, PageRequest.MaxPageSize)));
            monthMeetings = page?.Items.ToList() ?? [];
        }
        else
        {
            var page = await Ui.RunAsync<MeetingService, PagedList<MeetingDto>>(s =>
                s.ListAsync(Org.Id, false, null, null, null, null, PageRequest.From(1, 100)));
            meetings = page?.Items.ToList() ?? [];
        }
    }

    private async Task ShowCalendarAsync(bool show)
    {
        calendar = show;
        await LoadAsync();
    }

    private async Task MonthChangedAsync(DateOnly first)
    {
        month = first;
        await LoadAsync();
    }

    private async Task PlanAsync()
    {
        var created = await Ui.RunAsync<MeetingService, MeetingDto>(s => s.PlanAsync(new PlanMeetingRequest(Org.Id, plan.Type,
            plan.Date is { } d ? DateOnly.FromDateTime(d) : null, plan.Place, plan.Host, plan.Topic)));
        if (created is not null)
        {
            planning = false;
            Snackbar.Add($"已安排会议：{created.TypeName}，{created.PlannedOn:yyyy-MM-dd}{(string.IsNullOrWhiteSpace(created.Topic) ? "" : "「" + created.Topic + "」")}", Severity.Success);
            await LoadAsync();
            Show(created);
        }
    }

    private async Task OpenAsync(long id)
    {
        var m = await Ui.RunAsync<MeetingService, MeetingDto>(s => s.GetAsync(id));
        if (m is not null)
        {
            planning = false;
            Show(m);
        }
    }

    private void StartCorrection()
    {
        correcting = true;
        if (selected is not null)
        {
            Show(selected);
            correcting = true;
        }
    }

    private async Task AttachmentUploadedAsync()
    {
        if (selected is { } m && await Ui.RunAsync<MeetingService, MeetingDto>(s => s.GetAsync(m.Id)) is { } fresh)
        {
            selected = fresh;
        }
    }

    /// <summary>Shows a meeting; a correction form is never left open with the old text (a correction is an explicit action).</summary>
    private void Show(MeetingDto m)
    {
        selected = m;
        correcting = false;
        var current = m.History?.LastOrDefault();
        form = new RecordModel
        {
            HeldOn = (m.HeldOn ?? m.PlannedOn).ToDateTime(TimeOnly.MinValue),
            Minutes = current?.Minutes,
            Decisions = current?.Decisions,
            Attendance = (m.Attendees ?? []).Select(a => new AttendanceModel
            {
                MemberId = a.MemberId,
                Name = a.Name,
                Voter = a.Voter,
                Present = a.Present ?? a.SignedInAt is not null,
                AbsenceReason = a.AbsenceReason,
                SignedInAt = a.SignedInAt,
            }).ToList(),
        };
    }

    private async Task SubmitAsync()
    {
        if (selected is null)
        {
            return;
        }

        var body = new RecordMeetingRequest(form.HeldOn is { } d ? DateOnly.FromDateTime(d) : null, null, null, null, form.Minutes,
            form.Decisions, form.Attendance.Select(a => new AttendanceLine(a.MemberId, a.Present, a.AbsenceReason)).ToList(), form.Reason);
        var id = selected.Id;
        var recording = selected.State == MeetingState.Planned;
        submitting = true;
        var result = recording
            ? await Ui.RunAsync<MeetingService, MeetingDto>(s => s.RecordAsync(id, body))
            : await Ui.RunAsync<MeetingService, MeetingDto>(s => s.CorrectAsync(id, body));
        submitting = false;
        if (result is not null)
        {
            Snackbar.Add(recording ? $"会议记录已提交（第 {result.Versions} 版），可打印或上传附件" : $"更正已提交（第 {result.Versions} 版），原记录保留", Severity.Success);
            await LoadAsync();
            Show(result);
        }
    }

    private sealed class PlanModel
    {
        public string? Type { get; set; }
        public DateTime? Date { get; set; }
        public string? Place { get; set; }
        public string? Host { get; set; }
        public string? Topic { get; set; }
    }

    private sealed class RecordModel
    {
        public DateTime? HeldOn { get; set; }
        public string? Minutes { get; set; }
        public string? Decisions { get; set; }
        public string? Reason { get; set; }
        public List<AttendanceModel> Attendance { get; set; } = [];
    }

    private sealed class AttendanceModel
    {
        public long MemberId { get; set; }
        public string Name { get; set; } = "";
        public bool Voter { get; set; }
        public bool Present { get; set; }
        public string? AbsenceReason { get; set; }
        public DateTimeOffset? SignedInAt { get; set; }
    }
}
