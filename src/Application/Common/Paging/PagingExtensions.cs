using Microsoft.EntityFrameworkCore;

namespace Planck.Application.Common.Paging;

public static class PagingExtensions
{
    /// <summary>
    /// Reads one page of an ordered query and the total. A page that is not full ends the list, so its total
    /// is known without a count query: most lists fit in one page, and that saves a round trip.
    /// </summary>
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> ordered, IPagedRequest request, CancellationToken cancellationToken)
    {
        var items = await ordered.Skip(request.Offset).Take(request.Limit).ToListAsync(cancellationToken);
        var pageEndsTheList = items.Count < request.Limit && (items.Count > 0 || request.Offset == 0);
        var count = pageEndsTheList ? request.Offset + items.Count : await ordered.CountAsync(cancellationToken);
        return new Page<T>(items, count);
    }
}
