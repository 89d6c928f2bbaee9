using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Planck.Application.Common.Abstractions;
using Planck.Domain.Documents;

namespace Planck.Application.Documents.Processing;

/// <summary>
/// One attempt at a claimed document, with why it might be cut short: the host stopping, the document abandoned
/// (deleted, cancelled or its lease lost) and the processing time limit.
/// </summary>
public sealed record ProcessingAttempt(
    Guid DocumentId, string Owner, int TimeoutSeconds, CancellationToken Stopping, CancellationToken Abandoned, CancellationToken TimedOut);

/// <summary>
/// Takes one claimed document from its stored file to ready, or failed: extract, chunk, embed, store. Not a request
/// through the pipeline: nobody calls it but the node's workers, which have claimed the document. Every attempt ends
/// with exactly one outcome (ready, failed, retry later, or handed back as the host stops), decided by the
/// document's own rules; each is written only while this worker still holds the document.
/// </summary>
public sealed partial class ProcessDocument(
    IApplicationDbContext db,
    IContentExtraction extraction,
    IPassageChunking chunking,
    IDocumentIndex index,
    IProcessingFailureClassifier failures,
    DocumentRetryPolicy retryPolicy,
    TimeProvider time,
    ILogger<ProcessDocument> logger,
    IPassageEmbedding embedding)
{
    public const string NoText = "No text could be extracted from the document (is it a scanned image?).";

    /// <summary>Extraction and chunking take the first tenth of the bar, embedding the next eight, storing the last.</summary>
    private const int EmbeddingStartsAt = 10;
    private const int IndexingStartsAt = 90;

    /// <summary>Progress is written at most this often, so a member sees it move every second without a write per batch.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long the closing write of an attempt (fail, retry, release) may take once the work itself is over.</summary>
    private static readonly TimeSpan BookkeepingLimit = TimeSpan.FromSeconds(30);

    public static string TimedOutMessage(int seconds) => $"Processing took longer than {seconds} seconds and was stopped.";

    public async Task RunAsync(ProcessingAttempt attempt)
    {
        var started = time.GetTimestamp();
        using var lost = new CancellationTokenSource();
        using var work = CancellationTokenSource.CreateLinkedTokenSource(attempt.Stopping, attempt.Abandoned, attempt.TimedOut, lost.Token);
        try
        {
            await RunCoreAsync(attempt, started, lost, work.Token);
        }
        catch (Exception) when (work.IsCancellationRequested)
        {
            // Whatever the work threw once its token fired (an extractor may throw its own kind of error when the stream
            // is closed under it), the reason is the token's.
            await OnStoppedAsync(attempt, lost.IsCancellationRequested, started);
        }
        catch (Exception exception)
        {
            await OnFailedAsync(attempt, exception, started);
        }
    }

    private async Task RunCoreAsync(ProcessingAttempt attempt, long started, CancellationTokenSource lost, CancellationToken cancellationToken)
    {
        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == attempt.DocumentId, cancellationToken);
        if (document is null || !document.IsHeldBy(attempt.Owner))
        {
            LogAbandoned(logger, attempt.DocumentId);
            return;
        }

        LogStarted(logger, document.Id, document.Attempts);
        if (document.HasExhaustedAttempts)
        {
            // Claimed again after its lease lapsed on the last attempt: a file that brings the node down must not do so forever.
            var message = DocumentRetryPolicy.GaveUp(Document.CrashedEveryTime);
            await FinishAsync(attempt, d => d.Fail(attempt.Owner, message, time.GetUtcNow()));
            var elapsed = Elapsed(started);
            LogFailed(logger, document.Id, message, elapsed);
            return;
        }

        var content = await extraction.ExtractAsync(document, cancellationToken);
        if (!content.HasText && !content.HasTables)
        {
            await FinishAsync(attempt, d => d.Fail(attempt.Owner, NoText, time.GetUtcNow()));
            var elapsed = Elapsed(started);
            LogRejected(logger, document.Id, NoText, elapsed);
            return;
        }

        var drafts = await chunking.ChunkAsync(content, document.Name, cancellationToken);
        var progress = new AttemptProgress(db, time, document, attempt.Owner, lost);
        var servedEarly = embedding.IsEnabled && document.MayServeTextEarly;
        if (servedEarly && !await ServeTextEarlyAsync(document, attempt.Owner, content, drafts, cancellationToken))
        {
            LogAbandoned(logger, document.Id);
            return;
        }

        var passages = await EmbedAsync(drafts, progress, cancellationToken);
        await progress.ReportAsync(DocumentStage.Indexing, IndexingStartsAt, passages.Count, force: true, cancellationToken);
        document.MarkReady(attempt.Owner, content.PageCount, passages.Count, time.GetUtcNow());
        var stored = servedEarly
            ? await index.StoreVectorsAsync(document, attempt.Owner, passages, cancellationToken)
            : await index.StoreAsync(document, attempt.Owner, new IndexedDocument(content, passages), cancellationToken);
        if (stored)
        {
            var elapsed = Elapsed(started);
            LogReady(logger, document.Id, content.PageCount, passages.Count, elapsed);
        }
        else
        {
            LogAbandoned(logger, document.Id);
        }
    }

    /// <summary>
    /// A document that serves nothing yet becomes searchable by full text before its passages are embedded (ADR 0022):
    /// they are stored without vectors and served at once, and the vectors are written onto them once all are made.
    /// </summary>
    private async Task<bool> ServeTextEarlyAsync(
        Document document, string owner, ExtractedContent content, IReadOnlyList<PassageDraft> drafts, CancellationToken cancellationToken)
    {
        document.ServeFullText(owner, content.PageCount, drafts.Count, EmbeddingStartsAt, time.GetUtcNow());
        var textOnly = drafts.Select(draft => new EmbeddedPassage(draft, null)).ToList();
        if (!await index.StoreAsync(document, owner, new IndexedDocument(content, textOnly), cancellationToken))
        {
            return false;
        }

        LogServedText(logger, document.Id, drafts.Count);
        return true;
    }

    /// <summary>
    /// Embeds the passages that deserve a vector in batches when embeddings are on; the others, and all of them without
    /// embeddings, serve full-text search only.
    /// </summary>
    private async Task<IReadOnlyList<EmbeddedPassage>> EmbedAsync(IReadOnlyList<PassageDraft> drafts, AttemptProgress progress, CancellationToken cancellationToken)
    {
        if (!embedding.IsEnabled)
        {
            return drafts.Select(draft => new EmbeddedPassage(draft, null)).ToList();
        }

        await progress.ReportAsync(DocumentStage.Embedding, EmbeddingStartsAt, 0, force: true, cancellationToken);
        var vectors = new byte[]?[drafts.Count];
        var wanted = Enumerable.Range(0, drafts.Count).Where(i => drafts[i].GetsVector).ToList();
        var done = 0;
        foreach (var batch in wanted.Chunk(Math.Max(1, embedding.BatchSize)))
        {
            var embedded = await embedding.EmbedAsync(batch.Select(i => drafts[i].Text).ToList(), cancellationToken);
            for (var i = 0; i < batch.Length; i++)
            {
                vectors[batch[i]] = embedded[i];
            }

            done += batch.Length;
            var percent = EmbeddingStartsAt + ((IndexingStartsAt - EmbeddingStartsAt) * done / wanted.Count);
            await progress.ReportAsync(DocumentStage.Embedding, percent, done, force: false, cancellationToken);
        }

        return drafts.Select((draft, i) => new EmbeddedPassage(draft, vectors[i])).ToList();
    }

    private async Task OnStoppedAsync(ProcessingAttempt attempt, bool lost, long started)
    {
        if (lost || attempt.Abandoned.IsCancellationRequested)
        {
            LogAbandoned(logger, attempt.DocumentId);
        }
        else if (attempt.Stopping.IsCancellationRequested)
        {
            // Should this write not get through, the lease simply runs out and another worker takes the document then.
            await FinishAsync(attempt, d => d.Release(attempt.Owner, time.GetUtcNow()));
            LogReleased(logger, attempt.DocumentId);
        }
        else
        {
            var message = TimedOutMessage(attempt.TimeoutSeconds);
            await FinishAsync(attempt, d => d.Fail(attempt.Owner, message, time.GetUtcNow()));
            var elapsed = Elapsed(started);
            LogFailed(logger, attempt.DocumentId, message, elapsed);
        }
    }

    private async Task OnFailedAsync(ProcessingAttempt attempt, Exception exception, long started)
    {
        var verdict = failures.Classify(exception);
        if (!verdict.Transient)
        {
            if (verdict.Unexpected)
            {
                LogUnexpected(logger, attempt.DocumentId, exception);
            }
            else
            {
                var elapsed = Elapsed(started);
                LogRejected(logger, attempt.DocumentId, verdict.Message, elapsed);
            }
        }

        TimeSpan? retryIn = null;
        var attempts = 0;
        await FinishAsync(attempt, d =>
        {
            attempts = d.Attempts;
#pragma warning disable CA5394 // Jitter spreads retries out; it protects nothing.
            retryIn = d.FailAttempt(attempt.Owner, verdict.Message, verdict.Transient, retryPolicy, Random.Shared.NextDouble(), time.GetUtcNow());
#pragma warning restore CA5394
        });
        if (retryIn is { } delay)
        {
            LogRetrying(logger, attempt.DocumentId, attempts, delay.TotalSeconds, verdict.Message);
        }
        else if (verdict.Transient)
        {
            var elapsed = Elapsed(started);
            LogFailed(logger, attempt.DocumentId, DocumentRetryPolicy.GaveUp(verdict.Message), elapsed);
        }
    }

    /// <summary>
    /// The closing write of an attempt, on the document as stored now (the attempt may have failed half-way through a
    /// transition). When it cannot be made, the lease runs out and the document is taken up again.
    /// </summary>
    private async Task FinishAsync(ProcessingAttempt attempt, Action<Document> transition)
    {
        try
        {
            using var limit = new CancellationTokenSource(BookkeepingLimit, time);
            var withdrawn = false;
            var saved = await db.TransitionAsync(
                attempt.DocumentId,
                document =>
                {
                    if (!document.IsHeldBy(attempt.Owner))
                    {
                        return false;
                    }

                    withdrawn = document.ServesTextOnly;
                    transition(document);
                    withdrawn &= !document.IsIndexed;
                    return true;
                },
                limit.Token);
            if (!saved)
            {
                LogAbandoned(logger, attempt.DocumentId);
            }
            else if (withdrawn)
            {
                await index.WithdrawAsync(attempt.DocumentId, limit.Token);
            }
        }
        catch (Exception exception)
        {
            LogOutcomeNotRecorded(logger, attempt.DocumentId, exception);
        }
    }

    /// <summary>
    /// Reports the attempt's progress on the worker's copy of the document and writes it at most every
    /// <see cref="ProgressInterval"/>. A write that finds the document no longer held (cancelled, deleted, taken over
    /// on another node) stops the attempt, so cancelling is noticed within a second of work on any node.
    /// </summary>
    private sealed class AttemptProgress(IApplicationDbContext db, TimeProvider time, Document document, string owner, CancellationTokenSource lost)
    {
        private long _lastWrite = time.GetTimestamp();

        public async Task ReportAsync(DocumentStage stage, int percent, int passagesDone, bool force, CancellationToken cancellationToken)
        {
            document.ReportProgress(owner, stage, percent, passagesDone, time.GetUtcNow());
            if (!force && time.GetElapsedTime(_lastWrite) < ProgressInterval)
            {
                return;
            }

            _lastWrite = time.GetTimestamp();
            if (!await db.SaveProgressAsync(document, owner, cancellationToken))
            {
                await lost.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private double Elapsed(long started) => time.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(Level = LogLevel.Information, Message = "Processing document {DocumentId}, attempt {Attempt}")]
    private static partial void LogStarted(ILogger logger, Guid documentId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {DocumentId} is ready: {PageCount} pages, {ChunkCount} passages in {ElapsedMilliseconds:F0} ms")]
    private static partial void LogReady(ILogger logger, Guid documentId, int? pageCount, int chunkCount, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {DocumentId} is searchable by full text: {ChunkCount} passages, their vectors to follow")]
    private static partial void LogServedText(ILogger logger, Guid documentId, int chunkCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {DocumentId} was refused after {ElapsedMilliseconds:F0} ms: {Error}")]
    private static partial void LogRejected(ILogger logger, Guid documentId, string error, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {DocumentId} failed after {ElapsedMilliseconds:F0} ms: {Error}")]
    private static partial void LogFailed(ILogger logger, Guid documentId, string error, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Document {DocumentId} failed with an unexpected error")]
    private static partial void LogUnexpected(ILogger logger, Guid documentId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attempt {Attempt} on document {DocumentId} failed; retrying in {DelaySeconds:F0} s: {Error}")]
    private static partial void LogRetrying(ILogger logger, Guid documentId, int attempt, double delaySeconds, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped work on document {DocumentId}: it was deleted or cancelled, or another worker holds it now; nothing was written")]
    private static partial void LogAbandoned(ILogger logger, Guid documentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed document {DocumentId} back for the next start as the server stops")]
    private static partial void LogReleased(ILogger logger, Guid documentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outcome of processing document {DocumentId} could not be recorded; its lease will run out and it will be taken up again")]
    private static partial void LogOutcomeNotRecorded(ILogger logger, Guid documentId, Exception exception);
}
