using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.AI;
using Planck.Application.Common.Abstractions;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Extraction;

namespace Planck.Infrastructure.IntegrationTests.Documents.Processing;

/// <summary>Stored files in memory; a key that was never saved is missing, as in the real stores.</summary>
public sealed class InMemoryFileStore : IFileStore
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new();

    public void Put(string key, string text) => _files[key] = Encoding.UTF8.GetBytes(text);

    public async Task SaveAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        _files[key] = copy.ToArray();
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) =>
        _files.TryGetValue(key, out var bytes)
            ? Task.FromResult<Stream>(new MemoryStream(bytes, writable: false))
            : throw new FileNotFoundException("No stored file has that key.", key);

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        _files.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}

/// <summary>
/// An extractor whose behaviour each test scripts per document name: by default every non-empty line of the stored
/// file is a paragraph on its own page, so what a test stores is what it gets back as passages.
/// </summary>
public sealed class ScriptedExtractor : IDocumentExtractor
{
    private readonly ConcurrentDictionary<string, Func<int, CancellationToken, ExtractedDocument>> _scripts = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();

    /// <summary>The script gets the call number for that name (from 1) and the token.</summary>
    public void Script(string documentName, Func<int, CancellationToken, ExtractedDocument> script) => _scripts[documentName] = script;

    public int CallsFor(string documentName) => _calls.GetValueOrDefault(documentName);

    public ExtractedDocument Extract(Stream content, DocumentKind kind, string name, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        var call = _calls.AddOrUpdate(name, 1, (_, calls) => calls + 1);
        using var reader = new StreamReader(content, leaveOpen: true);
        var text = reader.ReadToEnd();
        return _scripts.TryGetValue(name, out var script) ? script(call, cancellationToken) : Lines(text);
    }

    public static ExtractedDocument Lines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ExtractedDocument(lines.Select((line, i) => new ExtractedBlock(BlockKind.Paragraph, line, Page: i + 1)).ToList(), [], lines.Length);
    }
}

/// <summary>One passage per block, and one per table naming its columns.</summary>
public sealed class BlockChunker : IChunker
{
    public IReadOnlyList<ChunkDraft> Chunk(ExtractedDocument document, string documentName, CancellationToken cancellationToken = default) =>
        document.Blocks.Select(block => new ChunkDraft(block.Text, block.Page, block.Sheet, block.Text.Split(' ').Length))
            .Concat(document.Tables.Select(table => new ChunkDraft(string.Join(" | ", table.Columns.Select(c => c.Name)), null, table.Name, table.Columns.Count)))
            .ToList();
}

/// <summary>Deterministic vectors computed from the text, and a record of the batch sizes asked for.</summary>
public sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public ConcurrentQueue<int> BatchSizes { get; } = new();

    /// <summary>How long each batch takes, so that progress can be watched as it moves.</summary>
    public TimeSpan DelayPerBatch { get; set; }

    /// <summary>When set, every batch waits here first, so a test can hold a document in the embedding stage.</summary>
    public Gate? Hold { get; set; }

    /// <summary>When set, every batch fails with what it makes once past <see cref="Hold"/>.</summary>
    public Func<Exception>? Failure { get; set; }

    public static float[] VectorFor(string text) => [text.Length, text.Sum(c => (float)c) % 997, 1f, -0.5f];

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        BatchSizes.Enqueue(texts.Count);
        if (Hold is { } hold)
        {
            await Task.Run(() => hold.Pass(cancellationToken), CancellationToken.None);
        }

        if (Failure is { } failure)
        {
            throw failure();
        }

        if (DelayPerBatch > TimeSpan.Zero)
        {
            await Task.Delay(DelayPerBatch, cancellationToken);
        }

        return new GeneratedEmbeddings<Embedding<float>>(texts.Select(text => new Embedding<float>(VectorFor(text))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

/// <summary>
/// Holds an extraction in progress until the test lets it go, so a test can look at a document mid-processing.
/// Released when the test ends, so no thread is left waiting.
/// </summary>
public sealed class Gate : IDisposable
{
    private readonly ManualResetEventSlim _entered = new();
    private readonly ManualResetEventSlim _opened = new();
    private volatile bool _sawCancellation;

    public bool SawCancellation => _sawCancellation;

    public Task<bool> EnteredAsync() => Task.Run(() => _entered.Wait(TimeSpan.FromSeconds(30)));

    public void Open() => _opened.Set();

    /// <summary>Waits for <see cref="Open"/> or the token, as a cooperative extractor does.</summary>
    public void Pass(CancellationToken cancellationToken)
    {
        _entered.Set();
        if (WaitHandle.WaitAny([_opened.WaitHandle, cancellationToken.WaitHandle]) == 1)
        {
            _sawCancellation = true;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Waits for <see cref="Open"/> only, as an extractor stuck in a loop that never looks at its token.</summary>
    public void PassIgnoringCancellation()
    {
        _entered.Set();
        _opened.Wait();
    }

    // The events are not disposed: an abandoned extraction may still be waiting on them.
    public void Dispose() => _opened.Set();
}
