namespace Planck.Application.Documents;

/// <summary>What a search asks: words in one workspace, optionally only in some of its documents.</summary>
public sealed record SearchRequest(Guid WorkspaceId, string Query, IReadOnlyCollection<Guid>? DocumentIds, int Limit, SearchMode Mode = SearchMode.Hybrid);

/// <summary>Hybrid is what users get; the single modes exist to measure what each half contributes.</summary>
public enum SearchMode
{
    Hybrid,
    FullText,
    Vector,
}

/// <summary>One passage found, best first. <c>Score</c> is comparable only within one answer.</summary>
public sealed record SearchHit(long ChunkId, Guid DocumentId, string DocumentName, string Text, int? Page, string? Sheet, double Score);

/// <summary>Hybrid retrieval over a workspace's passages: full-text and semantic results fused by reciprocal rank.</summary>
public interface ISearchIndex
{
    Task<IReadOnlyList<SearchHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken);
}
