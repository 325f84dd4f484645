using MudBlazor;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Organizations.Pages;

public partial class OrgChildrenTab
{
    private enum OrgAction
    {
        Move,
        Merge,
        Dissolve,
    }

    private IReadOnlyList<OrganizationDto>? children;
    private IReadOnlyList<OrgKind> childKinds = [];
    private long loadedId = -1;
    private OrganizationDto? target;
    private OrgAction? action;
    private OrganizationDto? destination;
    private string? reason;
    private MudForm? form;
    private OrgKind? newKind;
    private string? newName;
    private string? newShortName;

    protected override async Task OnParametersSetAsync()
    {
        if (Org.Id != loadedId)
        {
            loadedId = Org.Id;
            childKinds = ContainmentRules.ChildKindsOf(Org.Kind);
            newKind = childKinds.Count == 1 ? childKinds[0] : null;
            Cancel();
            await LoadAsync();
        }
    }

    private async Task LoadAsync() =>
        children = await Ui.RunAsync<OrganizationService, IReadOnlyList<OrganizationDto>>(s => s.ChildrenAsync(Org.Id)) ?? [];

    protected override Task ReloadAsync() => LoadAsync();

    private void StartAction(OrganizationDto child, OrgAction what)
    {
        target = child;
        action = what;
        destination = null;
        reason = null;
    }

    private void Cancel()
    {
        target = null;
        action = null;
    }

    /// <summary>A picker's line: short name, kind and the parent path, so that same-named organizations differ.</summary>
    internal static string Label(OrganizationDto o) =>
        o.ParentPath.Length > 0 ? $"{o.ShortName}（{o.KindName}） · {o.ParentPath}" : $"{o.ShortName}（{o.KindName}）";

    private async Task<IEnumerable<OrganizationDto>> SearchAsync(string? text, CancellationToken ct)
    {
        var page = await Ui.RunAsync<OrganizationService, PagedList<OrganizationDto>>(s =>
            s.ListAsync(Org.System, null, string.IsNullOrWhiteSpace(text) ? null : text, PageRequest.From(1, 30), ct: ct));
        return page?.Items.Where(o => o.Id != target?.Id) ?? [];
    }

    private async Task<IEnumerable<OrganizationDto>> SearchSameKindAsync(string? text, CancellationToken ct) =>
        (await SearchAsync(text, ct)).Where(o => o.Kind == target?.Kind);

    private async Task ConfirmAsync()
    {
        if (target is null || action is null)
        {
            return;
        }

        if (action != OrgAction.Dissolve && destination is null)
        {
            await Dialogs.ShowMessageBoxAsync("提示", "请先选择目标组织", yesText: "知道了");
            return;
        }

        var question = action switch
        {
            OrgAction.Move => $"确定把「{target.ShortName}」移到「{destination!.ShortName}」之下吗？",
            OrgAction.Merge => $"确定把「{target.ShortName}」合并到「{destination!.ShortName}」吗？合并后「{target.ShortName}」将撤销。",
            _ => $"确定撤销「{target.ShortName}」吗？",
        };
        if (await Dialogs.ShowMessageBoxAsync("请确认", question, yesText: "确定", cancelText: "取消") != true)
        {
            return;
        }

        var id = target.Id;
        Func<OrganizationService, Task> work = action switch
        {
            OrgAction.Move => s => s.MoveAsync(id, destination!.Id),
            OrgAction.Merge => s => s.MergeAsync(id, destination!.Id),
            _ => s => s.DissolveAsync(id, reason, null),
        };
        await RunThenReloadAsync(work, action switch { OrgAction.Move => "已移动", OrgAction.Merge => "已合并", _ => "已撤销" }, Cancel);
    }

    private async Task CreateAsync()
    {
        await form!.ValidateAsync();
        if (!form.IsValid)
        {
            return;
        }

        var request = new CreateOrganizationRequest(Org.System, newKind, Org.Id, newName, newShortName);
        await RunThenReloadAsync<OrganizationService>(s => s.CreateAsync(request), $"已新建「{newShortName}」", () =>
        {
            newName = null;
            newShortName = null;
        });
    }
}
