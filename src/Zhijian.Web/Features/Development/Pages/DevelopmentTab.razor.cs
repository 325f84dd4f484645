using System.Globalization;
using Zhijian.Web.Features.Members;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Development.Pages;

public partial class DevelopmentTab
{
    private List<DevelopmentRecordDto>? records;
    private DevelopmentStatsDto? stats;
    private DevelopmentRecordDto? selected;
    private DevelopmentStage? next;
    private AdvanceForm form = new();
    private StepCheckDto? check;
    private string? formError;
    private IReadOnlyList<MemberDto> fullMembers = [];
    private long? loadedFor;
    private DateOnly today;

    private bool recommending;
    private IReadOnlyList<MemberDto> leagueMembers = [];
    private IReadOnlyCollection<long> recommendIds = [];
    private OrganizationDto? recommendTo;
    private string? recommendResult;

    [Microsoft.AspNetCore.Components.Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Microsoft.AspNetCore.Components.Inject]
    private MudBlazor.IDialogService Dialogs { get; set; } = default!;

    private DevelopmentStage[] Columns => Org.System == OrgSystem.Party
        ? [DevelopmentStage.Applicant, DevelopmentStage.Activist, DevelopmentStage.Candidate, DevelopmentStage.Probationary]
        : [DevelopmentStage.Applicant, DevelopmentStage.Activist];

    protected override async Task OnParametersSetAsync()
    {
        if (loadedFor == Org.Id)
        {
            return;
        }

        loadedFor = Org.Id;
        today = Clock.Today();
        selected = null;
        recommending = false;
        await ReloadAsync();
    }

    protected override async Task ReloadAsync()
    {
        var branch = Org.Kind == OrgKind.Branch;
        var page = await Ui.RunAsync<DevelopmentQueries, PagedList<DevelopmentRecordDto>>(q =>
            q.ListAsync(Org.Id, !branch, null, null, false, PageRequest.From(1, PageRequest.MaxPageSize)));
        records = page?.Items.ToList() ?? [];
        stats = await Ui.RunAsync<DevelopmentQueries, DevelopmentStatsDto>(q => q.StatsAsync(Org.Id, null));
        if (selected is not null)
        {
            Select(records.FirstOrDefault(r => r.Id == selected.Id));
        }
    }

    private void Select(DevelopmentRecordDto? record)
    {
        selected = record;
        next = record is null ? null : DevelopmentRules.Next(record.System, record.Stage);
        form = new AdvanceForm
        {
            On = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            VoteOn = record?.AdmittedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        check = null;
        formError = null;
        _ = LoadContactsAndCheckAsync();
    }

    private async Task LoadContactsAndCheckAsync()
    {
        if (selected is { } r && next == DevelopmentStage.Candidate)
        {
            var page = await Ui.RunAsync<MemberQueries, PagedList<MemberDto>>(q =>
                q.ListAsync(r.OrgId, false, null, MemberStage.Full, null, PageRequest.From(1, PageRequest.MaxPageSize)));
            fullMembers = page?.Items ?? [];
        }

        await CheckAsync();
        await InvokeAsync(StateHasChanged);
    }

    private async Task ChangedAsync(Action set)
    {
        set();
        await CheckAsync();
    }

    /// <summary>Asks the rules about the step as typed: breaches, warnings, the earliest allowed date.</summary>
    private async Task CheckAsync()
    {
        if (selected is null || next is null || Request() is not { } request)
        {
            check = null;
            return;
        }

        var (result, refusal) = await Ui.TryAsync<DevelopmentService, StepCheckDto>(s => s.CheckAsync(selected.Id, request));
        check = result;
        formError = refusal?.Message;
    }

    private AdvanceRequest? Request()
    {
        if (!TryDate(form.On, out var on))
        {
            formError = "请按 yyyy-MM-dd 填写日期";
            return null;
        }

        formError = null;
        TryDate(form.VoteOn, out var vote);
        TryDate(form.ApprovedOn, out var approved);
        return new AdvanceRequest(next, on, form.Note, form.Contacts.ToArray(), form.CourseHours, vote, approved);
    }

    private static bool TryDate(string? text, out DateOnly? day)
    {
        day = null;
        if (DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            day = d;
            return true;
        }

        return false;
    }

    private async Task AdvanceAsync()
    {
        if (selected is null || Request() is not { } request)
        {
            return;
        }

        var id = selected.Id;
        await RunThenReloadAsync<DevelopmentService>(s => s.AdvanceAsync(id, request), "已推进");
    }

    /// <summary>Records the branch vote alone: the candidate then waits for the higher committee's approval.</summary>
    private async Task VoteAsync()
    {
        if (selected is null || Request() is not { } request)
        {
            return;
        }

        var id = selected.Id;
        var vote = new VoteRequest(request.VoteOn ?? request.On, request.CourseHours, request.Note);
        await RunThenReloadAsync<DevelopmentService>(s => s.VoteAsync(id, vote), "已记录支部大会表决，待上级党委审批");
    }

    /// <summary>终止: the dialog asks the reason and the day and a confirmation; then the record is closed.</summary>
    private async Task CloseRecordAsync()
    {
        if (selected is null)
        {
            return;
        }

        var (id, name, stage) = (selected.Id, selected.Name, DevelopmentRules.StageName(selected.System, selected.Stage));
        if (await CloseRecordDialog.AskAsync(Dialogs, name, stage, today) is { } close)
        {
            await RunThenReloadAsync<DevelopmentService>(s => s.CloseAsync(id, close), "已终止发展程序");
        }
    }

    private async Task StartRecommendAsync()
    {
        recommending = true;
        recommendResult = null;
        var page = await Ui.RunAsync<MemberQueries, PagedList<MemberDto>>(q =>
            q.ListAsync(Org.Id, false, null, MemberStage.Member, null, PageRequest.From(1, PageRequest.MaxPageSize)));
        leagueMembers = page?.Items.Where(m => m.Person.BirthDate is { } b && Age.On(b, today) >= 18).ToList() ?? [];
    }

    private async Task<IEnumerable<OrganizationDto>> SearchPartyBranchesAsync(string? text, CancellationToken ct)
    {
        var page = await Ui.RunAsync<OrganizationService, PagedList<OrganizationDto>>(s =>
            s.ListAsync(OrgSystem.Party, null, text, PageRequest.From(1, 20)));
        return page?.Items.Where(o => o.Kind == OrgKind.Branch) ?? [];
    }

    private async Task RecommendAsync()
    {
        var ids = recommendIds.ToArray();
        var to = recommendTo!.Id;
        var result = await Ui.RunAsync<RecommendToParty, RecommendResult>(s => s.RunAsync(new RecommendRequest(ids, to, today)));
        if (result is not null)
        {
            recommendResult = $"已推荐 {result.Created.Count} 人" + (result.Failed.Count > 0
                ? "；未通过：" + string.Join("；", result.Failed.Select(f => f.Message))
                : "");
            recommendIds = [];
        }
    }

    private sealed class AdvanceForm
    {
        public string? On { get; set; }
        public string? VoteOn { get; set; }
        public string? ApprovedOn { get; set; }
        public decimal? CourseHours { get; set; }
        public List<long> Contacts { get; set; } = [];
        public string? Note { get; set; }
    }
}
