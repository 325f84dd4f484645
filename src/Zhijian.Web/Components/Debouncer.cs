namespace Zhijian.Web.Components;

/// <summary>
/// Waits for typing to pause. Kept by the page itself, so a re-render (the first load finishing, say)
/// never loses what was typed meanwhile, as a component-owned debounce timer can.
/// </summary>
public sealed class Debouncer(TimeSpan delay)
{
    private CancellationTokenSource? pending;

    /// <summary>True when no newer keystroke came within the delay; false when this one was superseded.</summary>
    public async Task<bool> SettledAsync()
    {
        pending?.Cancel();
        var mine = pending = new CancellationTokenSource();
        try
        {
            await Task.Delay(delay, mine.Token);
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
