namespace Planck.Application.Common.Paging;

/// <summary>The list envelope: one page of items and the total number that match.</summary>
public sealed record Page<T>(IReadOnlyList<T> Data, int Count);

public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}
