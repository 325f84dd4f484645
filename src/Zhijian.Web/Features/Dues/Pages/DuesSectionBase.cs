using Microsoft.AspNetCore.Components;
using Zhijian.Web.Components;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Features.Dues.Pages;

/// <summary>
/// A section of the 党费/团费 tab (ledger, profiles, report): the same parameters and run-then-reload as
/// <see cref="OrgTabBase"/>, but not a tab of its own (the console registers only <see cref="DuesTab"/>).
/// </summary>
public abstract class DuesSectionBase : ComponentBase
{
    /// <summary>The organization the tab shows.</summary>
    [Parameter, EditorRequired]
    public OrganizationDto Org { get; set; } = default!;

    /// <summary>Whether the user may change this organization (write controls are hidden otherwise).</summary>
    [Parameter]
    public bool CanWrite { get; set; }

    /// <summary>Tells the tab that the section wrote something.</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    /// <summary>Runs the section's operations on the API's services, one scope each, as the signed-in user.</summary>
    [Inject]
    protected UiRunner Ui { get; set; } = default!;

    /// <summary>True while a write runs (forms disable their buttons).</summary>
    protected bool Busy { get; set; }

    /// <summary>Reloads what the section shows, after a write went through.</summary>
    protected virtual Task ReloadAsync() => Task.CompletedTask;

    /// <summary>Runs one write with <see cref="Busy"/> set; when it went through reloads the section and tells the tab.</summary>
    protected async Task<bool> RunThenReloadAsync<TService>(Func<TService, Task> work, string successMessage)
        where TService : notnull
    {
        Busy = true;
        bool done;
        try
        {
            done = await Ui.DoAsync(work, successMessage);
        }
        finally
        {
            Busy = false;
        }

        if (done)
        {
            await ReloadAsync();
            await Changed.InvokeAsync();
        }

        return done;
    }
}
