namespace Zhijian.Web.Shared;

/// <summary>
/// The rows ticked in a paged table of the console (the dues ledger, the dues profiles), each with what the page needs of
/// it (an amount to add up, or nothing): tick one, tick or untick every row of the page, and the ids for the request.
/// </summary>
public sealed class PageSelection<TValue>
{
    private readonly Dictionary<long, TValue> items = [];

    public int Count => items.Count;

    public IReadOnlyList<long> Ids => [.. items.Keys];

    public IEnumerable<TValue> Values => items.Values;

    public bool Contains(long id) => items.ContainsKey(id);

    public void Toggle(long id, TValue value)
    {
        if (!items.Remove(id))
        {
            items[id] = value;
        }
    }

    /// <summary>Whether the page has rows to tick and every one of them is ticked.</summary>
    public bool All(IEnumerable<long> page)
    {
        var any = false;
        foreach (var id in page)
        {
            if (!items.ContainsKey(id))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>Unticks everything when the whole page was ticked, else ticks exactly the page's rows.</summary>
    public void ToggleAll(IReadOnlyList<(long Id, TValue Value)> page)
    {
        var all = All(page.Select(r => r.Id));
        items.Clear();
        if (!all)
        {
            foreach (var (id, value) in page)
            {
                items[id] = value;
            }
        }
    }

    public void Clear() => items.Clear();
}

/// <summary>The number of pages of a <see cref="PagedList{T}"/> as a pager shows it: at least one.</summary>
public static class PagedListPages
{
    public static int Pages<T>(this PagedList<T>? list) => list is null ? 1 : (int)Math.Max(1, (list.Total + list.PageSize - 1) / list.PageSize);
}
