using System.Numerics.Tensors;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>
/// What a workspace's served documents looked like when its vectors were loaded (<see cref="ServedPassages"/>).
/// Read on every search (one aggregate over the workspace's document rows) so that a node sees documents other
/// nodes added, re-indexed or deleted.
/// </summary>
internal readonly record struct WorkspaceFingerprint(int Documents, long Chunks, long Generations, long LastProcessedTicks);

/// <summary>A document whose passages a <see cref="VectorBlock"/> holds, and the index generation they were loaded at.</summary>
internal readonly record struct DocumentVersion(Guid DocumentId, long Version);

/// <summary>
/// The passages' vectors of one workspace and one dimension, quantised (<see cref="Int8Vectors"/>) into one
/// contiguous array, so that a search is one pass over memory. Each row names its document by its slot in
/// <see cref="Documents"/>, which lets a reload keep the rows of unchanged documents.
/// </summary>
internal sealed class VectorBlock
{
    public VectorBlock(
        int dimensions, long[] chunkIds, sbyte[] codes, float[] scales, int[] documentOf, DocumentVersion[] documents, InvertedLists? lists = null)
    {
        if ((long)codes.Length != (long)chunkIds.Length * dimensions || scales.Length != chunkIds.Length || documentOf.Length != chunkIds.Length
            || documentOf.Any(slot => slot < 0 || slot >= documents.Length))
        {
            throw new ArgumentException("Every passage needs one id, one scale, one code vector of the given dimension and one document.");
        }

        if (lists is not null && (lists.Dimensions != dimensions || lists.Offsets[0] != 0 || lists.Offsets[^1] != chunkIds.Length))
        {
            throw new ArgumentException("The lists must cover exactly the block's rows.", nameof(lists));
        }

        Dimensions = dimensions;
        ChunkIds = chunkIds;
        Codes = codes;
        Scales = scales;
        DocumentOf = documentOf;
        Documents = documents;
        Lists = lists;
    }

    public int Dimensions { get; }
    public long[] ChunkIds { get; }
    public sbyte[] Codes { get; }
    public float[] Scales { get; }

    /// <summary>Each row's document, as a slot in <see cref="Documents"/>.</summary>
    public int[] DocumentOf { get; }

    public DocumentVersion[] Documents { get; }

    /// <summary>The approximate index over the rows, which are then grouped by list; null until one is trained.</summary>
    public InvertedLists? Lists { get; }

    public int Count => ChunkIds.Length;

    public long Bytes => Codes.Length + ((long)ChunkIds.Length * (sizeof(long) + sizeof(float) + sizeof(int))) + ((long)Documents.Length * 24) + (4 * 24)
        + (Lists?.Bytes ?? 0);

    /// <summary>True when the block should get (new) lists: none yet, or trained on fewer than half of today's rows.</summary>
    public bool NeedsTraining => Lists is null || Count >= 2L * Lists.TrainedRows;

    /// <summary>
    /// Passage ids by approximate cosine similarity to <paramref name="query"/> (already normalised), best first:
    /// the query is quantised as the passages are, so this is an integer dot product per passage. With
    /// <see cref="Lists"/> and <paramref name="probes"/> above zero, only the rows of the <paramref name="probes"/>
    /// lists nearest to the query are scanned (more when those hold fewer than <paramref name="count"/> rows); a search
    /// kept to some documents scans every row, since the nearest lists may hold none of theirs.
    /// </summary>
    public IReadOnlyList<long> Nearest(ReadOnlySpan<float> query, IReadOnlySet<Guid>? onlyDocuments, int count, int probes = 0)
    {
        if (query.Length != Dimensions || count <= 0)
        {
            return [];
        }

        var queryCodes = new sbyte[Dimensions];
        if (Int8Vectors.Quantise(query, queryCodes) <= 0)
        {
            return [];
        }

        var best = new Best(count);
        if (Lists is not null && probes > 0 && onlyDocuments is null)
        {
            var scanned = 0;
            var byNearness = Lists.ByNearness(queryCodes);
            for (var probe = 0; probe < byNearness.Length && (probe < probes || scanned < count); probe++)
            {
                var list = byNearness[probe];
                Scan(queryCodes, Lists.Offsets[list], Lists.Offsets[list + 1], null, best);
                scanned += Lists.Offsets[list + 1] - Lists.Offsets[list];
            }
        }
        else
        {
            var allowed = onlyDocuments is null ? null : Array.ConvertAll(Documents, d => onlyDocuments.Contains(d.DocumentId));
            Scan(queryCodes, 0, Count, allowed, best);
        }

        return best.Ranked(ChunkIds);
    }

