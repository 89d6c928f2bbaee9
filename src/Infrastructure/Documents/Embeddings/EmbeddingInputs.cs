using Microsoft.Extensions.AI;

namespace Planck.Infrastructure.Documents.Embeddings;

/// <summary>
/// Tells a generator that it embeds a search query rather than a passage. Retrieval models such as arctic-embed were
/// trained with an instruction before every query and none before passages; a generator that knows no such
/// instruction ignores the mark, and so does any provider that is not ours (it is an additional property).
/// </summary>
public static class EmbeddingInputs
{
    private const string InputKey = "planck.embedding_input";
    private const string QueryValue = "query";

    /// <summary>Fresh options for each call, because <see cref="EmbeddingGenerationOptions"/> is mutable.</summary>
    public static EmbeddingGenerationOptions Query() => new() { AdditionalProperties = new() { [InputKey] = QueryValue } };

    public static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties is { } properties
        && properties.TryGetValue(InputKey, out var value)
        && value is string text
        && string.Equals(text, QueryValue, StringComparison.Ordinal);
}
