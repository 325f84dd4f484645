using System.Globalization;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Notices.Pages;

public partial class NoticesTab
{
    private List<NoticeDto>? notices;
    private NoticeDto? selected;
    private PagedList<NoticeReceiptDto>? receipts;
    private bool showRead;
    private bool composing;
    private ComposeModel form = new();
    private long? loadedFor;

    protected override async Task OnParametersSetAsync()
    {
        if (loadedFor == Org.Id)
        {
            return;
        }

        loadedFor = Org.Id;
        selected = null;
        composing = false;
        await LoadAsync();
    }

    protected override async Task ReloadAsync()
    {
        await LoadAsync();
        if (selected is not null)
        {
            await OpenAsync(selected.Id);
        }
    }

    private async Task LoadAsync()
    {
        var page = await Ui.RunAsync<NoticeService, PagedList<NoticeDto>>(s => s.ListAsync(Org.Id, true, PageRequest.From(1, 50)));
        notices = page?.Items.ToList() ?? [];
    }

    private async Task OpenAsync(long id)
    {
        selected = await Ui.RunAsync<NoticeService, NoticeDto>(s => s.GetAsync(id));
        await ReceiptsAsync(showRead);
    }

    private async Task ReceiptsAsync(bool read)
    {
        showRead = read;
        if (selected is { } n)
        {
            receipts = await Ui.RunAsync<NoticeService, PagedList<NoticeReceiptDto>>(s =>
                s.ReceiptsAsync(n.Id, read ? "read" : "unread", PageRequest.From(1, 50)));
        }
    }

    private async Task SendAsync()
    {
        var request = new SendNoticeRequest(Org.Id, form.Title, form.Body, form.Audience, form.RequireReceipt);
        await RunThenReloadAsync<NoticeService>(s => s.SendAsync(request), "通知已发送", () =>
        {
            composing = false;
            form = new ComposeModel();
        });
    }

    private async Task RemindAsync()
    {
        if (selected is { } n)
        {
            await RunThenReloadAsync<NoticeService>(s => s.RemindAsync(n.Id), "已提醒未读人员");
        }
    }

    internal static string Percent(double rate) => (rate * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private sealed class ComposeModel
    {
        public string? Title { get; set; }
        public string? Body { get; set; }
        public string Audience { get; set; } = "members";
        public bool RequireReceipt { get; set; } = true;
    }
}
