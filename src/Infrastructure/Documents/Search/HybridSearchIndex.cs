using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Planck.Application.Documents;
using Planck.Infrastructure.Documents.Embeddings;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>
/// Full-text and vector search over a workspace's ready documents, fused by weighted reciprocal rank. Without an embedding
/// generator (provider None), or when it fails (a remote endpoint down), the answer is full-text alone.
/// </summary>
internal sealed partial class HybridSearchIndex(
    PlanckDbContext db,
    IFullTextSearch fullText,
    VectorSearch vectors,
    IOptions<PlanckOptions> options,
    ILogger<HybridSearchIndex> logger,
    IEmbeddingGenerator<string, Embedding<float>>? generator = null) : ISearchIndex
{
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Limit <= 0 || string.IsNullOrWhiteSpace(request.Query))
        {
            return [];
        }

        var candidates = Math.Max(request.Limit, options.Value.Search.Candidates);
        var documentIds = request.DocumentIds is { Count: > 0 } ids ? ids : null;
        var search = options.Value.Search;
        var fullTextWeight = Math.Clamp(search.FullTextWeight, 0, 1);
        var rankings = new List<(IReadOnlyList<long> Ranking, double Weight)>(2);

        // The query is embedded (CPU, or a remote call) while the database runs the full-text half; the vector half
        // needs the same database context, so it waits until the full-text query is done.
        var queryEmbedding = request.Mode != SearchMode.FullText ? EmbedQueryAsync(request.Query, cancellationToken) : null;
        if (request.Mode != SearchMode.Vector)
        {
            var terms = SearchTerms.From(request.Query);
            rankings.Add((await fullText.SearchAsync(request.WorkspaceId, terms, documentIds, candidates, cancellationToken), fullTextWeight));
        }

        if (queryEmbedding is not null && await queryEmbedding is { } queryVector)
        {
            rankings.Add((await vectors.SearchAsync(request.WorkspaceId, queryVector, documentIds, candidates, cancellationToken), 1 - fullTextWeight));
        }

        var best = ReciprocalRankFusion.Fuse(rankings, Math.Max(1, search.FusionK)).Take(request.Limit).ToList();
        if (best.Count == 0)
        {
            return [];
        }

        var bestIds = best.ConvertAll(b => b.ChunkId);
        var workspaceId = request.WorkspaceId;

        // Checked again here: a document deleted, or moved onto a new generation, since the candidates were found must not be shown.
        var passages = await ServedPassages.Of(db, workspaceId).AsNoTracking()
            .Where(c => bestIds.Contains(c.Id))
            .Join(
                db.Documents,
                c => c.DocumentId,
                d => d.Id,
                (c, d) => new { c.Id, c.DocumentId, d.Name, c.Text, c.Page, c.Sheet })
            .ToDictionaryAsync(p => p.Id, cancellationToken);

        return best
            .Where(b => passages.ContainsKey(b.ChunkId))
            .Select(b =>
            {
                var p = passages[b.ChunkId];
                return new SearchHit(p.Id, p.DocumentId, p.Name, p.Text, p.Page, p.Sheet, b.Score);
            })
            .ToList();
    }

    private async Task<ReadOnlyMemory<float>?> EmbedQueryAsync(string query, CancellationToken cancellationToken)
    {
        if (generator is null)
        {
            return null;
        }

        try
        {
            // The local model computes on its own background thread, so this returns at once to run the full-text half.
            var embeddings = await generator.GenerateAsync([query], EmbeddingInputs.Query(), cancellationToken);
            return embeddings.Count > 0 ? embeddings[0].Vector : null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A search should still answer when the embedding service is down; full-text carries it alone.
            LogEmbeddingFailed(logger, exception.GetType().Name, exception);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not embed a search query ({ExceptionType}); answering with full-text search only")]
    private static partial void LogEmbeddingFailed(ILogger logger, string exceptionType, Exception exception);
}
