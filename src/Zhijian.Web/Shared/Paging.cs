namespace Zhijian.Web.Shared;

/// <summary>A page of a list, as every list endpoint answers it (API.md "General").</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total, bool TotalExact);

/// <summary>Paging parameters, clamped to the contract's limits.</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int MaxPageSize = 200;

    public static PageRequest From(int? page, int? pageSize)
    {
        var size = pageSize is null or < 1 ? 20 : Math.Min(pageSize.Value, MaxPageSize);

        // A page beyond the last answers empty; past this one, Skip would overflow an int (page=2147483647 was a 500).
        var last = int.MaxValue / size;
        var p = page is null or < 1 ? 1 : Math.Min(page.Value, last);
        return new PageRequest(p, size);
    }

    public int Skip => (Page - 1) * PageSize;
}
