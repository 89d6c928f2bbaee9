using System.Numerics.Tensors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planck.Infrastructure.Documents.Embeddings;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>
/// Nearest passages by cosine similarity: an int8 scan of the process-wide <see cref="VectorCache"/> finds
/// <see cref="VectorSearchOptions.Oversampling"/> times the candidates asked for, and those are re-ranked with
/// their exact vectors read from the database. The cache is checked against the database's
/// <see cref="WorkspaceFingerprint"/> on every search; when it changed, only the documents whose version changed
/// are read again.
/// </summary>
internal sealed class VectorSearch(PlanckDbContext db, VectorCache cache, ApproximateIndexer indexer, IOptions<PlanckOptions> options)
{
    /// <summary>Documents whose passages one reload query reads (an <c>IN</c> list of their ids).</summary>
    private const int DocumentsPerQuery = 500;

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
        var settings = options.Value.Search.VectorSearch;
        var probes = Math.Max(1, options.Value.Search.ApproximateProbes);
        if (!settings.Rerank)
        {
            return vectors.Nearest(normalised, onlyDocuments, candidates, probes);
        }

        var approximate = vectors.Nearest(normalised, onlyDocuments, candidates * Math.Clamp(settings.Oversampling, 1, 100), probes);
        return await RerankAsync(normalised, approximate, candidates, cancellationToken);
    }

    /// <summary>The approximate candidates ordered by their exact cosine similarity, the best <paramref name="count"/>.</summary>
    private async Task<IReadOnlyList<long>> RerankAsync(float[] query, IReadOnlyList<long> approximate, int count, CancellationToken cancellationToken)
    {
        if (approximate.Count == 0)
        {
            return [];
        }

        var rows = await db.DocumentChunks.AsNoTracking()
            .Where(c => approximate.Contains(c.Id))
            .Select(c => new { c.Id, c.Embedding })
            .ToListAsync(cancellationToken);
        return ExactRanking(query, rows.Where(r => r.Embedding is not null && EmbeddingCodec.Dimensions(r.Embedding) == query.Length)
            .Select(r => (r.Id, EmbeddingCodec.FromBytes(r.Embedding!))), count);
    }

    /// <summary>The best <paramref name="count"/> of <paramref name="rows"/> by exact cosine similarity to the normalised query.</summary>
    internal static IReadOnlyList<long> ExactRanking(float[] query, IEnumerable<(long Id, float[] Vector)> rows, int count) =>
        rows.Where(r => r.Vector.Length == query.Length && VectorBlock.Normalise(r.Vector))
            .Select(r => (r.Id, Similarity: TensorPrimitives.Dot(query, r.Vector)))
            .OrderByDescending(s => s.Similarity)
            .ThenBy(s => s.Id)
            .Take(count)
            .Select(s => s.Id)
            .ToList();

    public async Task<WorkspaceVectors> CurrentAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var fingerprint = await FingerprintAsync(workspaceId, cancellationToken);
        var cached = cache.Get(workspaceId);
        if (cached is not null && cached.Fingerprint == fingerprint)
        {
            return cached;
        }

        // One reload per workspace at a time: searches arriving meanwhile wait for it instead of loading it again.
        using var loading = await cache.LockAsync(workspaceId, cancellationToken);
        cached = cache.Get(workspaceId);
        if (cached is not null && cached.Fingerprint == fingerprint)
        {
            return cached;
        }

        // The fingerprint and the versions are read before the vectors: a document that becomes ready in between
        // is then in the vectors but not in the fingerprint, so the next search looks once more. The other order
        // could keep a stale copy under a current fingerprint.
        var loaded = await LoadAsync(workspaceId, fingerprint, cached, cancellationToken);
        cache.Set(workspaceId, loaded);
        if (cache.Peek(workspaceId) == loaded)
        {
            indexer.Schedule(workspaceId, loaded);
        }

        return loaded;
    }

    internal async Task<WorkspaceFingerprint> FingerprintAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var summary = await ServedPassages.Documents(db, workspaceId).AsNoTracking()
            // One group at most, so Single (First without an ordering draws an EF warning on every start).
            .GroupBy(_ => 1)
            // The sum of generations moves when any document is re-indexed; the last processing time when one is
            // replaced by another at the same count.
            .Select(g => new
            {
                Count = g.Count(),
                Chunks = g.Sum(d => (long)d.Chunks),
                Generations = g.Sum(d => d.Version),
                LastProcessed = g.Max(d => d.ProcessedAt),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return summary is null
            ? default
            : new WorkspaceFingerprint(summary.Count, summary.Chunks, summary.Generations, summary.LastProcessed?.UtcTicks ?? 0);
    }

    /// <summary>
    /// The workspace's vectors now: the rows of <paramref name="previous"/> whose document is still served at the
    /// same version are copied, the passages of every other served document are read.
    /// </summary>
    private async Task<WorkspaceVectors> LoadAsync(
        Guid workspaceId, WorkspaceFingerprint fingerprint, WorkspaceVectors? previous, CancellationToken cancellationToken)
    {
        var served = (await ServedPassages.Documents(db, workspaceId).AsNoTracking().ToListAsync(cancellationToken))
            .ToDictionary(d => d.Id, d => d.Version);
        var builders = new Dictionary<int, VectorBlockBuilder>();
        VectorBlockBuilder BuilderFor(int dimensions) => builders.TryGetValue(dimensions, out var builder)
            ? builder
            : builders[dimensions] = new VectorBlockBuilder(dimensions, (int)Math.Clamp(fingerprint.Chunks, 16, int.MaxValue / dimensions));

        var kept = new HashSet<Guid>();
        foreach (var block in previous?.Blocks.Values ?? [])
        {
            var keep = Array.ConvertAll(block.Documents, d => served.TryGetValue(d.DocumentId, out var version) && version == d.Version);
            if (keep.Contains(true))
            {
                BuilderFor(block.Dimensions).CopyFrom(block, keep);
                kept.UnionWith(block.Documents.Where((_, slot) => keep[slot]).Select(d => d.DocumentId));
            }
        }

        var toLoad = served.Keys.Where(id => !kept.Contains(id)).ToList();
        if (kept.Count == 0)
        {
            await ReadAsync(ServedPassages.Vectors(db, workspaceId, null), served, BuilderFor, cancellationToken);
        }
        else
        {
            foreach (var batch in toLoad.Chunk(DocumentsPerQuery))
            {
                await ReadAsync(ServedPassages.Vectors(db, workspaceId, batch), served, BuilderFor, cancellationToken);
            }
        }

        return new WorkspaceVectors(fingerprint, builders.ToDictionary(b => b.Key, b => b.Value.Build(keepLists: indexer.Keeps(b.Value.Count))));
    }

    private static async Task ReadAsync(
        IQueryable<ServedVector> vectors, Dictionary<Guid, long> served, Func<int, VectorBlockBuilder> builderFor, CancellationToken cancellationToken)
    {
        await foreach (var row in vectors.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var dimensions = EmbeddingCodec.Dimensions(row.Embedding);
            // A document that became ready after the versions were read is left for the next reload.
            if (dimensions > 0 && served.TryGetValue(row.DocumentId, out var version))
            {
                builderFor(dimensions).Add(row.ChunkId, new DocumentVersion(row.DocumentId, version), row.Embedding);
            }
        }
    }
}

