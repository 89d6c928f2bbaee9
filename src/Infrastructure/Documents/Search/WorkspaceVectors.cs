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
    public VectorBlock(int dimensions, long[] chunkIds, sbyte[] codes, float[] scales, int[] documentOf, DocumentVersion[] documents)
    {
        if ((long)codes.Length != (long)chunkIds.Length * dimensions || scales.Length != chunkIds.Length || documentOf.Length != chunkIds.Length
            || documentOf.Any(slot => slot < 0 || slot >= documents.Length))
        {
            throw new ArgumentException("Every passage needs one id, one scale, one code vector of the given dimension and one document.");
        }

        Dimensions = dimensions;
        ChunkIds = chunkIds;
        Codes = codes;
        Scales = scales;
        DocumentOf = documentOf;
        Documents = documents;
    }

    public int Dimensions { get; }
    public long[] ChunkIds { get; }
    public sbyte[] Codes { get; }
    public float[] Scales { get; }

    /// <summary>Each row's document, as a slot in <see cref="Documents"/>.</summary>
    public int[] DocumentOf { get; }

    public DocumentVersion[] Documents { get; }
    public int Count => ChunkIds.Length;

    public long Bytes => Codes.Length + ((long)ChunkIds.Length * (sizeof(long) + sizeof(float) + sizeof(int))) + ((long)Documents.Length * 24) + (4 * 24);

    /// <summary>
    /// Passage ids by approximate cosine similarity to <paramref name="query"/> (already normalised), best first:
    /// the query is quantised as the passages are, so this is an integer dot product per passage.
    /// </summary>
    public IReadOnlyList<long> Nearest(ReadOnlySpan<float> query, IReadOnlySet<Guid>? onlyDocuments, int count)
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

        // A min-heap of the best so far: the worst of them is the one to beat. The query's own scale is the same
        // for every passage, so it is left out of the comparison.
        var best = new PriorityQueue<int, float>(count + 1);
        var codes = Codes.AsSpan();
        var allowed = onlyDocuments is null ? null : Array.ConvertAll(Documents, d => onlyDocuments.Contains(d.DocumentId));
        var worst = float.NegativeInfinity;
        for (var row = 0; row < ChunkIds.Length; row++)
        {
            if (allowed is not null && !allowed[DocumentOf[row]])
            {
                continue;
            }

            var similarity = Scales[row] * Int8Vectors.Dot(queryCodes, codes.Slice(row * Dimensions, Dimensions));
            if (best.Count < count)
            {
                best.Enqueue(row, similarity);
                if (best.Count == count)
                {
                    best.TryPeek(out _, out worst);
                }
            }
            else if (similarity > worst)
            {
                best.DequeueEnqueue(row, similarity);
                best.TryPeek(out _, out worst);
            }
        }

        var ranked = new long[best.Count];
        for (var slot = ranked.Length - 1; slot >= 0; slot--)
        {
            ranked[slot] = ChunkIds[best.Dequeue()];
        }

        return ranked;
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

    public IReadOnlyList<long> Nearest(ReadOnlySpan<float> query, IReadOnlySet<Guid>? onlyDocuments, int count) =>
        Blocks.TryGetValue(query.Length, out var block) ? block.Nearest(query, onlyDocuments, count) : [];
}
