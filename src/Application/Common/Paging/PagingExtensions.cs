using Microsoft.EntityFrameworkCore;

namespace Planck.Application.Common.Paging;

public static class PagingExtensions
{
    /// <summary>Reads one page of an ordered query and the total, counting only when the page does not tell it.</summary>
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> ordered, IPagedRequest request, CancellationToken cancellationToken)
    {
        var items = await ordered.Skip(request.Offset).Take(request.Limit).ToListAsync(cancellationToken);
        var count = Paging.TotalIfPageEndsTheList(request, items.Count) ?? await ordered.CountAsync(cancellationToken);
        return new Page<T>(items, count);
    }
}
