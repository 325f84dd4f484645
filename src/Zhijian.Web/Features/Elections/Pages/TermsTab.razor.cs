using Microsoft.AspNetCore.Components;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Elections.Pages;

/// <summary>The 换届 tab's state and operations.</summary>
public partial class TermsTab
{
    private long? loadedFor;
    private TermDto? term;
    private PagedList<TermDto>? board;
    private IReadOnlyList<ElectionDto> elections = [];
    private IReadOnlyList<CandidateDto> candidates = [];
    private bool electing;
    private bool extending;
    private DateOnly? heldOn;
    private int termYears = 3;
    private DateOnly? approvedOn;
    private List<Seat> seats = [new() { Post = "secretary" }, new()];
    private int months = 6;
    private DateOnly? extensionApprovedOn;
    private string? reason;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    protected override Task OnParametersSetAsync()
    {
        if (loadedFor == Org.Id)
        {
            return Task.CompletedTask;
        }

        loadedFor = Org.Id;
        heldOn = Clock.Today();
        extensionApprovedOn = Clock.Today();
        return ReloadAsync();
    }

    protected override async Task ReloadAsync()
    {
        var id = Org.Id;
        term = await Ui.RunAsync<TermBoard, TermDto>(s => s.OfAsync(id));
        board = await Ui.RunAsync<TermBoard, PagedList<TermDto>>(s => s.ListAsync(id, subtree: true, null, PageRequest.From(1, 100)));
        elections = await Ui.RunAsync<ElectionService, IReadOnlyList<ElectionDto>>(s => s.ListAsync(id)) ?? [];
        if (CanWrite)
        {
            candidates = await Ui.RunAsync<ElectionService, IReadOnlyList<CandidateDto>>(s => s.CandidatesAsync(id)) ?? [];
        }
    }

    private Task ElectAsync()
    {
        var id = Org.Id;
        var body = new RecordElectionRequest(heldOn, termYears,
            seats.Where(s => s.MemberId > 0).Select(s => new SeatLine(s.MemberId, s.Post)).ToList(), null, approvedOn);
        return RunThenReloadAsync<ElectionService>(s => s.RecordAsync(id, body), "换届选举已登记，新班子已任职", () => electing = false);
    }

    private Task ExtendAsync()
    {
        var id = Org.Id;
        var body = new ExtendTermRequest(months, extensionApprovedOn, reason);
        return RunThenReloadAsync<ElectionService>(s => s.ExtendAsync(id, body), "已延期换届", () => extending = false);
    }

    private static string StatusName(string status) => status switch
    {
        "overdue" => "已届满",
        "ending" => "即将届满",
        "ok" => "正常",
        _ => "未登记",
    };

    private sealed class Seat
    {
        public long MemberId { get; set; }

        public string Post { get; set; } = "member";
    }
}
