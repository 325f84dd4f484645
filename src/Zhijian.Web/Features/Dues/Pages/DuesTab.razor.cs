using Zhijian.Web.Shared;

namespace Zhijian.Web.Features.Dues.Pages;

public partial class DuesTab
{
    private string month = "";
    private string? shown;
    private int version;
    private int generation;
    private GenerateResult? generated;

    [Microsoft.AspNetCore.Components.Inject]
    private TimeProvider Clock { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (month.Length == 0)
        {
            month = DuesMonth.Of(Clock.Today()).ToString();
            shown = month;
        }
    }

    /// <summary>The sections reload after the generation (a new key renders them afresh).</summary>
    protected override Task ReloadAsync()
    {
        shown = month;
        generation++;
        version++;
        return Task.CompletedTask;
    }

    /// <summary>A section wrote: the report follows (the ledger and profiles reloaded themselves).</summary>
    private async Task ChildChangedAsync()
    {
        version++;
        await Changed.InvokeAsync();
    }

    private Task GenerateAsync() => RunThenReloadAsync<DuesLedger>(async l => generated = await l.GenerateAsync(Org.Id, month), "已生成");
}
