using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Learning.Pages;

public partial class LearningTab
{
    private StudyStatsDto? stats;
    private IReadOnlyList<CourseDto> courses = [];
    private IReadOnlyList<TrainingDto> trainings = [];
    private TrainingDto? open;
    private readonly Dictionary<long, decimal> hours = [];
    private string courseTitle = "";
    private string courseKind = "text";
    private decimal courseHours = 2;
    private string trainingTitle = "";
    private string trainingStart = "";
    private string trainingEnd = "";
    private decimal trainingHours = 8;
    private string traineeQuery = "";
    private IReadOnlyList<TraineeCandidate>? candidates;
    private readonly Dictionary<long, TraineeCandidate> chosen = [];

    protected override Task OnParametersSetAsync() => ReloadAsync();

    protected override async Task ReloadAsync()
    {
        stats = await Ui.RunAsync<LearningStats, StudyStatsDto>(s => s.ForAsync(Org.Id, null, null));
        courses = (await Ui.RunAsync<LearningService, PagedList<CourseDto>>(s => s.ListAsync(Org.Id, false, new PageRequest(1, 50))))?.Items ?? [];
        trainings = (await Ui.RunAsync<TrainingService, PagedList<TrainingDto>>(s => s.ListAsync(Org.Id, false, new PageRequest(1, 50))))?.Items ?? [];
        if (open is not null)
        {
            await OpenAsync(open.Id);
        }
    }

    private Task PublishAsync() => RunThenReloadAsync<LearningService>(
        s => s.CreateAsync(new CreateCourseRequest(Org.Id, courseTitle, courseKind, courseHours, null)), "课程已发布", () => courseTitle = "");

    private async Task FindTraineesAsync() =>
        candidates = await Ui.RunAsync<TrainingService, IReadOnlyList<TraineeCandidate>>(s => s.CandidatesAsync(Org.Id, traineeQuery)) ?? [];

    /// <summary>
    /// Opens the class with the chosen trainees. A date that does not parse goes to the service as missing, which answers
    /// with the field named (开始日期/结束日期), as every form of the console does.
    /// </summary>
    private Task OpenTrainingAsync()
    {
        static DateOnly? Day(string text) =>
            DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)
                ? d : null;
        var request = new CreateTrainingRequest(Org.Id, trainingTitle, Day(trainingStart), Day(trainingEnd), trainingHours, [.. chosen.Keys]);
        return RunThenReloadAsync<TrainingService>(s => s.CreateAsync(request), "培训班已开设", () =>
        {
            trainingTitle = "";
            chosen.Clear();
            candidates = null;
        });
    }

    private async Task OpenAsync(long id)
    {
        open = await Ui.RunAsync<TrainingService, TrainingDto>(s => s.GetAsync(id));
        hours.Clear();
        foreach (var t in open?.Trainees ?? [])
        {
            hours[t.PersonId] = t.Hours ?? 0;
        }
    }

    private Task AttendAsync() => open is null
        ? Task.CompletedTask
        : RunThenReloadAsync<TrainingService>(
            s => s.AttendAsync(open.Id, new AttendanceRequest(hours.Select(h => new AttendanceRecord(h.Key, h.Value)).ToList())), "出勤已保存");
}
