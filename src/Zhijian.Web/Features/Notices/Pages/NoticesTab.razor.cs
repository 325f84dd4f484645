using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using MudBlazor;
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
    private readonly List<PickedFile> picked = [];
    private readonly List<string> pickErrors = [];

    /// <summary>The most attachments one notice takes from the compose form.</summary>
    internal const int MaxPicked = 10;

    [Inject]
    private IOptions<NoticeOptions> Options { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

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

    /// <summary>
    /// Keeps the chosen files for sending, after the checks the API makes (type by extension, size, not empty): a refused file
    /// is named with the Chinese reason and not kept, so sending never fails half-way on an attachment.
    /// </summary>
    private async Task PickAsync(InputFileChangeEventArgs e)
    {
        pickErrors.Clear();
        var o = Options.Value;
        if (e.FileCount + picked.Count > MaxPicked)
        {
            pickErrors.Add($"一条通知最多 {MaxPicked} 个附件");
            return;
        }

        foreach (var file in e.GetMultipleFiles(MaxPicked))
        {
            try
            {
                var (name, _) = FileStore.CheckUpload(file.Name, o.AllowedExtensions);
                if (file.Size <= 0 || file.Size > o.MaxAttachmentBytes)
                {
                    throw FileStore.TooLarge(o.MaxAttachmentBytes);
                }

                using var buffer = new MemoryStream();
                await using (var stream = file.OpenReadStream(o.MaxAttachmentBytes))
                {
                    await stream.CopyToAsync(buffer);
                }

                picked.Add(new PickedFile(name, buffer.ToArray()));
            }
            catch (DomainException refused)
            {
                pickErrors.Add($"「{file.Name}」未添加：{refused.Message}");
            }
        }
    }

    /// <summary>Sends the notice, then uploads the chosen attachments to it (POST /notices/{id}/attachments's service).</summary>
    private async Task SendAsync()
    {
        var request = new SendNoticeRequest(Org.Id, form.Title, form.Body, form.Audience, form.RequireReceipt);
        var files = picked.ToList();
        var refused = new List<string>();
        await RunThenReloadAsync<NoticeService>(async s =>
        {
            var sent = await s.SendAsync(request);
            foreach (var f in files)
            {
                try
                {
                    await using var content = new MemoryStream(f.Content, writable: false);
                    await s.AddAttachmentAsync(sent.Id, f.Name, f.Content.Length, content);
                }
                catch (DomainException e)
                {
                    refused.Add($"附件「{f.Name}」未上传：{e.Message}");
                }
            }
        }, files.Count == 0 ? "通知已发送" : $"通知已发送，附件 {files.Count} 个", () =>
        {
            composing = false;
            form = new ComposeModel();
            picked.Clear();
            pickErrors.Clear();
        });
        refused.ForEach(r => Snackbar.Add(r, Severity.Warning));
    }

    private async Task RemindAsync()
    {
        if (selected is { } n)
        {
            await RunThenReloadAsync<NoticeService>(s => s.RemindAsync(n.Id), "已提醒未读人员");
        }
    }

    internal static string Percent(double rate) => (rate * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private sealed record PickedFile(string Name, byte[] Content);

    private sealed class ComposeModel
    {
        public string? Title { get; set; }
        public string? Body { get; set; }
        public string Audience { get; set; } = "members";
        public bool RequireReceipt { get; set; } = true;
    }
}
