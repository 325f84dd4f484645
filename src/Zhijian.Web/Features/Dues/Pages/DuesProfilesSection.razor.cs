using Microsoft.AspNetCore.Components;
using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues.Pages;

public partial class DuesProfilesSection
{
    private const int PageSize = 50;
    private long loadedOrgId;
    private bool missing;
    private string? q;
    private int pageNo = 1;
    private DuesCategory category = DuesCategory.Employed;
    private decimal? baseYuan;
    private decimal? fixedYuan;
    private string? note;
    private string from = "";
    private PagedList<DuesProfileRow>? rows;
    private DuesProfilesBulkResult? result;
    private string? editing;
    private readonly PageSelection<bool> selected = new();

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private int Pages => rows.Pages();

    private IReadOnlyList<(long Id, bool Value)> OnPage => rows?.Items.Select(r => (r.MembershipId, true)).ToList() ?? [];

    private bool AllSelected => selected.All(OnPage.Select(r => r.Id));

    protected override async Task OnParametersSetAsync()
    {
        if (from.Length == 0)
        {
            from = DuesMonth.Of(Clock.Today()).ToString();
        }

        if (loadedOrgId != Org.Id)
        {
            loadedOrgId = Org.Id; // not again when the tab re-renders after another section's write (keeps the selection)
            await ReloadAsync();
        }
    }

    protected override async Task ReloadAsync()
    {
        selected.Clear();
        editing = null;
        rows = await Ui.RunAsync<DuesProfilesBulk, PagedList<DuesProfileRow>>(p =>
            p.ListAsync(Org.Id, missing, q, PageRequest.From(pageNo, PageSize))) ?? new PagedList<DuesProfileRow>([], 1, PageSize, 0, true);
    }

    private Task SearchAsync()
    {
        pageNo = 1;
        return ReloadAsync();
    }

    private Task MissingChangedAsync(bool value)
    {
        missing = value;
        return SearchAsync();
    }

    private Task PageChangedAsync(int value)
    {
        pageNo = value;
        return ReloadAsync();
    }

    private void Toggle(long id)
    {
        selected.Toggle(id, true);
        editing = null;
    }

    /// <summary>
    /// One member's profile through the bulk form: only this row ticked and the form filled with the profile in force
    /// (the API's PUT of one member's profile does the same; the form keeps one way of setting profiles in the console).
    /// </summary>
    private void Edit(DuesProfileRow row)
    {
        selected.Clear();
        selected.Toggle(row.MembershipId, true);
        category = row.Category ?? DuesCategory.Employed;
        baseYuan = row.Category is DuesCategory.Employed or DuesCategory.Retired ? row.BaseYuan : null;
        fixedYuan = row.Category == DuesCategory.Fixed ? row.FixedYuan : null;
        editing = row.Name;
        result = null;
    }

    private void ToggleAll() => selected.ToggleAll(OnPage);

    private Task SetSelectedAsync() => SetAsync(selected.Ids);

    private Task SetMissingAsync() => SetAsync(null);

    private Task SetAsync(IReadOnlyList<long>? ids)
    {
        var body = new DuesProfilesBulkRequest(ids, category,
            category is DuesCategory.Employed or DuesCategory.Retired ? baseYuan : null,
            category == DuesCategory.Fixed ? fixedYuan : null, from, category == DuesCategory.Fixed ? note : null);
        return RunThenReloadAsync<DuesProfilesBulk>(async p => result = await p.SetAsync(Org.Id, body), "已设置党（团）费档案");
    }
}