/// <summary>
/// Grows contiguous arrays; sized from the fingerprint's passage count, so usually never copied. Rows copied from a
/// block with an approximate index keep their list, new rows join the list of their nearest centroid, so that an
/// incremental reload keeps the index without training it again.
/// </summary>
internal sealed class VectorBlockBuilder(int dimensions, int expectedCount)
{
    /// <summary>
    /// New rows assigned to lists during one reload, counted in centroid comparisons (about 1.5 s of one core); past
    /// it the reload drops the lists and the background trains new ones, instead of slowing the search that reloads.
    /// </summary>
    private const long MostAssignments = 64_000_000;

    private InvertedLists? _lists;
    private List<int>? _listOf;
    private readonly List<long> _chunkIds = new(expectedCount);
    private readonly List<float> _scales = new(expectedCount);
    private readonly List<int> _documentOf = new(expectedCount);
    private readonly List<DocumentVersion> _documents = [];
    private readonly Dictionary<Guid, int> _slots = [];
    private readonly float[] _vector = new float[dimensions];
    private sbyte[] _codes = new sbyte[(long)expectedCount * dimensions];

    public void Add(long chunkId, DocumentVersion document, byte[]? embedding)
    {
        EmbeddingCodec.Decode(embedding, _vector);
        AddDecoded(chunkId, document);
    }