    private void Scan(sbyte[] queryCodes, int start, int end, bool[]? allowed, Best best)
    {
        var codes = Codes.AsSpan();
        for (var row = start; row < end; row++)
        {
            if (allowed is not null && !allowed[DocumentOf[row]])
            {
                continue;
            }

            best.Offer(row, Scales[row] * Int8Vectors.Dot(queryCodes, codes.Slice(row * Dimensions, Dimensions)));
        }
    }

    /// <summary>
    /// A min-heap of the best rows so far: the worst of them is the one to beat. The query's own scale is the same for
    /// every passage, so it is left out of the similarities.
    /// </summary>
    private sealed class Best(int count)
    {
        private readonly PriorityQueue<int, float> _heap = new(count + 1);
        private float _worst = float.NegativeInfinity;

        public void Offer(int row, float similarity)
        {
            if (_heap.Count < count)
            {
                _heap.Enqueue(row, similarity);
                if (_heap.Count == count)
                {
                    _heap.TryPeek(out _, out _worst);
                }
            }
            else if (similarity > _worst)
            {
                _heap.DequeueEnqueue(row, similarity);
                _heap.TryPeek(out _, out _worst);
            }
        }

        public long[] Ranked(long[] chunkIds)
        {
            var ranked = new long[_heap.Count];
            for (var slot = ranked.Length - 1; slot >= 0; slot--)
            {
                ranked[slot] = chunkIds[_heap.Dequeue()];
            }

            return ranked;
        }
    }

    /// <summary>Scales to unit length in place; false for a zero vector, which no query can be near.</summary>
    public static bool Normalise(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm <= 0 || !float.IsFinite(norm))
        {
            return false;
        }

        TensorPrimitives.Divide(vector, norm, vector);
        return true;
    }
}

/// <summary>A workspace's vectors, one block per dimension found (more than one only after the embedding provider changed).</summary>
internal sealed class WorkspaceVectors(WorkspaceFingerprint fingerprint, IReadOnlyDictionary<int, VectorBlock> blocks)
{
    public WorkspaceFingerprint Fingerprint { get; } = fingerprint;

    public IReadOnlyDictionary<int, VectorBlock> Blocks { get; } = blocks;

    public long Bytes { get; } = blocks.Values.Sum(b => b.Bytes) + 64;

    public int Count => Blocks.Values.Sum(b => b.Count);

    /// <summary>The documents held and the version each was loaded at.</summary>
    public IEnumerable<DocumentVersion> Documents => Blocks.Values.SelectMany(b => b.Documents);

    /// <param name="probes">The approximate index's lists to scan where a block has one (<see cref="VectorBlock.Nearest"/>); 0 scans every row.</param>
    public IReadOnlyList<long> Nearest(ReadOnlySpan<float> query, IReadOnlySet<Guid>? onlyDocuments, int count, int probes = 0) =>
        Blocks.TryGetValue(query.Length, out var block) ? block.Nearest(query, onlyDocuments, count, probes) : [];

    /// <summary>The same vectors with <paramref name="block"/> in place of the block of its dimension.</summary>
    public WorkspaceVectors With(VectorBlock block) =>
        new(Fingerprint, Blocks.Values.Select(b => b.Dimensions == block.Dimensions ? block : b).ToDictionary(b => b.Dimensions));
}
