using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Planck.Application.Common.Abstractions;
using Planck.Application.Documents.Processing;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Embeddings;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Processing;

/// <summary>What the extractors read, carried through the use case to the chunker and the index.</summary>
internal sealed class ExtractedDocumentContent(ExtractedDocument document, DocumentKind kind) : ExtractedContent
{
    public ExtractedDocument Document => document;

    public override int? PageCount => document.PageCount;

    public override bool HasText => document.Blocks.Any(block => !string.IsNullOrWhiteSpace(block.Text));

    public override bool HasTables => kind.IsTabular() && document.Tables.Count > 0;

    public static ExtractedDocument Of(ExtractedContent content) =>
        content is ExtractedDocumentContent extracted
            ? extracted.Document
            : throw new ArgumentException($"Content from another extractor ({content.GetType().Name}).", nameof(content));
}

/// <summary>
/// Extraction and chunking are CPU-bound and synchronous. On the thread pool they cannot hold up the worker, and one
/// that ignores the token is left behind when time is up (its result discarded).
/// </summary>
internal static class OffThePool
{
    public static async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var task = Task.Run(
            () =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return work();
            },
            CancellationToken.None);
        _ = task.ContinueWith(static abandoned => _ = abandoned.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return await task.WaitAsync(cancellationToken);
    }
}

internal sealed class ContentExtraction(IFileStore files, IDocumentExtractor extractor, IOptions<PlanckOptions> options) : IContentExtraction
{
    public async Task<ExtractedContent> ExtractAsync(Document document, CancellationToken cancellationToken)
    {
        var documents = options.Value.Documents;
        var limits = new ExtractionLimits(documents.MaxPages, documents.MaxRows, ExtractionLimits.Default.MaxUncompressedBytes);
        Stream content;
        try
        {
            content = await files.OpenReadAsync(document.StorageKey, cancellationToken);
        }
        catch (FileNotFoundException exception)
        {
            throw new DocumentRejectedException(ProcessingFailures.MissingFile, exception);
        }

        return await OffThePool.RunAsync(
            () =>
            {
                using (content)
                {
                    return new ExtractedDocumentContent(extractor.Extract(content, document.Kind, document.Name, limits, cancellationToken), document.Kind);
                }
            },
            cancellationToken);
    }
}

/// <summary>
/// The chunker's passages, each told whether it deserves a vector: all running text does; of a table's row passages,
/// the first <see cref="DocumentOptions.TablePassagesEmbedded"/> (ADR 0022).
/// </summary>
internal sealed class PassageChunking(IChunker chunker, IOptions<PlanckOptions> options) : IPassageChunking
{
    public Task<IReadOnlyList<PassageDraft>> ChunkAsync(ExtractedContent content, string documentName, CancellationToken cancellationToken)
    {
        var embeddedPerTable = options.Value.Documents.TablePassagesEmbedded;
        return OffThePool.RunAsync<IReadOnlyList<PassageDraft>>(
            () => chunker.Chunk(ExtractedDocumentContent.Of(content), documentName, cancellationToken)
                .Select(draft => new PassageDraft(draft.Text, draft.Page, draft.Sheet, draft.TokenCount, GetsVector(draft.TablePassage, embeddedPerTable)))
                .ToList(),
            cancellationToken);
    }

    internal static bool GetsVector(int? tablePassage, int embeddedPerTable) =>
        tablePassage is not { } place || embeddedPerTable < 0 || place < embeddedPerTable;
}

/// <summary>The registered embedding generator, if any, in the batch size configured.</summary>
internal sealed class PassageEmbedding(IOptions<PlanckOptions> options, IEmbeddingGenerator<string, Embedding<float>>? generator = null) : IPassageEmbedding
{
    public bool IsEnabled => generator is not null;

    public int BatchSize => Math.Max(1, options.Value.Embeddings.BatchSize);

    public async Task<IReadOnlyList<byte[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (generator is null)
        {
            throw new InvalidOperationException("Embeddings are off.");
        }

        var embeddings = await generator.GenerateAsync(texts, cancellationToken: cancellationToken);
        return embeddings.Count == texts.Count
            ? embeddings.Select(embedding => EmbeddingCodec.ToBytes(embedding.Vector.Span)).ToList()
            : throw new TransientProcessingException($"The embedding service returned {embeddings.Count} embeddings for {texts.Count} passages.");
    }
}

internal sealed class DocumentIndex(PlanckDbContext db) : IDocumentIndex
{
    public Task<bool> StoreAsync(Document document, string owner, IndexedDocument content, CancellationToken cancellationToken) =>
        DocumentWorkQueue.For(db).CompleteAsync(document, owner, content, cancellationToken);

    public Task<bool> StoreVectorsAsync(Document ready, string owner, IReadOnlyList<EmbeddedPassage> passages, CancellationToken cancellationToken) =>
        DocumentWorkQueue.For(db).CompleteVectorsAsync(ready, owner, passages, cancellationToken);

    public Task WithdrawAsync(Guid documentId, CancellationToken cancellationToken) =>
        DocumentWorkQueue.For(db).WithdrawAsync(documentId, cancellationToken);
}

internal sealed class ProcessingFailureClassifier : IProcessingFailureClassifier
{
    public FailureVerdict Classify(Exception exception) => ProcessingFailures.Classify(exception);
}
