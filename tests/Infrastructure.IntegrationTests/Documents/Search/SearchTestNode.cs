using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Planck.Application.Documents;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Embeddings;
using Planck.Infrastructure.Documents.Search;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.IntegrationTests.Documents.Search;

/// <summary>
/// One server node's search services, wired by the product's own registration over the test database. Two nodes
/// share the database but not their vector caches, as two processes would.
/// </summary>
internal sealed class SearchTestNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="generator">Replaces the configured provider's generator; null keeps what <paramref name="provider"/> registers.</param>
    public SearchTestNode(DatabaseFixture database, EmbeddingProvider provider = EmbeddingProvider.None, IEmbeddingGenerator<string, Embedding<float>>? generator = null)
    {
        var options = new PlanckOptions { Embeddings = { Provider = provider } };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        database.AddDbContext(services);
        services.AddDocumentSearch(options);
        if (generator is not null)
        {
            services.RemoveAll<IEmbeddingGenerator<string, Embedding<float>>>();
            services.AddSingleton(generator);
        }

        _services = services.BuildServiceProvider();
    }

    public IEmbeddingGenerator<string, Embedding<float>>? Generator => _services.GetService<IEmbeddingGenerator<string, Embedding<float>>>();

    public VectorCache Cache => _services.GetRequiredService<VectorCache>();

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(
        Guid workspaceId, string query, SearchMode mode = SearchMode.Hybrid, IReadOnlyCollection<Guid>? documentIds = null, int limit = 10)
    {
        await using var scope = _services.CreateAsyncScope();
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        return await index.SearchAsync(new SearchRequest(workspaceId, query, documentIds, limit, mode), CancellationToken.None);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

/// <summary>Seeds workspaces, documents and passages directly, as processing would leave them.</summary>
public sealed class SearchData(DatabaseFixture database, IEmbeddingGenerator<string, Embedding<float>>? embedder)
{
    public async Task<Guid> NewWorkspaceAsync()
    {
        var user = TestData.NewUser();
        var workspace = TestData.NewWorkspace();
        await using var db = database.CreateContext();
        db.Users.Add(user);
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        UploaderId = user.Id;
        return workspace.Id;
    }

    private Guid UploaderId { get; set; }

    /// <summary>A document whose passages are <paramref name="passages"/>, embedded when an embedder is given.</summary>
    public async Task<Guid> AddDocumentAsync(Guid workspaceId, string name, DocumentStatus status, params string[] passages)
    {
        var id = Guid.NewGuid();
        var vectors = embedder is null || passages.Length == 0
            ? null
            : (await embedder.GenerateAsync(passages)).Select(e => EmbeddingCodec.ToBytes(e.Vector.Span)).ToArray();
        await using var db = database.CreateContext();
        db.Documents.Add(Document.Upload(id, workspaceId, name, "key/" + id, DocumentKind.Text, 10, new string('0', 64), UploaderId, TestData.Now));
        db.DocumentChunks.AddRange(passages.Select((text, i) => new DocumentChunk(id, workspaceId, i, text, page: i + 1, sheet: null, tokenCount: 10, vectors?[i])));
        await db.SaveChangesAsync();

        // No public way to jump a document's state: set what processing would have set.
        var processedAt = DateTimeOffset.UtcNow;
        await db.Documents.Where(d => d.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.IndexGeneration, status == DocumentStatus.Ready ? 1 : 0)
            .SetProperty(d => d.ChunkCount, (int?)passages.Length)
            .SetProperty(d => d.ProcessedAt, status == DocumentStatus.Ready ? processedAt : null)
            .SetProperty(d => d.UpdatedAt, processedAt));
        return id;
    }

    /// <summary>What re-indexing leaves: new passages at the next generation, the old ones gone.</summary>
    public async Task ReplacePassagesAsync(Guid documentId, params string[] passages)
    {
        await using var db = database.CreateContext();
        var document = await db.Documents.SingleAsync(d => d.Id == documentId);
        var generation = document.IndexGeneration + 1;
        var vectors = embedder is null ? null : (await embedder.GenerateAsync(passages)).Select(e => EmbeddingCodec.ToBytes(e.Vector.Span)).ToArray();
        await db.DocumentChunks.Where(c => c.DocumentId == documentId).ExecuteDeleteAsync();
        db.DocumentChunks.AddRange(passages.Select((text, i) =>
            new DocumentChunk(documentId, document.WorkspaceId, i, text, page: i + 1, sheet: null, tokenCount: 10, vectors?[i], generation)));
        await db.SaveChangesAsync();
        var processedAt = DateTimeOffset.UtcNow;
        await db.Documents.Where(d => d.Id == documentId).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.IndexGeneration, generation)
            .SetProperty(d => d.ChunkCount, (int?)passages.Length)
            .SetProperty(d => d.ProcessedAt, processedAt)
            .SetProperty(d => d.UpdatedAt, processedAt));
    }

    /// <summary>Changes the stored vectors behind the document's back, its version untouched (no product path does this).</summary>
    public async Task OverwriteVectorsAsync(Guid documentId, string like)
    {
        var vector = EmbeddingCodec.ToBytes((await embedder!.GenerateAsync([like]))[0].Vector.Span);
        await using var db = database.CreateContext();
        await db.DocumentChunks.Where(c => c.DocumentId == documentId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Embedding, vector));
    }

    public async Task<List<long>> ChunkIdsAsync(Guid documentId)
    {
        await using var db = database.CreateContext();
        return await db.DocumentChunks.Where(c => c.DocumentId == documentId).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
    }

    /// <summary>A processing document's progress write: touches <c>updated_at</c>, as the worker does every second.</summary>
    public async Task TouchAsync(Guid documentId)
    {
        await using var db = database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        await db.Documents.Where(d => d.Id == documentId).ExecuteUpdateAsync(s => s.SetProperty(d => d.UpdatedAt, now));
    }

    public async Task DeleteDocumentAsync(Guid documentId)
    {
        await using var db = database.CreateContext();
        await db.DocumentChunks.Where(c => c.DocumentId == documentId).ExecuteDeleteAsync();
        await db.Documents.Where(d => d.Id == documentId).ExecuteDeleteAsync();
    }
}

/// <summary>
/// Embeddings chosen by the test: each axis is a set of words that mean the same (space-separated), a text's
/// vector is the count of its words on each axis. Deterministic, instant, and lets a test decide exactly which
/// passages are near a query, including passages that share no word with it.
/// </summary>
public sealed class WordAxisEmbeddingGenerator(params string[] axes) : IEmbeddingGenerator<string, Embedding<float>>
{
    public int Calls { get; private set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        var embeddings = values.Select(text =>
        {
            var vector = new float[axes.Length + 1];
            vector[^1] = 0.01f;
            foreach (var word in System.Text.RegularExpressions.Regex.Split(text, @"\W+"))
            {
                var axis = Array.FindIndex(axes, a => a.Split(' ').Contains(word, StringComparer.OrdinalIgnoreCase));
                if (axis >= 0)
                {
                    vector[axis] += 1;
                }
            }

            return new Embedding<float>(vector);
        });
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(embeddings.ToList()));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

/// <summary>An embedding service that is down.</summary>
public sealed class UnreachableEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new HttpRequestException("Connection refused (127.0.0.1:9)");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
