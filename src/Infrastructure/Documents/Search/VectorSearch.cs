using Microsoft.EntityFrameworkCore;
using Planck.Infrastructure.Documents.Embeddings;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>
/// Nearest passages by cosine similarity, from the process-wide <see cref="VectorCache"/>, checked against the
/// database's <see cref="WorkspaceFingerprint"/> on every search and reloaded when it changed.
/// </summary>
internal sealed class VectorSearch(PlanckDbContext db, VectorCache cache)
{
    /// <param name="query">The query's embedding; normalised here.</param>
    public async Task<IReadOnlyList<long>> SearchAsync(
        Guid workspaceId, ReadOnlyMemory<float> query, IReadOnlyCollection<Guid>? documentIds, int candidates, CancellationToken cancellationToken)
    {
        var normalised = query.ToArray();
        if (candidates <= 0 || !VectorBlock.Normalise(normalised))
        {
            return [];
        }

        var vectors = await CurrentAsync(workspaceId, cancellationToken);
        var onlyDocuments = documentIds is { Count: > 0 } ? documentIds.ToHashSet() : null;
        return vectors.Nearest(normalised, onlyDocuments, candidates);
    }

    public async Task<WorkspaceVectors> CurrentAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var fingerprint = await FingerprintAsync(workspaceId, cancellationToken);
        var cached = cache.Get(workspaceId);
        if (cached is not null && cached.Fingerprint == fingerprint)
        {
            return cached;
        }

        // The fingerprint is read before the vectors: a document that becomes ready in between is then in the
        // vectors but not in the fingerprint, so the next search reloads once more. The other order could keep
        // a stale copy under a current fingerprint.
        var loaded = await LoadAsync(workspaceId, fingerprint, cancellationToken);
        cache.Set(workspaceId, loaded);
        return loaded;
    }

    internal async Task<WorkspaceFingerprint> FingerprintAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var summary = await ServedPassages.IndexedDocuments(db, workspaceId).AsNoTracking()
            // One group at most, so Single (First without an ordering draws an EF warning on every start).
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Count = g.Count(),
                Chunks = g.Sum(d => (long)(d.ChunkCount ?? 0)),
                Generations = g.Sum(d => (long)d.IndexGeneration),
                LastProcessed = g.Max(d => d.ProcessedAt),
                LastUpdated = g.Max(d => (DateTimeOffset?)d.UpdatedAt),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return summary is null
            ? default
            : new WorkspaceFingerprint(summary.Count, summary.Chunks, summary.Generations, summary.LastProcessed?.UtcTicks ?? 0, summary.LastUpdated?.UtcTicks ?? 0);
    }

    private async Task<WorkspaceVectors> LoadAsync(Guid workspaceId, WorkspaceFingerprint fingerprint, CancellationToken cancellationToken)
    {
        var builders = new Dictionary<int, BlockBuilder>();
        var rows = ServedPassages.Of(db, workspaceId).AsNoTracking()
            .Where(c => c.Embedding != null)
            .Select(c => new { c.Id, c.DocumentId, c.Embedding })
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var dimensions = EmbeddingCodec.Dimensions(row.Embedding);
            if (dimensions <= 0)
            {
                continue;
            }

            if (!builders.TryGetValue(dimensions, out var builder))
            {
                builder = new BlockBuilder(dimensions, (int)Math.Clamp(fingerprint.Chunks, 16, int.MaxValue / dimensions));
                builders.Add(dimensions, builder);
            }

            builder.Add(row.Id, row.DocumentId, row.Embedding);
        }

        return new WorkspaceVectors(fingerprint, builders.ToDictionary(b => b.Key, b => b.Value.Build()));
    }

    /// <summary>Grows one contiguous array; sized from the fingerprint's passage count, so usually never copied.</summary>
    private sealed class BlockBuilder(int dimensions, int expectedCount)
    {
        private readonly List<long> _chunkIds = new(expectedCount);
        private readonly List<Guid> _documentIds = new(expectedCount);
        private float[] _vectors = new float[(long)expectedCount * dimensions];

        public void Add(long chunkId, Guid documentId, byte[]? embedding)
        {
            var count = _chunkIds.Count;
            if ((long)(count + 1) * dimensions > _vectors.Length)
            {
                Array.Resize(ref _vectors, (int)Math.Min((long)_vectors.Length * 2, Array.MaxLength / dimensions * dimensions));
            }

            var slot = _vectors.AsSpan(count * dimensions, dimensions);
            EmbeddingCodec.Decode(embedding, slot);
            if (!VectorBlock.Normalise(slot))
            {
                return;
            }

            _chunkIds.Add(chunkId);
            _documentIds.Add(documentId);
        }

        public VectorBlock Build()
        {
            var length = _chunkIds.Count * dimensions;
            if (_vectors.Length != length)
            {
                Array.Resize(ref _vectors, length);
            }

            return new VectorBlock(dimensions, [.. _chunkIds], [.. _documentIds], _vectors);
        }
    }
}
