using System.Numerics.Tensors;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>
/// What a workspace's indexed documents looked like when its vectors were loaded (the sum of their generations moves
/// when one is re-indexed). Read on every search (one
/// aggregate over the workspace's document rows) so that a node sees documents other nodes added or deleted.
/// </summary>
internal readonly record struct WorkspaceFingerprint(int IndexedDocuments, long Chunks, long Generations, long LastProcessedTicks, long LastUpdatedTicks);

/// <summary>
/// The passages' vectors of one workspace and one dimension, normalised, in one contiguous array so that a search
/// is a single pass of dot products over memory.
/// </summary>
internal sealed class VectorBlock
{
    public VectorBlock(int dimensions, long[] chunkIds, Guid[] documentIds, float[] vectors)
    {
        if (vectors.Length != chunkIds.Length * dimensions || documentIds.Length != chunkIds.Length)
        {
            throw new ArgumentException("Every passage needs one id, one document id and one vector of the given dimension.");
        }

        Dimensions = dimensions;
        ChunkIds = chunkIds;
        DocumentIds = documentIds;
        Vectors = vectors;
    }

    public int Dimensions { get; }
    public long[] ChunkIds { get; }
    public Guid[] DocumentIds { get; }
    public float[] Vectors { get; }
    public int Count => ChunkIds.Length;

    public long Bytes => (long)Vectors.Length * sizeof(float) + (long)ChunkIds.Length * (sizeof(long) + 16) + 3 * 24;

    /// <summary>Passage ids by cosine similarity to <paramref name="query"/> (already normalised), best first.</summary>
    public IReadOnlyList<long> Nearest(ReadOnlySpan<float> query, IReadOnlySet<Guid>? onlyDocuments, int count)
    {
        if (query.Length != Dimensions || count <= 0)
        {
            return [];
        }

        // A min-heap of the best so far: the worst of them is the one to beat.
        var best = new PriorityQueue<int, float>(count + 1);
        var vectors = Vectors.AsSpan();
        for (var i = 0; i < ChunkIds.Length; i++)
        {
            if (onlyDocuments is not null && !onlyDocuments.Contains(DocumentIds[i]))
            {
                continue;
            }

            var similarity = TensorPrimitives.Dot(query, vectors.Slice(i * Dimensions, Dimensions));
            if (best.Count < count)
            {
                best.Enqueue(i, similarity);
            }
            else if (best.TryPeek(out _, out var worst) && similarity > worst)
            {
                best.DequeueEnqueue(i, similarity);
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

    public long Bytes { get; } = blocks.Values.Sum(b => b.Bytes) + 64;

    public int Count => blocks.Values.Sum(b => b.Count);

    public IReadOnlyList<long> Nearest(ReadOnlySpan<float> query, IReadOnlySet<Guid>? onlyDocuments, int count) =>
        blocks.TryGetValue(query.Length, out var block) ? block.Nearest(query, onlyDocuments, count) : [];
}
