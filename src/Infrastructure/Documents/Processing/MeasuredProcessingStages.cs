using Planck.Application.Common.Telemetry;
using Planck.Application.Documents.Processing;
using Planck.Domain.Documents;

namespace Planck.Infrastructure.Documents.Processing;

/// <summary>
/// The processing ports, each call timed and traced as its stage (<c>planck.documents.stage.duration</c>). Wrapping
/// the ports keeps the use case free of measuring; the stage's sum over calls is the time documents spent in it.
/// </summary>
internal static class ProcessingStageTimer
{
    public static Task<T> TimeAsync<T>(string stage, Func<Task<T>> call) =>
        PlanckTelemetry.MeasureAsync(
            PlanckTelemetry.ProcessingStageDuration, "planck.documents." + stage, call, null, new KeyValuePair<string, object?>("stage", stage));
}

internal sealed class MeasuredContentExtraction(ContentExtraction inner) : IContentExtraction
{
    public Task<ExtractedContent> ExtractAsync(Document document, CancellationToken cancellationToken) =>
        ProcessingStageTimer.TimeAsync("extracting", () => inner.ExtractAsync(document, cancellationToken));
}

internal sealed class MeasuredPassageChunking(PassageChunking inner) : IPassageChunking
{
    public Task<IReadOnlyList<PassageDraft>> ChunkAsync(ExtractedContent content, string documentName, CancellationToken cancellationToken) =>
        ProcessingStageTimer.TimeAsync("chunking", () => inner.ChunkAsync(content, documentName, cancellationToken));
}

internal sealed class MeasuredPassageEmbedding(PassageEmbedding inner) : IPassageEmbedding
{
    public bool IsEnabled => inner.IsEnabled;

    public int BatchSize => inner.BatchSize;

    public Task<IReadOnlyList<byte[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        ProcessingStageTimer.TimeAsync("embedding", () => inner.EmbedAsync(texts, cancellationToken));
}

internal sealed class MeasuredDocumentIndex(DocumentIndex inner) : IDocumentIndex
{
    public Task<bool> StoreAsync(Document document, string owner, IndexedDocument content, CancellationToken cancellationToken) =>
        ProcessingStageTimer.TimeAsync("indexing", () => inner.StoreAsync(document, owner, content, cancellationToken));

    public Task<bool> StoreVectorsAsync(Document ready, string owner, IReadOnlyList<EmbeddedPassage> passages, CancellationToken cancellationToken) =>
        ProcessingStageTimer.TimeAsync("indexing", () => inner.StoreVectorsAsync(ready, owner, passages, cancellationToken));

    public Task WithdrawAsync(Guid documentId, CancellationToken cancellationToken) => inner.WithdrawAsync(documentId, cancellationToken);
}
