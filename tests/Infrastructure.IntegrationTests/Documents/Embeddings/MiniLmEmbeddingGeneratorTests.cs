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
    public async Task Every_word_of_a_long_passage_moves_its_vector_through_windows_that_cover_it_in_order()
    {
        var opening = string.Join(' ', Enumerable.Repeat("The quarterly report describes revenue, costs and hiring in every region.", 30));
        var longer = opening + " " + string.Join(' ', Enumerable.Repeat("Penguins and glaciers are unrelated to the report.", 30));
        using var generator = new MiniLmEmbeddingGenerator();

        var windows = MiniLmEmbeddingGenerator.Windows(longer);
        var embeddings = await generator.GenerateAsync([longer, opening, "Penguins live on glaciers."]);

        windows.Count.ShouldBeGreaterThan(1, "the opening alone is longer than 256 word pieces");
        string.Join(' ', windows).ShouldBe(string.Join(' ', longer.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        windows.ShouldAllBe(window => MiniLmEmbeddingGenerator.Windows(window).Count == 1, "each window fits the model on its own");
        TensorPrimitives.Norm(embeddings[0].Vector.Span).ShouldBe(1f, 1e-3f);
        var withTail = TensorPrimitives.Dot(embeddings[0].Vector.Span, embeddings[2].Vector.Span);
        var withoutTail = TensorPrimitives.Dot(embeddings[1].Vector.Span, embeddings[2].Vector.Span);
        withTail.ShouldBeGreaterThan(withoutTail + 0.05f, "the penguins after the first 256 word pieces count");
    }

    [Fact]
    public void A_short_passage_is_one_window_left_whole()
    {
        const string Text = "Short passages are embedded as they are.";

        MiniLmEmbeddingGenerator.Windows(Text).ShouldBe([Text]);
    }
}
