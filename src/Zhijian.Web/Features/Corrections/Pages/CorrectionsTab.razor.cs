using Zhijian.Web.Features.Members;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Corrections.Pages;

public partial class CorrectionsTab
{
    private PagedList<CorrectionDto>? list;
    private CorrectionState state = CorrectionState.Open;
    private CorrectionDto? closing;
    private bool resolving;
    private string? note;
    private long loaded = -1;

    protected override async Task OnParametersSetAsync()
    {
        if (loaded != Org.Id)
        {
            loaded = Org.Id;
            closing = null;
            await LoadAsync();
        }
    }

    protected override Task ReloadAsync() => LoadAsync();

    private async Task LoadAsync() =>
        list = await Ui.RunAsync<CorrectionService, PagedList<CorrectionDto>>(s => s.ListAsync(Org.Id, state, PageRequest.From(1, 100)));

    private async Task StateChangedAsync(CorrectionState value)
    {
        state = value;
        closing = null;
        await LoadAsync();
    }

    private string? corrected;
    private bool saved;

    private void StartClose(CorrectionDto correction, bool resolve)
    {
        closing = correction;
        resolving = resolve;
        note = null;
        // A masked number is never put in the box: saving it empty applies the full value on the server.
        corrected = correction.ValueMasked ? null : correction.Value;
        saved = false;
    }

    /// <summary>
    /// Changes the one field on the member record through the member service (validated and audited there): the
    /// typed text, or, for a masked number left empty, the request's own value applied on the server.
    /// </summary>
    private async Task SaveRecordAsync()
    {
        var value = corrected?.Trim() ?? "";
        if (closing is null || PatchOf(closing.Field, "") is null || (value.Length == 0 && !closing.ValueMasked))
        {
            return;
        }

        Busy = true;
        var target = closing;
        var success = $"已更正{target.Name}的{target.FieldName}";
        // Built inside the operation: a malformed date becomes the runner's Chinese message.
        saved = value.Length == 0
            ? await Ui.DoAsync<CorrectionService>(s => s.ApplyAsync(target.Id), success)
            : await Ui.DoAsync<MemberService>(s => s.UpdateAsync(target.MembershipId, PatchOf(target.Field, value)!), success);
        Busy = false;
        if (saved)
        {
            // The note is shown to observers and the member: it carries the number masked.
            note ??= $"已将{target.FieldName}更正为「{(value.Length == 0 ? target.Value : CorrectionPatch.Display(target.Field, value))}」";
        }
    }

    /// <summary>
    /// The member patch that sets one reported field; null for fields the console cannot set from text
    /// (organization, other). An empty <paramref name="value"/> only asks whether the field is settable.
    /// </summary>
    public static UpdateMemberRequest? PatchOf(string field, string value) => CorrectionPatch.Of(field, value);

    private static string? HintOf(string field) => field switch
    {
        "birthDate" or "joinedOn" or "fullOn" => "日期格式 yyyy-MM-dd",
        "gender" or "ethnicity" or "education" or "politicalStatus" => "可填名称（如 汉族、大学本科毕业）或代码",
        _ => null,
    };

    private async Task CloseAsync()
    {
        if (closing is null)
        {
            return;
        }

        var target = closing;
        var body = new CloseCorrectionRequest(note);
        await (resolving
            ? RunThenReloadAsync<CorrectionService>(s => s.ResolveAsync(target.Id, body), "已标记为已处理", () => closing = null)
            : RunThenReloadAsync<CorrectionService>(s => s.RejectAsync(target.Id, body), "已驳回", () => closing = null));
    }
}
