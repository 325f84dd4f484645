using Microsoft.AspNetCore.Components;
using MudBlazor;
using Zhijian.Web.Authorization;
using Zhijian.Web.Components;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Organizations.Pages;

public partial class OrgConsole
{
    [Parameter]
    public long? Id { get; set; }

    private static readonly IEqualityComparer<OrganizationDto?> ById = new IdComparer();
    private List<TreeItemData<OrganizationDto>>? roots;
    private List<OrganizationDto>? results;
    private OrganizationDto? selected;
    private bool canWrite;
    private IReadOnlyList<OrgTab> tabs = [];
    private string? query;
    private bool treeOpen = true;
    private bool outOfScope;
    private List<Crumb> crumbs = [];

    /// <summary>One step of the breadcrumb: a link where the caller may open it.</summary>
    private sealed record Crumb(string Text, string? Href);
    private IReadOnlyList<string>? readable;

    protected override async Task OnInitializedAsync()
    {
        var tops = await Ui.RunAsync<OrganizationService, PagedList<OrganizationDto>>(s =>
            s.ListAsync(null, null, null, PageRequest.From(1, 200)));
        roots = tops?.Items.Select(Item).ToList() ?? [];
        if (selected is not null)
        {
            await ExpandToAsync(selected);
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Id is { } id && selected?.Id != id)
        {
            await SelectAsync(id);
        }
        else if (Id is null && selected is null && roots is { Count: 1 })
        {
            await SelectAsync(roots[0].Value!.Id);
        }
    }

    private static TreeItemData<OrganizationDto> Item(OrganizationDto org) => new()
    {
        Value = org,
        Text = $"{org.ShortName}（{org.MemberCount}）",
        Expandable = org.ChildCount > 0,
        Icon = org.Kind is OrgKind.Branch or OrgKind.Group ? Icons.Material.Outlined.Groups : Icons.Material.Outlined.AccountTree,
    };

    private async Task<IReadOnlyCollection<TreeItemData<OrganizationDto>>> LoadChildrenAsync(OrganizationDto? parent)
    {
        if (parent is null)
        {
            return roots ?? [];
        }

        var children = await Ui.RunAsync<OrganizationService, IReadOnlyList<OrganizationDto>>(s => s.ChildrenAsync(parent.Id));
        return children?.Select(Item).ToList() ?? [];
    }

    private readonly Debouncer typing = new(TimeSpan.FromMilliseconds(300));

    private async Task QueryChangedAsync(string? text)
    {
        query = text;
        if (await typing.SettledAsync())
        {
            await SearchAsync(text);
        }
    }

    private async Task SearchAsync(string? text)
    {
        query = text;
        if (string.IsNullOrWhiteSpace(text))
        {
            results = null;
            return;
        }

        var found = await Ui.RunAsync<OrganizationService, PagedList<OrganizationDto>>(s =>
            s.ListAsync(null, null, text, PageRequest.From(1, 50)));
        results = found?.Items.ToList() ?? [];
    }

    private void OnTreeSelected(OrganizationDto? org)
    {
        if (org is not null && org.Id != selected?.Id)
        {
            Open(org.Id);
        }
    }

    private void Open(long id) => Navigation.NavigateTo($"/orgs/{id}");

    private async Task SelectAsync(long id)
    {
        selected = await Ui.RunAsync<OrganizationService, OrganizationDto>(s => s.GetAsync(id));
        outOfScope = selected is null;
        canWrite = selected is not null && await Ui.RunAsync<CallerScope, bool>(s => s.CanWriteAsync(selected.Path));
        tabs = selected is null ? [] : Tabs.For(selected, canWrite);
        if (selected is not null)
        {
            await BreadcrumbAsync(selected);
            await ExpandToAsync(selected);
        }
        else
        {
            crumbs = [];
        }
    }

    /// <summary>Where one is: the ancestors (links where the caller may read them) and the organization itself.</summary>
    private async Task BreadcrumbAsync(OrganizationDto org)
    {
        readable ??= await Ui.RunAsync<CallerScope, IReadOnlyList<string>?>(s => s.ReadablePrefixesAsync());
        var everything = await Ui.RunAsync<CallerScope, bool>(s => s.IsSystemAdminAsync());
        var ancestors = await Ui.RunAsync<OrgPathNames, Func<string, IReadOnlyList<OrgCrumb>>>(s => s.AncestorsAsync([org.Path]));
        var ids = TreePath.Ids(org.Path);
        crumbs = (ancestors?.Invoke(org.Path) ?? []).Select(c =>
        {
            var path = "/" + string.Join('/', ids.TakeWhile(i => i != c.Id).Append(c.Id)) + "/";
            var open = everything || (readable?.Any(p => TreePath.IsWithin(path, p)) ?? false);
            return new Crumb(c.ShortName, open ? $"/orgs/{c.Id}" : null);
        }).Append(new Crumb(org.ShortName, null)).ToList();
    }

    /// <summary>
    /// Opening <c>/orgs/{id}</c> expands the tree down to the organization: each ancestor within the tree gets its children
    /// loaded and is expanded, so the selected node is visible (the caller's top organizations are the tree's roots).
    /// </summary>
    private async Task ExpandToAsync(OrganizationDto org)
    {
        IEnumerable<ITreeItemData<OrganizationDto>>? level = roots;
        var inTree = false;
        foreach (var id in TreePath.Ids(org.Path)[..^1])
        {
            var item = level?.FirstOrDefault(i => i.Value?.Id == id) as TreeItemData<OrganizationDto>;
            if (item is null)
            {
                if (inTree)
                {
                    return;
                }

                continue; // an ancestor above the caller's top organizations
            }

            inTree = true;
            item.Children ??= (await LoadChildrenAsync(item.Value)).Cast<TreeItemData<OrganizationDto>>().ToList();
            item.Expanded = true;
            level = item.Children;
        }
    }

    /// <summary>What every tab gets: the organization, whether the user may change it, and what a change reloads.</summary>
    private Dictionary<string, object?> ParametersOf(OrgTab tab) => new()
    {
        [nameof(OrgTabBase.Org)] = selected,
        [nameof(OrgTabBase.CanWrite)] = canWrite,
        [nameof(OrgTabBase.Changed)] = tab.Options.Refresh switch
        {
            ConsoleRefresh.Tree => EventCallback.Factory.Create(this, ChildrenChangedAsync),
            ConsoleRefresh.Organization => EventCallback.Factory.Create(this, ReloadSelectedAsync),
            _ => EventCallback.Empty,
        },
    };

    private async Task ReloadSelectedAsync()
    {
        if (selected is not null)
        {
            var id = selected.Id;
            selected = null;
            await SelectAsync(id);
        }
    }

    private async Task ChildrenChangedAsync()
    {
        await ReloadSelectedAsync();
        await OnInitializedAsync();
    }

    private sealed class IdComparer : IEqualityComparer<OrganizationDto?>
    {
        public bool Equals(OrganizationDto? x, OrganizationDto? y) => x?.Id == y?.Id;

        public int GetHashCode(OrganizationDto? obj) => obj?.Id.GetHashCode() ?? 0;
    }
}
