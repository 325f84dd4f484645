using Microsoft.AspNetCore.Components;
using Zhijian.Web.Features.Organizations;

namespace Zhijian.Web.Components;

/// <summary>
/// A panel of the organization console: a registered tab (<see cref="OrgTabBase"/>) or a section inside one. It holds the
/// organization shown, whether the user may change it, the callback that tells the owner something changed, and the
/// run-then-reload of a write.
/// </summary>
public abstract class OrgPanelBase : ComponentBase
{
    /// <summary>The organization the console shows.</summary>
    [Parameter, EditorRequired]
    public OrganizationDto Org { get; set; } = default!;

    /// <summary>Whether the user may change this organization (false for observers: write controls are hidden).</summary>
    [Parameter]
    public bool CanWrite { get; set; }

    /// <summary>Tells the console that the organization changed; what it reloads is the tab's registration's concern.</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    /// <summary>Runs the tab's operations on the API's services, one scope each, as the signed-in user.</summary>
    [Inject]
    protected UiRunner Ui { get; set; } = default!;

    /// <summary>True while <see cref="RunThenReloadAsync{TService}"/> waits for a write (forms disable their buttons).</summary>
    protected bool Busy { get; set; }

    /// <summary>Reloads what the tab shows for <see cref="Org"/>, after a write went through.</summary>
    protected virtual Task ReloadAsync() => Task.CompletedTask;

    /// <summary>
    /// Runs one write through the page runner with <see cref="Busy"/> set; when it went through shows
    /// <paramref name="successMessage"/>, runs <paramref name="then"/> (closing the form), reloads the tab and tells the
    /// console. A refusal is shown as its Chinese message and leaves the form open. Returns whether it went through.
    /// </summary>
    protected async Task<bool> RunThenReloadAsync<TService>(Func<TService, Task> work, string successMessage, Action? then = null)
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
            then?.Invoke();
            await ReloadAsync();
            await Changed.InvokeAsync();
        }

        return done;
    }
}
