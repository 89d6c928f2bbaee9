namespace Planck.Infrastructure.Documents.Search;

/// <summary>
/// An inverted-file (IVF) index over a <see cref="VectorBlock"/>'s int8 rows: k-means centroids, and the block's rows
/// stored grouped by their nearest centroid so that list <c>i</c> is rows <c>Offsets[i]</c> to <c>Offsets[i + 1]</c>.
/// A query scans only the lists of its nearest few centroids, with the same SIMD dot product as the full scan. The
/// memory beyond the rows is the centroids' codes and one offset per list: no per-row structure (ADR 0017).
/// </summary>
internal sealed class InvertedLists
{
    /// <summary>Lloyd iterations: the assignments barely move after a handful on embedding-like data, and each costs a pass over the sample.</summary>
    private const int Iterations = 6;

    /// <summary>Training rows per list; the sample is also capped (<see cref="MostSampleRows"/>) so that training time is bounded.</summary>
    private const int SampleRowsPerList = 40;

    private const int MostSampleRows = 50_000;

    /// <summary>The seed of the sample and of the initial centroids: the same rows give the same index.</summary>
    private const int Seed = 17;

    public InvertedLists(int dimensions, sbyte[] centroidCodes, float[] centroidScales, int[] offsets, int trainedRows)
    {
        if (centroidScales.Length == 0 || (long)centroidCodes.Length != (long)centroidScales.Length * dimensions
            || offsets.Length != centroidScales.Length + 1)
        {
            throw new ArgumentException("One code vector and one scale per centroid, and one offset per list plus the end.");
        }

        Dimensions = dimensions;
        CentroidCodes = centroidCodes;
        CentroidScales = centroidScales;
        Offsets = offsets;
        TrainedRows = trainedRows;
    }

    public int Dimensions { get; }

    public sbyte[] CentroidCodes { get; }

    public float[] CentroidScales { get; }

    /// <summary>List <c>i</c> holds rows <c>Offsets[i]</c> up to (not including) <c>Offsets[i + 1]</c>.</summary>
    public int[] Offsets { get; }

    /// <summary>The row count the centroids were trained on; a block grown to twice this is retrained.</summary>
    public int TrainedRows { get; }

    public int Count => CentroidScales.Length;

    public long Bytes => CentroidCodes.Length + ((long)CentroidScales.Length * sizeof(float)) + ((long)Offsets.Length * sizeof(int)) + 64;

    /// <summary>The same centroids over a block whose rows were regrouped into these <paramref name="offsets"/>.</summary>
    public InvertedLists WithOffsets(int[] offsets) => new(Dimensions, CentroidCodes, CentroidScales, offsets, TrainedRows);

    /// <summary>The list whose centroid is nearest to a row's (or a query's) codes.</summary>
    public int Nearest(ReadOnlySpan<sbyte> codes)
    {
        var best = 0;
        var bestSimilarity = float.NegativeInfinity;
        for (var list = 0; list < Count; list++)
        {
            var similarity = CentroidScales[list] * Int8Vectors.Dot(codes, CentroidCodes.AsSpan(list * Dimensions, Dimensions));
            if (similarity > bestSimilarity)
            {
                bestSimilarity = similarity;
                best = list;
            }
        }

        return best;
    }

    /// <summary>The lists by their centroid's similarity to the query's codes, nearest first.</summary>
    public int[] ByNearness(ReadOnlySpan<sbyte> queryCodes)
    {
        var lists = new int[Count];
        var distances = new float[Count];
        for (var list = 0; list < Count; list++)
        {
            lists[list] = list;
            distances[list] = -CentroidScales[list] * Int8Vectors.Dot(queryCodes, CentroidCodes.AsSpan(list * Dimensions, Dimensions));
        }

        Array.Sort(distances, lists);
        return lists;
    }

