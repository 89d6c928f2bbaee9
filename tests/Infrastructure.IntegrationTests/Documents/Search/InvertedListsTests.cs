using System.Numerics.Tensors;
using Planck.Infrastructure.Documents.Search;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.IntegrationTests.Documents.Search;

public sealed class InvertedListsTests
{
    private const int Dimensions = 384;
    private static readonly int DefaultProbes = new SearchOptions().ApproximateProbes;

    [Fact]
    public void On_clustered_data_the_index_finds_the_scans_top_ten_at_the_default_probes()
    {
        var random = new Random(11);
        var centres = UnitVectors(random, 50, centre: null);
        var block = Block(Enumerable.Range(0, 20_000).Select(i => UnitVectors(random, 1, centres[i % 50])[0]).ToArray(), documents: 20);

        var indexed = InvertedLists.Train(block);

        indexed.Lists.ShouldNotBeNull();
        indexed.Lists.Count.ShouldBe(141);
        indexed.ChunkIds.Order().ShouldBe(block.ChunkIds.Order());
        var found = 0;
        var queries = 100;
        for (var q = 0; q < queries; q++)
        {
            var query = UnitVectors(random, 1, centres[random.Next(50)])[0];
            var exact = block.Nearest(query, null, 10);
            found += indexed.Nearest(query, null, 10, DefaultProbes).Intersect(exact).Count();
        }

        ((double)found / (queries * 10)).ShouldBeGreaterThanOrEqualTo(0.95);
    }

    [Fact]
    public void Below_the_threshold_a_reload_drops_the_index_and_answers_as_the_scan()
    {
        var random = new Random(5);
        var vectors = UnitVectors(random, 2_000, centre: null);
        var indexed = InvertedLists.Train(Block(vectors, documents: 10));
        var builder = new VectorBlockBuilder(Dimensions, 16);
        builder.CopyFrom(indexed, Enumerable.Repeat(true, indexed.Documents.Length).ToArray());

        var small = builder.Build(keepLists: false);

        small.Lists.ShouldBeNull();
        var scan = Block(vectors, documents: 10);
        foreach (var query in UnitVectors(random, 10, centre: null))
        {
            small.Nearest(query, null, 10, DefaultProbes).ShouldBe(scan.Nearest(query, null, 10));
        }
    }

    [Fact]
    public void Indexer_wants_only_blocks_at_the_threshold_that_lack_lists_trained_on_half_their_rows()
    {
        var cache = new VectorCache(1L << 30);
        var options = Microsoft.Extensions.Options.Options.Create(new PlanckOptions { Search = { ApproximateMinimumPassages = 1_000 } });
        using var indexer = new ApproximateIndexer(cache, options, Microsoft.Extensions.Logging.Abstractions.NullLogger<ApproximateIndexer>.Instance);
        var random = new Random(9);

        indexer.Wants(Block(UnitVectors(random, 999, centre: null), documents: 1)).ShouldBeFalse();
        var block = Block(UnitVectors(random, 1_000, centre: null), documents: 1);
        indexer.Wants(block).ShouldBeTrue();
        indexer.Wants(InvertedLists.Train(block)).ShouldBeFalse();
        indexer.Keeps(999).ShouldBeFalse();
    }

    [Fact]
    public void After_documents_are_added_and_removed_incrementally_results_hold_new_rows_and_never_removed_ones()
    {
        var random = new Random(23);
        var centres = UnitVectors(random, 20, centre: null);
        var vectors = Enumerable.Range(0, 5_000).Select(i => UnitVectors(random, 1, centres[i % 20])[0]).ToArray();
        var indexed = InvertedLists.Train(Block(vectors, documents: 50));
        var removed = indexed.Documents[7].DocumentId;
        var removedRows = indexed.ChunkIds.Where((_, row) => indexed.Documents[indexed.DocumentOf[row]].DocumentId == removed).ToHashSet();
        removedRows.ShouldNotBeEmpty();

        var builder = new VectorBlockBuilder(Dimensions, 16);
        builder.CopyFrom(indexed, Array.ConvertAll(indexed.Documents, d => d.DocumentId != removed));
        var added = new DocumentVersion(Guid.NewGuid(), 1);
        var newVectors = Enumerable.Range(0, 100).Select(i => UnitVectors(random, 1, centres[i % 20])[0]).ToArray();
        for (var i = 0; i < newVectors.Length; i++)
        {
            builder.Add(100_000 + i, added, newVectors[i]);
        }

        var reloaded = builder.Build();

        reloaded.Lists.ShouldNotBeNull();
        reloaded.Lists.CentroidCodes.ShouldBeSameAs(indexed.Lists!.CentroidCodes);
        reloaded.Count.ShouldBe(indexed.Count - removedRows.Count + newVectors.Length);
        for (var i = 0; i < newVectors.Length; i++)
        {
            var hits = reloaded.Nearest(newVectors[i], null, 30, DefaultProbes);
            hits[0].ShouldBe(100_000 + i);
            hits.ShouldNotContain(id => removedRows.Contains(id));
        }

        foreach (var id in removedRows)
        {
            reloaded.Nearest(vectors[id], null, 30, DefaultProbes).ShouldNotContain(hit => removedRows.Contains(hit));
        }
    }

    private static VectorBlock Block(float[][] vectors, int documents)
    {
        var versions = Enumerable.Range(0, documents).Select(_ => new DocumentVersion(Guid.NewGuid(), 1)).ToArray();
        var builder = new VectorBlockBuilder(Dimensions, vectors.Length);
        for (var i = 0; i < vectors.Length; i++)
        {
            builder.Add(i, versions[i * documents / vectors.Length], vectors[i]);
        }

        return builder.Build();
    }

    /// <summary>Gaussian points around <paramref name="centre"/> (noise about as long as the centre), or uniform directions without one.</summary>
    private static float[][] UnitVectors(Random random, int count, float[]? centre) =>
        Enumerable.Range(0, count).Select(_ =>
        {
            var vector = new float[Dimensions];
            for (var i = 0; i < Dimensions; i++)
            {
                var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                vector[i] = (centre?[i] ?? 0) + (float)(gaussian * (centre is null ? 1 : 0.05));
            }

            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            return vector;
        }).ToArray();
}
