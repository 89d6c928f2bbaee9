namespace Planck.Infrastructure.Options;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Planck</c> configuration section.</summary>
public sealed class PlanckOptions
{
    public const string Section = "Planck";

    /// <summary>Where the server keeps its files: the SQLite database and the generated server secret.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The server's public address, when it sits behind a proxy; used to recognise same-origin requests.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Which proxies may say who the client is (<c>X-Forwarded-For</c>) and whether it used https (<c>X-Forwarded-Proto</c>).</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    public DatabaseOptions Database { get; set; } = new();
    public SecurityOptions Security { get; set; } = new();
    public BootstrapOptions Bootstrap { get; set; } = new();
    public RateLimitingOptions RateLimiting { get; set; } = new();
    public DocumentOptions Documents { get; set; } = new();
    public EmbeddingOptions Embeddings { get; set; } = new();
    public SearchOptions Search { get; set; } = new();
    public LlmOptions Llm { get; set; } = new();
    public TelemetryOptions Telemetry { get; set; } = new();

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}

/// <summary>
/// The <c>Planck:ForwardedHeaders</c> section. Empty by default: no address is trusted, not even loopback, so a
/// client that reaches the server directly cannot pretend to be someone else with a header of its own.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>Proxy addresses (<c>10.0.0.5</c>, <c>::1</c>); an entry may list several separated by commas.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation (<c>10.0.0.0/8</c>); an entry may list several separated by commas.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

public sealed class SecurityOptions
{
    /// <summary>The HMAC key for API keys and session tokens. Every node of one installation must share it.</summary>
    public string? ApiKeySecret { get; set; }

    /// <summary>How long a web session lasts after sign-in.</summary>
    public int SessionHours { get; set; } = 12;

    /// <summary>How long a node may keep trusting what it cached about a credential; the lag other nodes may show after a revocation.</summary>
    public int CredentialCacheSeconds { get; set; } = 30;

    /// <summary>Usable API keys one user may hold at once; creating one more is 409.</summary>
    public int MaxKeysPerUser { get; set; } = Application.Identity.ApiKeyOptions.DefaultMaxKeysPerUser;
}

public sealed class BootstrapOptions
{
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
}

public sealed class RateLimitingOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Per API key (or signed-in user). A busy integration polling several times a second stays well inside it.</summary>
    public int RequestsPerMinute { get; set; } = 1200;

    /// <summary>Per client address for requests without a valid credential.</summary>
    public int AnonymousRequestsPerMinute { get; set; } = 300;
}

public enum FileStorageKind
{
    /// <summary>Under the data directory: one node, or several sharing a disk.</summary>
    FileSystem,

    /// <summary>In the database: several nodes sharing PostgreSQL but no disk.</summary>
    Database,
}

public sealed class DocumentOptions
{
    public long MaxUploadBytes { get; set; } = Application.Documents.DocumentUploadOptions.DefaultMaxUploadBytes;

    public FileStorageKind Storage { get; set; } = FileStorageKind.FileSystem;

    /// <summary>Documents processed at once on this node. Zero means one per two cores, so chat stays responsive while files process.</summary>
    public int Workers { get; set; }

    /// <summary>A document that takes longer than this to process fails ("took too long"); the worker moves on.</summary>
    public int ProcessingTimeoutSeconds { get; set; } = 600;

    /// <summary>Pages (PDF) or rows per sheet (spreadsheets, CSV) beyond which a document is refused as too large to process.</summary>
    public int MaxPages { get; set; } = 5000;

    public int MaxRows { get; set; } = 1_000_000;

    /// <summary>
    /// Row passages of each table (CSV, spreadsheet sheet) that get a vector, counted from the table's start; every
    /// passage is searchable by full text and every row by SQL. Negative embeds them all. ADR 0022.
    /// </summary>
    public int TablePassagesEmbedded { get; set; } = DefaultTablePassagesEmbedded;

    public const int DefaultTablePassagesEmbedded = 32;

    /// <summary>How long a claim lasts without renewal; a crashed node's documents are taken up again after it.</summary>
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>How often an idle worker looks for work queued by other nodes.</summary>
    public int PollSeconds { get; set; } = 5;

    /// <summary>Whether this node processes documents at all; off for a node that should only serve requests.</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>Partial and unowned files in the file store older than this are removed by the sweeper.</summary>
    public int OrphanGraceMinutes { get; set; } = 60;

    /// <summary>How often the sweeper looks, after its first pass at start-up.</summary>
    public int SweepMinutes { get; set; } = 60;

    public int EffectiveWorkers => Workers > 0 ? Workers : Math.Max(1, Environment.ProcessorCount / 2);
}

public enum EmbeddingProvider
{
    /// <summary>A model inside the server (<see cref="EmbeddingOptions.LocalModel"/>); no network.</summary>
    Local,

    /// <summary>Any OpenAI-compatible embeddings endpoint.</summary>
    OpenAI,

    /// <summary>No semantic search; full-text only.</summary>
    None,
}

public sealed class EmbeddingOptions
{
    public EmbeddingProvider Provider { get; set; } = EmbeddingProvider.Local;

