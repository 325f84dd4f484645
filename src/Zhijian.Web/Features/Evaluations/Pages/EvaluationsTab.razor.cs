using Microsoft.AspNetCore.Components;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Evaluations.Pages;

/// <summary>The 评议 tab: open, grade (the 30% counter updates as grades change), record attendance, close.</summary>
public partial class EvaluationsTab
{
    private const string AllBranches = "all";
    private const int BoardPageSize = 50;
    private int year;
    private bool loaded;
    private long? loadedFor;
    private EvaluationDto? evaluation;
    private EvaluationBoardDto? board;
    private string filter = AllBranches;
    private int boardPage = 1;
    private List<Row> rows = [];

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private int ThisYear => Clock.Today().Year;

    private bool IsBranch => Org.Kind == OrgKind.Branch;

    private bool IsParty => Org.System == OrgSystem.Party;

    private string KindName => EvaluationRules.NameOf(EvaluationRules.KindOf(Org.System));

    private bool ReadOnly => !CanWrite || evaluation?.State != EvaluationState.Open;

    private int ExcellentCount => rows.Count(r => r.Grade == Grade.Excellent);

    private int AttendCount => rows.Count(r => r.Attended);

    protected override void OnInitialized() => year = ThisYear;

    protected override Task OnParametersSetAsync()
    {
        if (loadedFor == Org.Id)
        {
            return Task.CompletedTask;
        }

        loadedFor = Org.Id;
        return ReloadAsync();
    }

    protected override async Task ReloadAsync()
    {
        var id = Org.Id;
        var y = year;
        evaluation = null;
        board = null;
        if (!IsBranch)
        {
            var (status, page) = (filter == AllBranches ? null : filter, boardPage);
            board = await Ui.RunAsync<EvaluationBoard, EvaluationBoardDto>(s =>
                s.BoardAsync(id, y, null, status, PageRequest.From(page, BoardPageSize)));
        }
        else if ((await Ui.RunAsync<EvaluationService, PagedList<EvaluationDto>>(s =>
                     s.ListAsync(id, y, subtree: false, PageRequest.From(1, 10))))?.Items.FirstOrDefault() is { } found)
        {
            evaluation = await Ui.RunAsync<EvaluationService, EvaluationDto>(s => s.GetAsync(found.Id));
        }

        rows = evaluation?.Members?.Select(m => new Row(m.MemberId, m.Name) { Attended = m.Attended, Grade = m.Grade, FollowUp = m.FollowUp })
            .ToList() ?? [];
        loaded = true;
    }

    private Task YearChangedAsync(int value)
    {
        year = value;
        boardPage = 1;
        return ReloadAsync();
    }

    private Task FilterChangedAsync(string? value)
    {
        filter = value ?? AllBranches;
        boardPage = 1;
        return ReloadAsync();
    }

    private Task PageChangedAsync(int value)
    {
        boardPage = value;
        return ReloadAsync();
    }

    private Task OpenAsync()
    {
        var (id, y) = (Org.Id, year);
        return RunThenReloadAsync<EvaluationService>(s => s.OpenAsync(id, new OpenEvaluationRequest(y)), $"已发起 {y} 年{KindName}");
    }

    private Task SaveAsync()
    {
        var id = evaluation!.Id;
        var body = new EvaluationResultsRequest(rows.Where(r => r.Attended).Select(r => r.MemberId).ToList(),
            rows.Where(r => r.Grade is not null).Select(r => new GradeLine(r.MemberId, r.Grade, r.FollowUp)).ToList());
        return RunThenReloadAsync<EvaluationService>(s => s.RecordResultsAsync(id, body), "评议结果已保存");
    }

    private Task CloseAsync()
    {
        var id = evaluation!.Id;
        return RunThenReloadAsync<EvaluationService>(s => s.CloseAsync(id), "评议已结束，结果已锁定");
    }

    private static string StateName(EvaluationState state) => state == EvaluationState.Open ? "进行中" : "已结束";

    private sealed class Row(long memberId, string name)
    {
        public long MemberId { get; } = memberId;

        public string Name { get; } = name;

        public bool Attended { get; set; }

        public Grade? Grade { get; set; }

        public FollowUp? FollowUp { get; set; }
    }
}
