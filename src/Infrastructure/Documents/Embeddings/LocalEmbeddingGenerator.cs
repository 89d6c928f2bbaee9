using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace Planck.Infrastructure.Documents.Embeddings;

/// <summary>
/// A <see cref="LocalEmbeddingModel"/> inside the process: 384-dimensional, L2-normalised vectors, no network, every
/// word of a passage embedded through windows that fit the model.
/// </summary>
/// <remarks>
/// Calls are serialised on one <see cref="BackgroundPriorityWorker"/>: ONNX Runtime would allow concurrent runs, but
/// each run already uses every core, and two large batches at once would only double the peak memory without
/// finishing sooner. Below normal priority, embeddings (a query's, or a document's in the background) no longer delay
/// the requests being answered meanwhile, and a query goes ahead of the passages waiting with it.
/// </remarks>
public sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>
    /// Windows per model run. Runs pad every window to the run's longest, so windows are sorted by length first.
    /// On two cores the bare model is no faster in bigger runs (MiniLM's rate is flat from 1 to 64 windows within the
    /// noise, arctic-xs's falls past 4: docs/benchmarks.md, issue 11); 16 keeps the per-run overhead and the
    /// run's memory small.
    /// </summary>
    public const int DefaultWindowsPerRun = 16;

    private static readonly BackgroundPriorityWorker Worker = new("Planck embeddings");

    private readonly int _batchSize;
    private readonly int _windowsPerRun;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public LocalEmbeddingGenerator(LocalEmbeddingModel model, int batchSize = 16, int windowsPerRun = DefaultWindowsPerRun)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowsPerRun, 1);
        Model = model;
        _batchSize = batchSize;
        _windowsPerRun = windowsPerRun;
        _metadata = new(model.Package, providerUri: null, model.ModelId, LocalEmbeddingModel.Dimensions);
    }

    public LocalEmbeddingModel Model { get; }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var isQuery = EmbeddingInputs.IsQuery(options);
        var texts = isQuery && Model.QueryPrefix is { } prefix
            ? values.Select(value => prefix + value).ToArray()
            : values.ToArray();
        var embeddings = new List<Embedding<float>>(texts.Length);
        for (var start = 0; start < texts.Length; start += _batchSize)
        {
            var batch = texts.AsSpan(start, Math.Min(_batchSize, texts.Length - start)).ToArray();
            var vectors = await Worker.RunAsync(ct => EncodeWindowed(batch, ct), cancellationToken, urgent: isQuery).ConfigureAwait(false);

            var createdAt = DateTimeOffset.UtcNow;
            embeddings.AddRange(vectors.Select(v => new Embedding<float>(v) { ModelId = Model.ModelId, CreatedAt = createdAt }));
        }

        return new GeneratedEmbeddings<Embedding<float>>(embeddings);
    }

    /// <summary>
    /// Every text cut into windows the model reads whole, the windows of all texts encoded together shortest first,
    /// and each text's vector the mean of its windows' vectors weighted by their words, normalised again: a word past
    /// the model's limit still moves the passage's vector. A text that fits is one window, its vector the model's own.
    /// </summary>
    private float[][] EncodeWindowed(string[] texts, CancellationToken cancellationToken)
    {
        var pieces = new WordPieceCounter(Model);
        pieces.CountAll(texts.SelectMany(text => (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        var windowsOfText = texts.Select(text => Windows(text ?? string.Empty, pieces)).ToArray();
        var windows = windowsOfText.SelectMany(w => w).ToArray();
        var encoded = EncodeShortestFirst(windows, cancellationToken);

        var vectors = new float[texts.Length][];
        var next = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            var count = windowsOfText[i].Count;
            if (count == 1)
            {
                vectors[i] = encoded[next++];
                continue;
            }

            var sum = new float[LocalEmbeddingModel.Dimensions];
            for (var w = 0; w < count; w++, next++)
            {
                TensorPrimitives.MultiplyAdd(encoded[next], windows[next].Words, sum, sum);
            }

            TensorPrimitives.Divide(sum, Math.Max(TensorPrimitives.Norm(sum), float.Epsilon), sum);
            vectors[i] = sum;
        }

        return vectors;
    }

    /// <summary>
    /// Runs of similar length, so a run pads little: a passage's last window is short, and padded to its neighbours'
    /// 256 word pieces it would cost as much as a full one.
    /// </summary>
    private float[][] EncodeShortestFirst(Window[] windows, CancellationToken cancellationToken)
    {
        var order = Enumerable.Range(0, windows.Length).OrderBy(i => windows[i].WordPieces).ToArray();
        var encoded = new float[windows.Length][];
        for (var start = 0; start < order.Length; start += _windowsPerRun)
        {
            // A query queued behind this batch goes first: it waits for one run, not for the whole batch.
            Worker.RunWaitingUrgentWork();
            var run = order.AsSpan(start, Math.Min(_windowsPerRun, order.Length - start)).ToArray();
            var vectors = Model.Encoder.Encode([.. run.Select(i => windows[i].Text)], cancellationToken);
            for (var j = 0; j < run.Length; j++)
            {
                encoded[run[j]] = vectors[j];
            }
        }

        return encoded;
    }

    /// <summary>The windows <see cref="GenerateAsync"/> embeds for <paramref name="text"/>, in order.</summary>
    public IReadOnlyList<string> Windows(string text) => [.. Windows(text, new WordPieceCounter(Model)).Select(window => window.Text)];

    /// <summary>
    /// Consecutive runs of whole words, each the longest that fits in the model's word pieces (with the two
    /// markers), together every word of the text in order. Word pieces never cross whitespace in a BERT tokenizer,
    /// so each distinct word is tokenised once and the runs are summed, not re-tokenised. A single "word" longer than
    /// the limit (a run of symbols, a long number) is a window of its own, which the library cuts.
    /// </summary>
    private static List<Window> Windows(string text, WordPieceCounter pieces)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var budget = pieces.Model.MaxWordPieces - 2;
        var counts = words.Select(pieces.Count).ToArray();
        var total = counts.Sum();
        if (total <= budget)
        {
            return [new Window(text, words.Length, total + 2)];
        }

        var windows = new List<Window>();
        var start = 0;
        while (start < words.Length)
        {
            var end = start;
            var used = 0;
            while (end < words.Length && (end == start || used + counts[end] <= budget))
            {
                used += counts[end++];
            }

            windows.Add(new Window(string.Join(' ', words, start, end - start), end - start, Math.Min(used, budget) + 2));
            start = end;
        }

        return windows;
    }

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

    private sealed record Window(string Text, int Words, int WordPieces);

    /// <summary>
    /// Word pieces per distinct word, remembered for one batch: manuals repeat their words a lot, and the library's
    /// tokenizer costs about 0.2 ms a call whatever its length, so the words of a batch are counted in one call.
    /// </summary>
    private sealed class WordPieceCounter(LocalEmbeddingModel model)
    {
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

        public LocalEmbeddingModel Model => model;

        public void CountAll(IEnumerable<string> words)
        {
            var unknown = words.Where(word => !_counts.ContainsKey(word)).Distinct(StringComparer.Ordinal).ToArray();
            if (unknown.Length == 0)
            {
                return;
            }

            var tokenized = model.Tokenizer.Tokenize(model.MaxWordPieces + 1, unknown);
            for (var i = 0; i < unknown.Length; i++)
            {
                // Less the two markers the tokenizer adds to every input.
                _counts[unknown[i]] = tokenized[i].Length - 2;
            }
        }

        public int Count(string word)
        {
            if (!_counts.TryGetValue(word, out var count))
            {
                count = model.CountWordPieces(word) - 2;
                _counts[word] = count;
            }

            return count;
        }
    }
}
