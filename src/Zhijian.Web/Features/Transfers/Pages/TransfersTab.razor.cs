using MudBlazor;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Transfers.Pages;

public partial class TransfersTab
{
    protected override void OnInitialized()
    {
        to = Clock.TodayForPicker();
        from = to.Value.AddDays(-29);
    }

    private string view = "todo";
    private readonly Dictionary<long, string?> notes = [];
    private List<TransferDto>? items;
    private long total;
    private readonly Dictionary<long, long?> placements = [];
    private readonly Dictionary<long, IReadOnlyList<TransferDestination>> branches = [];
    private TransferStatsDto? stats;
    private IReadOnlyList<TransferWeekDto>? weeks;
    private DateTime? from;
    private DateTime? to;
    private long loadedFor;

    private string ExportUrl => $"/api/v1/orgs/{Org.Id}/transfer-stats.xlsx?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";

    protected override async Task OnParametersSetAsync()
    {
        if (loadedFor != Org.Id)
        {
            loadedFor = Org.Id;
            batchResult = null;
            await LoadAsync();
        }
    }

    private async Task ViewChangedAsync(string value)
    {
        view = value;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (view == "stats")
        {
            await LoadStatsAsync();
            return;
        }

        items = null;
        var page = await Ui.RunAsync<TransferQueries, PagedList<TransferDto>>(q => view switch
        {
            "in" => q.ListAsync(Org.Id, TransferDirection.In, null, false, PageRequest.From(1, 100)),
            "out" => q.ListAsync(Org.Id, TransferDirection.Out, null, false, PageRequest.From(1, 100)),
            "overdue" => q.ListAsync(Org.Id, null, null, true, PageRequest.From(1, 100)),
            _ => q.ListAsync(Org.Id, null, null, false, PageRequest.From(1, 100)),
        });
        var list = page?.Items ?? [];
        items = view == "todo" ? list.Where(t => t.State is TransferState.PendingOut or TransferState.PendingIn).ToList() : list.ToList();
        total = view == "todo" ? items.Count : page?.Total ?? 0;
        foreach (var t in items.Where(t => t.State == TransferState.PendingIn && t.ToOrgId is not null))
        {
            await LoadBranchesAsync(t);
            var choices = branches.GetValueOrDefault(t.ToOrgId!.Value) ?? [];
            placements.TryAdd(t.Id, choices.Count == 1 ? choices[0].Id : null);
        }
    }

    protected override Task ReloadAsync() => LoadAsync();

    private async Task LoadStatsAsync()
    {
        var f = from is { } a ? DateOnly.FromDateTime(a) : (DateOnly?)null;
        var t = to is { } b ? DateOnly.FromDateTime(b) : (DateOnly?)null;
        stats = await Ui.RunAsync<TransferStatistics, TransferStatsDto>(s => s.ForAsync(Org.Id, f, t));
        weeks = await Ui.RunAsync<TransferStatistics, IReadOnlyList<TransferWeekDto>>(s => s.WeeksAsync(Org.Id, null, null));
    }

    private async Task LoadBranchesAsync(TransferDto t)
    {
        if (t.ToOrgId is { } to && !branches.ContainsKey(to))
        {
            // Only the receiving side sees the receiving organization: a refusal just means "not ours to accept".
            var (found, refusal) = await Ui.TryAsync<TransferQueries, IReadOnlyList<TransferDestination>>(q => q.BranchesAsync(to));
            if (refusal is null && found is not null)
            {
                branches[to] = found;
            }
        }
    }

    private TransferBatchDecisionResult? batchResult;
    private Dictionary<long, string> names = [];
    private bool deciding;

    /// <summary>Rows this page offers 同意转出 on.</summary>
    private List<TransferDto> Approvable => items?.Where(t => t.State == TransferState.PendingOut).ToList() ?? [];

