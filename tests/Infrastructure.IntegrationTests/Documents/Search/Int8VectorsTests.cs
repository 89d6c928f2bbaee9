using System.Numerics.Tensors;
using Planck.Infrastructure.Documents.Search;

namespace Planck.Infrastructure.IntegrationTests.Documents.Search;

public sealed class Int8VectorsTests
{
    private const int Dimensions = 384;

    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(384)]
    [InlineData(1000)]
    public void The_simd_dot_product_equals_the_scalar_one_at_every_length(int length)
    {
        var random = new Random(length);
        for (var trial = 0; trial < 20; trial++)
        {
            var a = new sbyte[length];
            var b = new sbyte[length];
            for (var i = 0; i < length; i++)
            {
                // The extremes included: ±127 × ±127 must not overflow 16 bits anywhere.
                a[i] = trial == 0 ? (sbyte)127 : (sbyte)random.Next(-127, 128);
                b[i] = trial == 0 ? (sbyte)-127 : (sbyte)random.Next(-127, 128);
            }

            Int8Vectors.Dot(a, b).ShouldBe(Int8Vectors.DotScalar(a, b));
        }
    }

    [Fact]
    public void A_quantised_vector_times_its_scale_is_close_to_the_original()
    {
        var vector = RandomUnitVectors(new Random(7), 1)[0];
        var codes = new sbyte[Dimensions];

        var scale = Int8Vectors.Quantise(vector, codes);

        codes.Max(c => Math.Abs((int)c)).ShouldBe(127);
        for (var i = 0; i < Dimensions; i++)
        {
            (codes[i] * scale).ShouldBe(vector[i], scale / 2 + 1e-6f);
        }

        Int8Vectors.Quantise(new float[Dimensions], codes).ShouldBe(0);
        codes.ShouldAllBe(c => c == 0);
    }

    [Fact]
    public void The_int8_scan_re_ranked_with_the_exact_vectors_gives_the_exact_top_k()
    {
        var random = new Random(42);
        var vectors = RandomUnitVectors(random, 5_000);
        var builder = new VectorBlockBuilder(Dimensions, vectors.Length);
        var documents = Enumerable.Range(0, 50).Select(_ => new DocumentVersion(Guid.NewGuid(), 1)).ToArray();
        for (var i = 0; i < vectors.Length; i++)
        {
            builder.Add(i, documents[i % documents.Length], vectors[i]);
        }

        var block = builder.Build();
        block.Count.ShouldBe(vectors.Length);
        var quantisedAloneExact = 0;
        foreach (var query in RandomUnitVectors(random, 25))
        {
            var exact = vectors.Select((v, id) => (Id: (long)id, Similarity: TensorPrimitives.Dot(query, v)))
                .OrderByDescending(s => s.Similarity).Take(10).Select(s => s.Id).ToList();

            var approximate = block.Nearest(query, null, 10 * 3);
            var reranked = VectorSearch.ExactRanking(query, approximate.Select(id => (id, (float[])vectors[id].Clone())), 10);

            reranked.ShouldBe(exact);
            quantisedAloneExact += block.Nearest(query, null, 10).SequenceEqual(exact) ? 1 : 0;
        }

        // The premise: the int8 order alone is not always the exact one, so the re-ranking is what makes it exact.
        quantisedAloneExact.ShouldBeLessThan(25);
    }

    [Fact]
    public void The_scan_keeps_to_the_documents_named()
    {
        var random = new Random(3);
        var vectors = RandomUnitVectors(random, 300);
        var builder = new VectorBlockBuilder(Dimensions, 16);
        var documents = Enumerable.Range(0, 3).Select(_ => new DocumentVersion(Guid.NewGuid(), 1)).ToArray();
        for (var i = 0; i < vectors.Length; i++)
        {
            builder.Add(i, documents[i % 3], vectors[i]);
        }

        var block = builder.Build();

        var hits = block.Nearest(vectors[0], new HashSet<Guid> { documents[1].DocumentId }, 500);

        hits.Count.ShouldBe(100);
        hits.ShouldAllBe(id => id % 3 == 1);
        block.Nearest(vectors[0], null, 1).ShouldBe([0L]);
    }

    private static float[][] RandomUnitVectors(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ =>
        {
            var vector = new float[Dimensions];
            for (var i = 0; i < Dimensions; i++)
            {
                vector[i] = (float)((random.NextDouble() * 2) - 1);
            }

            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            return vector;
        }).ToArray();
}
