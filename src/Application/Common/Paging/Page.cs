namespace Planck.Application.Common.Paging;

/// <summary>The list envelope: one page of items and the total number that match.</summary>
public sealed record Page<T>(IReadOnlyList<T> Data, int Count);

public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>
    /// The total, when the page itself tells it: a page that is not full ends the list. Most lists fit in one page,
    /// so this saves the count query, a database round trip, on most requests. Null when a count is needed.
    /// </summary>
    public static int? TotalIfPageEndsTheList(IPagedRequest request, int itemsOnPage) =>
        itemsOnPage < request.Limit && (itemsOnPage > 0 || request.Offset == 0) ? request.Offset + itemsOnPage : null;
}
