using System.Numerics.Tensors;
using Planck.Infrastructure.Documents.Embeddings;

namespace Planck.Infrastructure.IntegrationTests.Documents.Embeddings;

/// <summary>Both local models. Few tests: the process loads each model once, a few seconds.</summary>
public sealed class LocalEmbeddingGeneratorTests
{
    public static TheoryData<string> Models => [.. LocalEmbeddingModel.All.Select(model => model.Name)];

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Passages_become_unit_vectors_of_384_dimensions_named_after_the_model_in_batches(string name)
    {
        var model = LocalEmbeddingModel.Parse(name);
        using var generator = new LocalEmbeddingGenerator(model, batchSize: 2);
        string[] texts = ["The invoice is due on Friday.", "Payment is expected by the end of the week.", "Penguins live in Antarctica."];

        var embeddings = await generator.GenerateAsync(texts);

        embeddings.Count.ShouldBe(3);
        embeddings.ShouldAllBe(e => e.Vector.Length == LocalEmbeddingModel.Dimensions && e.ModelId == model.ModelId);
        embeddings.Select(e => TensorPrimitives.Norm(e.Vector.Span)).ShouldAllBe(norm => Math.Abs(norm - 1f) < 1e-3f);
        var related = TensorPrimitives.Dot(embeddings[0].Vector.Span, embeddings[1].Vector.Span);
        var unrelated = TensorPrimitives.Dot(embeddings[0].Vector.Span, embeddings[2].Vector.Span);
        related.ShouldBeGreaterThan(unrelated);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Every_word_of_a_long_passage_moves_its_vector_through_windows_that_cover_it_in_order(string name)
    {
        var model = LocalEmbeddingModel.Parse(name);
        // Long enough that the opening alone passes either model's limit (256 or 512 word pieces).
        var opening = string.Join(' ', Enumerable.Repeat("The quarterly report describes revenue, costs and hiring in every region.", 50));
        var longer = opening + " " + string.Join(' ', Enumerable.Repeat("Penguins and glaciers are unrelated to the report.", 50));
        using var generator = new LocalEmbeddingGenerator(model);

        var windows = generator.Windows(longer);
        var embeddings = await generator.GenerateAsync([longer, opening, "Penguins live on glaciers."]);

        windows.Count.ShouldBeGreaterThan(2, $"the text is longer than twice {model.MaxWordPieces} word pieces");
        string.Join(' ', windows).ShouldBe(string.Join(' ', longer.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        windows.ShouldAllBe(window => model.CountWordPieces(window) <= model.MaxWordPieces, "each window fits the model");
        windows.Take(windows.Count - 1).ShouldAllBe(window => model.CountWordPieces(window) > model.MaxWordPieces - 20, "windows are filled, not cut early");
        TensorPrimitives.Norm(embeddings[0].Vector.Span).ShouldBe(1f, 1e-3f);
        var withTail = TensorPrimitives.Dot(embeddings[0].Vector.Span, embeddings[2].Vector.Span);
        var withoutTail = TensorPrimitives.Dot(embeddings[1].Vector.Span, embeddings[2].Vector.Span);
        withTail.ShouldBeGreaterThan(withoutTail + 0.05f, "the penguins past the model's limit count");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task A_query_is_embedded_after_the_models_query_instruction_and_a_passage_never_is(string name)
    {
        var model = LocalEmbeddingModel.Parse(name);
        using var generator = new LocalEmbeddingGenerator(model);
        const string question = "When is the invoice due?";

        var asQuery = (await generator.GenerateAsync([question], EmbeddingInputs.Query()))[0].Vector;
        var asPassage = (await generator.GenerateAsync([question]))[0].Vector;
        var instructed = (await generator.GenerateAsync([(model.QueryPrefix ?? string.Empty) + question]))[0].Vector;

        TensorPrimitives.Dot(asQuery.Span, instructed.Span).ShouldBe(1f, 1e-4f, "a query is the instruction and the question");
        if (model.QueryPrefix is null)
        {
            TensorPrimitives.Dot(asQuery.Span, asPassage.Span).ShouldBe(1f, 1e-4f, "a model without an instruction reads queries as they are");
        }
        else
        {
            TensorPrimitives.Dot(asQuery.Span, asPassage.Span).ShouldBeLessThan(0.99f, "a passage is embedded without the instruction");
        }
    }

    [Fact]
    public async Task A_passage_embedded_among_others_gets_the_vector_it_gets_alone()
    {
        // Windows of a batch are regrouped by length across passages; each must still come back to its own passage.
        var model = LocalEmbeddingModel.MiniLm;
        var longer = string.Join(' ', Enumerable.Repeat("Backups are written to the tape drive every night at two.", 40));
        using var generator = new LocalEmbeddingGenerator(model, windowsPerRun: 2);

        var together = await generator.GenerateAsync(["Penguins live in Antarctica.", longer, "The invoice is due on Friday."]);
        var alone = await generator.GenerateAsync([longer]);

        TensorPrimitives.Dot(together[1].Vector.Span, alone[0].Vector.Span).ShouldBeGreaterThan(0.999f);
        TensorPrimitives.Dot(together[0].Vector.Span, alone[0].Vector.Span).ShouldBeLessThan(0.9f);
    }

    [Fact]
    public void A_short_passage_is_one_window_left_whole()
    {
        const string Text = "Short passages are embedded as they are.";
        using var generator = new LocalEmbeddingGenerator(LocalEmbeddingModel.ArcticXs);

        generator.Windows(Text).ShouldBe([Text]);
    }

    [Theory]
    [InlineData(null, "minilm")]
    [InlineData("", "minilm")]
    [InlineData(" Arctic-XS ", "arctic-xs")]
    [InlineData("minilm", "minilm")]
    public void The_setting_names_a_model_ignoring_case_and_empty_is_the_default(string? setting, string expected) =>
        LocalEmbeddingModel.Parse(setting).Name.ShouldBe(expected);

    [Fact]
    public void An_unknown_model_is_refused_naming_the_setting_and_the_choices()
    {
        var refused = Should.Throw<InvalidOperationException>(() => LocalEmbeddingModel.Parse("bge-small"));

        refused.Message.ShouldContain("Planck:Embeddings:LocalModel 'bge-small'");
        refused.Message.ShouldContain("minilm or arctic-xs");
    }
}
