using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Zhijian.Web.Features.Organizations;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues.Pages;

public partial class DuesLedgerSection
{
    private const int PageSize = 50;
    private string? month;
    private DuesState? state;
    private long orgId;
    private long tabOrgId;
    private string? tabMonth;
    private string? q;
    private int pageNo = 1;
    private DuesMethod method = DuesMethod.Cash;
    private string paidOn = "";
    private string? reference;
    private bool confirming;
    private PagedList<DuesLineDto>? lines;
    private PaymentDto? lastReceipt;
    private IReadOnlyList<OrganizationDto> children = [];
    private readonly PageSelection<decimal> selected = new();

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    /// <summary>The month shown first (the host's month field); null shows every month.</summary>
    [Parameter]
    public string? Month { get; set; }

    private int Pages => lines.Pages();

    private decimal SelectedYuan => selected.Values.Sum();

    private IReadOnlyList<(long Id, decimal Yuan)> DueOnPage => lines?.Items.Where(l => l.State == DuesState.Due).Select(l => (l.Id, l.AmountYuan)).ToList() ?? [];

    private bool AllSelected => selected.All(DueOnPage.Select(l => l.Id));

    protected override async Task OnParametersSetAsync()
    {
        if (tabOrgId == Org.Id && tabMonth == Month && lines is not null)
        {
            return; // the tab re-rendered (after a write of a section): keep the filters and the page
        }

        if (tabOrgId != Org.Id)
        {
            tabOrgId = orgId = Org.Id;
            children = await Ui.RunAsync<OrganizationService, IReadOnlyList<OrganizationDto>>(o => o.ChildrenAsync(Org.Id)) ?? [];
        }

        month = tabMonth = Month;
        paidOn = Clock.Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await ReloadAsync();
    }

    protected override async Task ReloadAsync()
    {
        selected.Clear();
        confirming = false;
        var m = string.IsNullOrWhiteSpace(month) ? null : month.Trim();
        lines = await Ui.RunAsync<DuesLedger, PagedList<DuesLineDto>>(l =>
            l.ListAsync(orgId, true, m, state, PageRequest.From(pageNo, PageSize), q)) ?? new PagedList<DuesLineDto>([], 1, PageSize, 0, true);
    }

    private Task SearchAsync()
    {
        pageNo = 1;
        return ReloadAsync();
    }

    private Task StateChangedAsync(DuesState? value)
    {
        state = value;
        return SearchAsync();
    }

    private Task OrgChangedAsync(long value)
    {
        orgId = value;
        return SearchAsync();
    }

    private Task PageChangedAsync(int value)
    {
        pageNo = value;
        return ReloadAsync();
    }

    private void Toggle(DuesLineDto l)
    {
        selected.Toggle(l.Id, l.AmountYuan);
        confirming = false;
    }

    private void ToggleAll() => selected.ToggleAll(DueOnPage);

    private void AskPay() => confirming = selected.Count > 0;

    private async Task PayAsync()
    {
        if (!DateOnly.TryParse(paidOn, CultureInfo.InvariantCulture, out var on))
        {
            on = DateOnly.MinValue; // the service answers 400 with the field named
        }

        var ids = selected.Ids;
        var body = new PayRequest(ids, method, on == DateOnly.MinValue ? null : on, reference);
        await RunThenReloadAsync<DuesPayments>(async p => lastReceipt = await p.PayAsync(body), $"已登记交纳 {ids.Count} 条");
    }

    private async Task WaiveAsync(DuesLineDto line)
    {
        var reason = await DuesWaiveDialog.AskAsync(Dialogs, line);
        if (!string.IsNullOrWhiteSpace(reason))
        {
            await RunThenReloadAsync<DuesPayments>(p => p.WaiveAsync(line.Id, new WaiveRequest(reason)), "已免交");
        }
    }
}