    public void Add(long chunkId, DocumentVersion document, ReadOnlySpan<float> vector)
    {
        vector.CopyTo(_vector);
        AddDecoded(chunkId, document);
    }

    private void AddDecoded(long chunkId, DocumentVersion document)
    {
        if (!VectorBlock.Normalise(_vector))
        {
            return;
        }

        var row = Reserve();
        _scales.Add(Int8Vectors.Quantise(_vector, _codes.AsSpan(row * dimensions, dimensions)));
        Append(chunkId, document);
        _listOf?.Add(-1);
    }

    public int Count => _chunkIds.Count;

    /// <summary>The rows of <paramref name="block"/> whose document slot is kept, codes copied as they are.</summary>
    public void CopyFrom(VectorBlock block, bool[] keep)
    {
        if (block.Lists is not null && _lists is null && _listOf is null)
        {
            _lists = block.Lists;
            _listOf = [.. Enumerable.Repeat(-1, _chunkIds.Count)];
        }
        else if (block.Lists != _lists)
        {
            // Rows of two indexes (cannot happen with one block per dimension) or of none: trained again instead.
            _lists = null;
            _listOf = null;
        }

        var list = 0;
        for (var row = 0; row < block.Count; row++)
        {
            var slot = block.DocumentOf[row];
            if (!keep[slot])
            {
                continue;
            }

            var target = Reserve();
            block.Codes.AsSpan(row * dimensions, dimensions).CopyTo(_codes.AsSpan(target * dimensions, dimensions));
            _scales.Add(block.Scales[row]);
            Append(block.ChunkIds[row], block.Documents[slot]);
            if (_listOf is not null)
            {
                while (row >= block.Lists!.Offsets[list + 1])
                {
                    list++;
                }

                _listOf.Add(list);
            }
        }
    }

    private int Reserve()
    {
        var row = _chunkIds.Count;
        if ((long)(row + 1) * dimensions > _codes.Length)
        {
            Array.Resize(ref _codes, (int)Math.Min(Math.Max((long)_codes.Length * 2, dimensions), Array.MaxLength / dimensions * dimensions));
        }

        return row;
    }

    private void Append(long chunkId, DocumentVersion document)
    {
        if (!_slots.TryGetValue(document.DocumentId, out var slot))
        {
            slot = _documents.Count;
            _slots.Add(document.DocumentId, slot);
            _documents.Add(document);
        }

        _chunkIds.Add(chunkId);
        _documentOf.Add(slot);
    }

    /// <param name="keepLists">False drops the approximate index (a workspace below its threshold).</param>
    public VectorBlock Build(bool keepLists = true)
    {
        var length = _chunkIds.Count * dimensions;
        if (_codes.Length != length)
        {
            Array.Resize(ref _codes, length);
        }

        var block = new VectorBlock(dimensions, [.. _chunkIds], _codes, [.. _scales], [.. _documentOf], [.. _documents]);
        if (_lists is null || _listOf is null || !keepLists || block.Count == 0)
        {
            return block;
        }

        var listOf = _listOf.ToArray();
        if ((long)listOf.Count(l => l < 0) * _lists.Count > MostAssignments)
        {
            return block;
        }

        for (var row = 0; row < listOf.Length; row++)
        {
            if (listOf[row] < 0)
            {
                listOf[row] = _lists.Nearest(block.Codes.AsSpan(row * dimensions, dimensions));
            }
        }

        return InvertedLists.Regroup(block, _lists, listOf);
    }
}