    /// <summary>
    /// For <see cref="EmbeddingProvider.Local"/>: <c>minilm</c> or <c>arctic-xs</c>; empty is the default chosen in
    /// ADR 0015. Changing it needs a re-index: vectors of two models do not compare.
    /// </summary>
    public string? LocalModel { get; set; }

    /// <summary>Base URL of the OpenAI-compatible API (for example <c>http://localhost:11434/v1</c>); the OpenAI cloud when empty.</summary>
    public string? Endpoint { get; set; }

    public string Model { get; set; } = "text-embedding-3-small";

    /// <summary>Never logged. Also read from the environment as <c>Planck__Embeddings__ApiKey</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Passages embedded per call.</summary>
    public int BatchSize { get; set; } = 16;
}

public sealed class SearchOptions
{
    /// <summary>Full-text and vector search each hand at most this many candidates to the fusion.</summary>
    public int Candidates { get; set; } = 100;

    /// <summary>Memory for workspaces' vectors kept in this process, beyond which the least recently used are dropped.</summary>
    public int VectorCacheMegabytes { get; set; } = 512;

    /// <summary>
    /// Share of the fusion given to the full-text ranking (the vector ranking gets the rest), tuned on the
    /// development half of the real-document benchmark, where no other weight beat equal shares beyond one or two
    /// questions on both providers (ADR 0014).
    /// </summary>
    public double FullTextWeight { get; set; } = 0.5;

    /// <summary>The k of reciprocal-rank fusion, tuned with <see cref="FullTextWeight"/>: smaller trusts each list's top more.</summary>
    public int FusionK { get; set; } = 60;

    /// <summary>The <c>Planck:Search:VectorSearch</c> section: the in-process vector scan (ADR 0017).</summary>
    public VectorSearchOptions VectorSearch { get; set; } = new();
}

/// <summary>The in-process vector scan: int8 vectors scanned, the best candidates re-ranked with the exact ones.</summary>
public sealed class VectorSearchOptions
{
    /// <summary>The int8 scan keeps this many times the candidates asked for, re-ranked with the exact vectors (1–100).</summary>
    public int Oversampling { get; set; } = 3;

    /// <summary>Re-rank with the exact vectors read from the database; false ranks by the int8 scan alone.</summary>
    public bool Rerank { get; set; } = true;
}

public enum LlmProvider
{
    /// <summary>No language model: chat answers with the retrieved passages only.</summary>
    None,

    /// <summary>The OpenAI cloud, or any OpenAI-compatible server at <see cref="LlmOptions.Endpoint"/>.</summary>
    OpenAI,

    /// <summary>Azure OpenAI through its OpenAI-compatible v1 endpoint; <see cref="LlmOptions.Model"/> names the deployment.</summary>
    AzureOpenAI,

    /// <summary>Ollama's native API (<c>http://localhost:11434</c> unless <see cref="LlmOptions.Endpoint"/> says otherwise).</summary>
    Ollama,

    Anthropic,
}

/// <summary>The <c>Planck:Llm</c> section: the language model that writes chat answers.</summary>
public sealed class LlmOptions
{
    public LlmProvider Provider { get; set; } = LlmProvider.None;

    /// <summary>The provider's base URL; each provider has a default except Azure, whose resource URL is required.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model (for Azure, the deployment) that answers.</summary>
    public string? Model { get; set; }

    /// <summary>Never logged, never in a message or <see cref="ToString"/>. Also read from the environment as <c>Planck__Llm__ApiKey</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long the model may stay silent (before its first token or between two) before the answer fails.</summary>
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>The answer's length limit when a request does not set its own.</summary>
    public int MaxOutputTokens { get; set; } = 2048;

    /// <summary>Safe to log: the key shows only whether it is set.</summary>
    public override string ToString() =>
        $"Provider={Provider}, Endpoint={Endpoint ?? "(default)"}, Model={Model ?? "(none)"}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "(none)" : "(set)")}, " +
        $"TimeoutSeconds={TimeoutSeconds}, MaxOutputTokens={MaxOutputTokens}";
}

/// <summary>The <c>Planck:Telemetry</c> section: metrics, traces and the console log's format (ADR 0020).</summary>
public sealed class TelemetryOptions
{
    /// <summary>Serves Prometheus metrics at <c>/metrics</c>; off by default.</summary>
    public bool PrometheusEnabled { get; set; }

    /// <summary>
    /// Client addresses (<c>10.0.0.7</c>) or networks (<c>10.0.0.0/8</c>) that may read <c>/metrics</c>; others are answered as for an unknown path.
    /// Empty means loopback only (a default list would have configured entries appended to it, not replace it). Behind
    /// a proxy this is the client address the proxy reports.
    /// </summary>
    public List<string> MetricsAllowedFrom { get; set; } = [];

    /// <summary>An OTLP collector (<c>http://collector:4317</c>) to export metrics and traces to; empty exports nothing.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>One JSON object per console log line, with the trace and span ids, instead of the readable format.</summary>
    public bool JsonConsoleLogs { get; set; }
}