    /// <summary>
    /// Trains centroids on a sample of <paramref name="block"/>'s rows (spherical k-means, k ≈ √rows, a fixed seed and
    /// a fixed number of iterations) and returns the block with its rows grouped by list. One thread, no allocation per
    /// row beyond the regrouped copy of the block and one list number per row while regrouping.
    /// </summary>
    public static VectorBlock Train(VectorBlock block, CancellationToken cancellationToken = default)
    {
        var dimensions = block.Dimensions;
        var rows = block.Count;
        if (rows == 0)
        {
            return block;
        }

        var lists = Math.Clamp((int)Math.Round(Math.Sqrt(rows)), 1, rows);
        var random = new Random(Seed);
        var sample = Sample(rows, Math.Min(rows, Math.Min(MostSampleRows, Math.Max(lists * SampleRowsPerList, 10_000))), random);

        var centroidCodes = new sbyte[(long)lists * dimensions];
        var centroidScales = new float[lists];
        var sums = new float[(long)lists * dimensions];
        var members = new int[lists];
        var assigned = new int[sample.Length];
        var centroid = new float[dimensions];

        // The initial centroids are distinct sample rows: their codes are already quantised unit vectors.
        for (var list = 0; list < lists; list++)
        {
            block.Codes.AsSpan(sample[list] * dimensions, dimensions).CopyTo(centroidCodes.AsSpan(list * dimensions, dimensions));
            centroidScales[list] = block.Scales[sample[list]];
        }

        var current = new InvertedLists(dimensions, centroidCodes, centroidScales, new int[lists + 1], rows);
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(sums);
            Array.Clear(members);
            for (var i = 0; i < sample.Length; i++)
            {
                var codes = block.Codes.AsSpan(sample[i] * dimensions, dimensions);
                var list = assigned[i] = current.Nearest(codes);
                members[list]++;
                var scale = block.Scales[sample[i]];
                var sum = sums.AsSpan(list * dimensions, dimensions);
                for (var d = 0; d < dimensions; d++)
                {
                    sum[d] += codes[d] * scale;
                }
            }

            for (var list = 0; list < lists; list++)
            {
                if (members[list] == 0)
                {
                    // An empty list restarts from a random sample row rather than staying a dead centroid.
                    var row = sample[random.Next(sample.Length)];
                    block.Codes.AsSpan(row * dimensions, dimensions).CopyTo(centroidCodes.AsSpan(list * dimensions, dimensions));
                    centroidScales[list] = block.Scales[row];
                    continue;
                }

                // Spherical k-means: the mean direction, since rows and queries are compared by cosine.
                sums.AsSpan(list * dimensions, dimensions).CopyTo(centroid);
                if (VectorBlock.Normalise(centroid))
                {
                    centroidScales[list] = Int8Vectors.Quantise(centroid, centroidCodes.AsSpan(list * dimensions, dimensions));
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var listOf = new int[rows];
        for (var row = 0; row < rows; row++)
        {
            listOf[row] = current.Nearest(block.Codes.AsSpan(row * dimensions, dimensions));
        }

        return Regroup(block, current, listOf);
    }

    /// <summary>The rows of <paramref name="block"/> reordered by list (stable within a list), indexed by <paramref name="lists"/>' centroids.</summary>
    public static VectorBlock Regroup(VectorBlock block, InvertedLists lists, int[] listOf)
    {
        var dimensions = block.Dimensions;
        var offsets = new int[lists.Count + 1];
        foreach (var list in listOf)
        {
            offsets[list + 1]++;
        }

        for (var list = 0; list < lists.Count; list++)
        {
            offsets[list + 1] += offsets[list];
        }

        var next = offsets[..^1];
        var codes = new sbyte[block.Codes.Length];
        var chunkIds = new long[block.Count];
        var scales = new float[block.Count];
        var documentOf = new int[block.Count];
        for (var row = 0; row < block.Count; row++)
        {
            var target = next[listOf[row]]++;
            block.Codes.AsSpan(row * dimensions, dimensions).CopyTo(codes.AsSpan(target * dimensions, dimensions));
            chunkIds[target] = block.ChunkIds[row];
            scales[target] = block.Scales[row];
            documentOf[target] = block.DocumentOf[row];
        }

        return new VectorBlock(dimensions, chunkIds, codes, scales, documentOf, block.Documents, lists.WithOffsets(offsets));
    }

    /// <summary>Distinct row numbers, a partial Fisher–Yates shuffle of all of them.</summary>
    private static int[] Sample(int rows, int count, Random random)
    {
        var all = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            all[i] = i;
        }

        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, rows);
            (all[i], all[j]) = (all[j], all[i]);
        }

        return all[..count];
    }
}
