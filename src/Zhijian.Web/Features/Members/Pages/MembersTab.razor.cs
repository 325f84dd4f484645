using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using Zhijian.Web.Components;
using Zhijian.Web.Features.ImportExport;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Members.Pages;

public partial class MembersTab
{
    private MudTable<MemberDto>? table;
    private HashSet<MemberDto> selectedMembers = [];
    private bool showBatch;
    private string? query;
    private MemberState? state;
    private bool showForm;
    private MemberDto? editing;
    private MemberDto? confirming;
    private DateTime? fullOn;
    private bool showImport;
    private bool importing;
    private ImportResult? importResult;
    private byte[]? errorReport;
    private readonly Dictionary<long, RevealedNumbers> revealed = [];
    private long loaded = -1;

    private string Noun => Org.System == OrgSystem.League ? "团员" : "党员";

    private const int PageSize = 20;

    /// <summary>The optional columns of the grid (姓名 always shows), for the column chooser.</summary>
    private static readonly (string Key, string Label)[] Columns =
    [
        ("gender", "性别"), ("birth", "出生日期"), ("id", "公民身份号码"), ("phone", "手机号码"), ("branch", "所在支部"),
        ("stage", "阶段"), ("joined", "入团/入党时间"),
    ];

    private readonly HashSet<string> hidden = [];
    private bool compact = true;
    private bool showColumns;
    private IReadOnlyList<MemberDto> shown = [];
    private int total;
    private int pageIndex;

    private string JoinedLabel => Org.System == OrgSystem.League ? "入团时间" : "入党时间";

    private bool Shows(string key) => !hidden.Contains(key);

    private void Toggle(string key, bool show)
    {
        if (show)
        {
            hidden.Remove(key);
        }
        else
        {
            hidden.Add(key);
        }
    }

    private string ColumnLabel((string Key, string Label) c) => c.Key == "joined" ? JoinedLabel : c.Label;

    private static string GenderOf(MemberDto m) => Data.Reference.CodeTables.Gender.NameOf(m.Person.Gender)?.Replace("性", "") ?? "—";

    private Task GoToAsync(int index)
    {
        table?.NavigateTo(index);
        return Task.CompletedTask;
    }

    protected override async Task OnParametersSetAsync()
    {
        if (loaded != Org.Id)
        {
            var first = loaded == -1;
            loaded = Org.Id;
            showForm = false;
            importResult = null;
            revealed.Clear();
            if (!first)
            {
                await ReloadAsync();
            }
        }
    }

    private readonly Debouncer typing = new(TimeSpan.FromMilliseconds(300));

    private async Task QueryChangedAsync(string? text)
    {
        query = text;
        if (await typing.SettledAsync())
        {
            await ReloadAsync();
        }
    }

    protected override Task ReloadAsync() => table?.ReloadServerData() ?? Task.CompletedTask;

    private async Task<TableData<MemberDto>> LoadAsync(TableState s, CancellationToken ct)
    {
        var page = await Ui.RunAsync<MemberQueries, PagedList<MemberDto>>(q =>
            q.ListAsync(Org.Id, true, query, null, state, PageRequest.From(s.Page + 1, s.PageSize), ct));
        shown = page?.Items ?? [];
        total = (int)(page?.Total ?? 0);
        pageIndex = s.Page;
        _ = InvokeAsync(StateHasChanged); // the phone list shows the same page
        return new TableData<MemberDto> { Items = shown, TotalItems = total };
    }

    private async Task RevealAsync(MemberDto member)
    {
        var reason = await ReasonDialog.AskAsync(Dialogs, member.Person.Name);
        if (string.IsNullOrWhiteSpace(reason))
        {
            return;
        }

        var numbers = await Ui.RunAsync<MemberService, RevealedNumbers>(s => s.RevealAsync(member.Id, reason));
        if (numbers is not null)
        {
            revealed[member.Id] = numbers;
        }
    }

    private async Task ImportAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        if (file.Size > MemberImporter.MaxBytes)
        {
            await Dialogs.ShowMessageBoxAsync("文件过大", $"文件不能超过 {MemberImporter.MaxBytes / 1024 / 1024} MB，请分批导入", yesText: "知道了");
            return;
        }

        importing = true;
        importResult = null;
        errorReport = null;
        StateHasChanged();
        // The browser stream is not seekable; the workbook reader needs to seek.
        using var buffer = new MemoryStream();
        await using (var upload = file.OpenReadStream(MemberImporter.MaxBytes))
        {
            await upload.CopyToAsync(buffer);
        }

        buffer.Position = 0;
        var outcome = await Ui.RunAsync<MemberImporter, (ImportResult, List<RejectedRow>)?>(async i => await i.ImportAsync(Org.Id, buffer));
        if (outcome is { } o)
        {
            importResult = o.Item1;
            errorReport = o.Item2.Count > 0 ? await MemberExporter.ErrorReportAsync(o.Item2) : null;
            await ReloadAsync();
            await Changed.InvokeAsync();
        }

        importing = false;
    }

    private async Task MemberSavedAsync()
    {
        showForm = false;
        await ReloadAsync();
        await Changed.InvokeAsync();
    }

    /// <summary>The days 转正 may take for the member being confirmed (the probation rule), when the joining date is known.</summary>
    private MemberValidation.Probation? probation;

    private DateTime FullOnMax => probation is { } w && w.Latest < Clock.Today() ? w.Latest.ToDateTime(TimeOnly.MinValue) : Clock.TodayForPicker();

    private async Task StartFullAsync(MemberDto member)
    {
        confirming = member;
        editing = null;
        var rules = await Ui.RunAsync<Rules.RuleBook, Rules.RuleSet>(r => r.CurrentAsync());
        probation = member.JoinedOn is { } joined && rules is not null ? MemberValidation.ProbationOf(joined, rules) : null;
        var today = Clock.Today();
        // Today when the probation allows it; otherwise no date, and the note says why.
        fullOn = probation is not { } w || (today >= w.Earliest && today <= w.Latest) ? Clock.TodayForPicker() : null;
    }

    /// <summary>转正: stage, its date and the political status (中共党员) change together, through the same update as PATCH.</summary>
    private async Task ConfirmFullAsync()
    {
        if (confirming is not { } m || fullOn is not { } day)
        {
            return;
        }

        var request = new UpdateMemberRequest(Stage: MemberStage.Full, FullOn: DateOnly.FromDateTime(day), Person: new PersonInput(PoliticalStatus: "01"));
        await RunThenReloadAsync<MemberService>(s => s.UpdateAsync(m.Id, request), $"已为{m.Person.Name}办理转正", () => confirming = null);
    }

    private async Task EditSavedAsync()
    {
        editing = null;
        revealed.Clear();
        await ReloadAsync();
    }

    private static string StageName(MemberDto m) => m.State == MemberState.Ended
        ? "已结束"
        : m.Stage switch { MemberStage.Probationary => "预备党员", MemberStage.Full => "正式党员", _ => "团员" };
}
