namespace Planck.Infrastructure.Documents.Search;

/// <summary>One database's full-text engine over the passages of ready documents.</summary>
internal interface IFullTextSearch
{
    /// <summary>Ids of matching passages, best first, at most <paramref name="candidates"/>.</summary>
    /// <param name="terms">Plain words from <see cref="SearchTerms"/>; a passage matches when it has any of them.</param>
    Task<IReadOnlyList<long>> SearchAsync(
        Guid workspaceId, IReadOnlyList<string> terms, IReadOnlyCollection<Guid>? documentIds, int candidates, CancellationToken cancellationToken);
}

internal static class FullTextLimits
{
    /// <summary>
    /// The most matches one query ranks. Ranking costs time for every match, so a query of common words over a
    /// very large workspace would be slow (BM25 over 5,000 matches costs about 25 ms on SQLite); past this many
    /// matches (taken in index order, not by relevance) the rest are not considered. Stop words never reach the
    /// query (<see cref="SearchTerms"/>), so only a workspace of well over 5,000 passages sharing a content word
    /// reaches the cap; where it bites, the vector half of hybrid search still sees every passage.
    /// </summary>
    public const int MaxMatchesRanked = 5_000;
}