    /// <summary>Rows this page offers 同意接收 on (the receiving organization is in the user's scope).</summary>
    private List<TransferDto> Acceptable => items?.Where(t => t.State == TransferState.PendingIn && t.Outside is null
        && branches.ContainsKey(t.ToOrgId ?? 0)).ToList() ?? [];

    private async Task DecideAllAsync(string action)
    {
        var rows = action == "accept" ? Acceptable : Approvable;
        names = rows.ToDictionary(t => t.Id, t => t.MemberName);
        var question = action == "accept" ? $"同意接收这 {rows.Count} 人的组织关系？接收后即转入所选支部。" : $"同意这 {rows.Count} 人的组织关系转出？";
        if (await Dialogs.ShowMessageBoxAsync("请确认", question, yesText: action == "accept" ? "全部同意接收" : "全部同意转出", cancelText: "取消") != true)
        {
            return;
        }

        var request = new TransferBatchDecisionRequest(action,
            rows.Select(t => new TransferBatchItem(t.Id, action == "accept" ? placements.GetValueOrDefault(t.Id) : null)).ToList(), null);
        deciding = true;
        batchResult = await Ui.RunAsync<TransferService, TransferBatchDecisionResult>(s => s.DecideManyAsync(request));
        deciding = false;
        if (batchResult is not null)
        {
            await LoadAsync();
            await Changed.InvokeAsync();
        }
    }

    /// <summary>Rows the user may decide on here: the note box sits in these rows.</summary>
    private bool Actionable(TransferDto t) => t.State == TransferState.PendingOut
        || (t.State == TransferState.PendingIn && (t.Outside is not null ? t.LetterSerial is not null : branches.ContainsKey(t.ToOrgId ?? 0)));

    private async Task StartTransferAsync()
    {
        if (await TransferDialog.OpenAsync(Dialogs, Org.Id, Org.System) is { } created)
        {
            Snackbar.Add($"已发起{created.MemberName}的转接，待转出组织同意转出", Severity.Success);
            await LoadAsync();
            await Changed.InvokeAsync();
        }
    }

    /// <summary>同意转出 and 同意接收 move a person's organizational relation: they ask first.</summary>
    private async Task<bool> ConfirmAsync(TransferDto t, string action)
    {
        var question = action switch
        {
            "approve" => $"同意{t.MemberName}的组织关系由{t.FromOrgName}转出到{t.ToOrgName}？{(t.Outside is null ? "" : "将开具介绍信。")}",
            "accept" => $"同意接收{t.MemberName}的组织关系？接收后即转入{(placements.GetValueOrDefault(t.Id) is { } b ? branches.GetValueOrDefault(t.ToOrgId ?? 0)?.FirstOrDefault(x => x.Id == b)?.Name ?? t.ToOrgName : t.ToOrgName)}。",
            _ => null,
        };
        return question is null
            || await Dialogs.ShowMessageBoxAsync("请确认", question, yesText: action == "approve" ? "同意转出" : "同意接收", cancelText: "取消") == true;
    }

    private async Task DecideAsync(TransferDto t, string action)
    {
        if (!await ConfirmAsync(t, action))
        {
            return;
        }

        var note = notes.GetValueOrDefault(t.Id);
        var body = new TransferDecisionRequest(note, placements.GetValueOrDefault(t.Id));
        var receipt = new TransferReceiptRequest(note);
        Func<TransferService, Task> work = action switch
        {
            "approve" => s => s.ApproveAsync(t.Id, body),
            "accept" => s => s.AcceptAsync(t.Id, body),
            "receipt" => s => s.RecordReceiptAsync(t.Id, receipt),
            _ => s => s.RejectAsync(t.Id, body),
        };
        var success = action switch
        {
            "approve" => "已同意转出",
            "accept" => "已同意接收，组织关系已转入",
            "receipt" => "已登记回执",
            _ => "已退回",
        };
        await RunThenReloadAsync(work, success, () => notes.Remove(t.Id));
    }
}
