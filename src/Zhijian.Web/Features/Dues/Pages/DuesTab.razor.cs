using MudBlazor;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues.Pages;

public partial class DuesTab
{
    private string month = "";
    private DuesState? state;
    private DuesMethod method = DuesMethod.Cash;
    private string? reason;
    private PagedList<DuesLineDto>? lines;
    private DuesReportDto? report;
    private GenerateResult? generated;
    private PaymentDto? lastReceipt;
    private readonly HashSet<long> selected = [];
    private List<ChartSeries<double>> series = [];
    private string[] labels = [];

    [Microsoft.AspNetCore.Components.Inject]
    private TimeProvider Clock { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (month.Length == 0)
        {
            month = DuesMonth.Of(Clock.Today()).ToString();
        }

        await ReloadAsync();
    }

    protected override async Task ReloadAsync()
    {
        selected.Clear();
        lines = await Ui.RunAsync<DuesLedger, PagedList<DuesLineDto>>(l =>
            l.ListAsync(Org.Id, true, month, state, PageRequest.From(1, 200)));
        report = await Ui.RunAsync<DuesReport, DuesReportDto>(r => r.ForAsync(Org.Id, null, null));
        if (report is not null)
        {
            labels = report.ByMonth.Select(m => m.Month[5..] + "月").ToArray();
            series =
            [
                new() { Name = "应交（元）", Data = new(report.ByMonth.Select(m => (double)m.DueYuan).ToArray()) },
                new() { Name = "已交（元）", Data = new(report.ByMonth.Select(m => (double)m.PaidYuan).ToArray()) },
            ];
        }
    }

    private async Task StateChangedAsync(DuesState? value)
    {
        state = value;
        await ReloadAsync();
    }

    private void Toggle(long id)
    {
        if (!selected.Remove(id))
        {
            selected.Add(id);
        }
    }

    private Task GenerateAsync() => RunThenReloadAsync<DuesLedger>(async l => generated = await l.GenerateAsync(Org.Id, month),
        "已生成");

    private Task PayAsync()
    {
        var ids = selected.ToList();
        return RunThenReloadAsync<DuesPayments>(async p =>
            lastReceipt = await p.PayAsync(new PayRequest(ids, method, Clock.Today(), null)), "已登记交纳");
    }

    private Task WaiveAsync(long id) =>
        RunThenReloadAsync<DuesPayments>(p => p.WaiveAsync(id, new WaiveRequest(reason)), "已免交");
}
