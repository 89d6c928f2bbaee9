using System.Numerics.Tensors;
using Planck.Infrastructure.Documents.Embeddings;

namespace Planck.Infrastructure.IntegrationTests.Documents.Embeddings;

/// <summary>The local model. Few tests: the process loads it once, about a second.</summary>
public sealed class MiniLmEmbeddingGeneratorTests
{
    [Fact]
    public async Task Passages_become_unit_vectors_of_384_dimensions_named_after_the_model_in_batches()
    {
        using var generator = new MiniLmEmbeddingGenerator(batchSize: 2);
        string[] texts = ["The invoice is due on Friday.", "Payment is expected by the end of the week.", "Penguins live in Antarctica."];

        var embeddings = await generator.GenerateAsync(texts);

        embeddings.Count.ShouldBe(3);
        embeddings.ShouldAllBe(e => e.Vector.Length == MiniLmEmbeddingGenerator.Dimensions && e.ModelId == MiniLmEmbeddingGenerator.ModelId);
        embeddings.Select(e => TensorPrimitives.Norm(e.Vector.Span)).ShouldAllBe(norm => Math.Abs(norm - 1f) < 1e-3f);
        var related = TensorPrimitives.Dot(embeddings[0].Vector.Span, embeddings[1].Vector.Span);
        var unrelated = TensorPrimitives.Dot(embeddings[0].Vector.Span, embeddings[2].Vector.Span);
        related.ShouldBeGreaterThan(unrelated);
    }

    [Fact]
    public async Task A_long_passage_is_read_up_to_256_word_pieces_like_the_model_was_trained()
    {
        var opening = string.Join(' ', Enumerable.Repeat("The quarterly report describes revenue, costs and hiring in every region.", 30));
        var longer = opening + " " + string.Join(' ', Enumerable.Repeat("Penguins and glaciers are unrelated to the report.", 30));
        using var generator = new MiniLmEmbeddingGenerator();

        var cut = MiniLmEmbeddingGenerator.Truncate(longer);
        var embeddings = await generator.GenerateAsync([longer, cut, opening]);

        cut.Length.ShouldBeLessThan(opening.Length, "the opening alone is longer than 256 word pieces");
        longer.ShouldStartWith(cut);
        embeddings[0].Vector.ToArray().ShouldBe(embeddings[1].Vector.ToArray());
        embeddings[0].Vector.ToArray().ShouldBe(embeddings[2].Vector.ToArray(), "what follows the first 256 word pieces does not count");
    }

    [Fact]
    public void A_short_passage_is_left_whole()
    {
        const string Text = "Short passages are embedded as they are.";

        MiniLmEmbeddingGenerator.Truncate(Text).ShouldBe(Text);
    }
}
