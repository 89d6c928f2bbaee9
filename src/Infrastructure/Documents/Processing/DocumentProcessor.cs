using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Planck.Application.Common.Abstractions;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Embeddings;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Processing;

/// <summary>
/// Takes one claimed document from its stored file to a ready (or failed) row: extract, chunk, embed, store. Holds
/// the lease while it works and ends every attempt with exactly one outcome: ready, failed, retry later, or (when
/// the host stops) handed back for the next start.
/// </summary>
internal sealed partial class DocumentProcessor(
    IServiceScopeFactory scopes,
    IFileStore files,
    RetryBackoff backoff,
    IOptions<PlanckOptions> options,
    TimeProvider time,
    ILogger<DocumentProcessor> logger)
{
    /// <summary>How long the closing write of an attempt (fail, retry, release) may take once the work itself is over.</summary>
    private static readonly TimeSpan BookkeepingLimit = TimeSpan.FromSeconds(30);

    public TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(1, options.Value.Documents.LeaseSeconds));

    private int TimeoutSeconds => Math.Max(1, options.Value.Documents.ProcessingTimeoutSeconds);

    public async Task<ClaimedDocument?> ClaimNextAsync(string owner, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await QueueOf(scope).ClaimAsync(owner, time.GetUtcNow(), Lease, cancellationToken);
    }

    /// <summary>
    /// Processes a document this worker has claimed. <paramref name="abandon"/> is cancelled when the document is
    /// deleted (by this node's request) or the lease is found lost (by the renewal); then nothing is written back.
    /// </summary>
    public async Task ProcessAsync(ClaimedDocument document, string owner, CancellationTokenSource abandon, CancellationToken stopping)
    {
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(TimeoutSeconds), time);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token, abandon.Token);
        using var renewalStop = new CancellationTokenSource();
        var renewal = KeepLeaseAsync(document.Id, owner, abandon, renewalStop.Token);
        try
        {
            LogStarted(logger, document.Id, document.Attempts);
            await RunAsync(document, owner, started, work.Token);
        }
        catch (Exception) when (work.IsCancellationRequested)
        {
            // Whatever the work threw once its token fired (an extractor may throw its own kind of error when the stream
            // is closed under it), the reason is the token's.
            await OnStoppedAsync(document, owner, abandon.IsCancellationRequested, stopping.IsCancellationRequested, started);
        }
        catch (Exception exception)
        {
            await OnFailedAsync(document, owner, exception, started);
        }
        finally
        {
            await renewalStop.CancelAsync();
            await renewal;
        }
    }

    private async Task RunAsync(ClaimedDocument document, string owner, long started, CancellationToken cancellationToken)
    {
        if (document.Attempts > Document.MaxAttempts)
        {
            // Claimed again after its lease lapsed on the last attempt: a file that brings the node down must not do so forever.
            await FinishAsync(document, (queue, now, ct) => queue.FailAsync(document.Id, owner, ProcessingFailures.GaveUp(ProcessingFailures.CrashedEveryTime), now, ct));
            var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(logger, document.Id, ProcessingFailures.CrashedEveryTime, elapsed);
            return;
        }

        var processed = await BuildAsync(document, cancellationToken);
        bool completed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            completed = await QueueOf(scope).CompleteAsync(document, owner, processed, time.GetUtcNow(), cancellationToken);
        }

        if (completed)
        {
            var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
            LogReady(logger, document.Id, processed.PageCount, processed.Chunks.Count, processed.Tables.Count, elapsed);
        }
        else
        {
            LogAbandoned(logger, document.Id);
        }
    }

    private async Task<ProcessedDocument> BuildAsync(ClaimedDocument document, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var extractor = scope.ServiceProvider.GetRequiredService<IDocumentExtractor>();
        var chunker = scope.ServiceProvider.GetRequiredService<IChunker>();
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

        // Extraction and chunking are CPU-bound and synchronous. On the thread pool they cannot hold up this loop, and an
        // extractor that ignores the token is left behind when time is up (its result discarded, the stream closed by it).
        var extraction = Task.Run(
            () =>
            {
                using (content)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var extracted = extractor.Extract(content, document.Kind, document.Name, limits, cancellationToken);
                    RejectIfTextless(document.Kind, extracted);
                    return (Extracted: extracted, Drafts: chunker.Chunk(extracted, document.Name, cancellationToken));
                }
            },
            CancellationToken.None);
        _ = extraction.ContinueWith(static abandoned => _ = abandoned.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

        var (extracted, drafts) = await extraction.WaitAsync(cancellationToken);
        var chunks = await EmbedAsync(scope.ServiceProvider, drafts, cancellationToken);
        return new ProcessedDocument(extracted.PageCount, chunks, extracted.Tables);
    }

    private static void RejectIfTextless(DocumentKind kind, ExtractedDocument extracted)
    {
        var hasText = extracted.Blocks.Any(block => !string.IsNullOrWhiteSpace(block.Text));
        var hasTables = kind.IsTabular() && extracted.Tables.Count > 0;
        if (!hasText && !hasTables)
        {
            throw new DocumentRejectedException(ProcessingFailures.NoText);
        }
    }

    /// <summary>Embeds the passages in batches when an embedding generator is registered; without one, passages are stored for full-text search only.</summary>
    private async Task<IReadOnlyList<ProcessedChunk>> EmbedAsync(IServiceProvider services, IReadOnlyList<ChunkDraft> drafts, CancellationToken cancellationToken)
    {
        var generator = services.GetService<IEmbeddingGenerator<string, Embedding<float>>>();
        if (generator is null)
        {
            return drafts.Select(draft => new ProcessedChunk(draft, null)).ToList();
        }

        var batchSize = Math.Max(1, options.Value.Embeddings.BatchSize);
        var chunks = new List<ProcessedChunk>(drafts.Count);
        foreach (var batch in drafts.Chunk(batchSize))
        {
            var embeddings = await generator.GenerateAsync(batch.Select(draft => draft.Text), cancellationToken: cancellationToken);
            if (embeddings.Count != batch.Length)
            {
                throw new TransientProcessingException($"The embedding service returned {embeddings.Count} embeddings for {batch.Length} passages.");
            }

            for (var i = 0; i < batch.Length; i++)
            {
                chunks.Add(new ProcessedChunk(batch[i], EmbeddingCodec.ToBytes(embeddings[i].Vector.Span)));
            }
        }

        return chunks;
    }

    /// <summary>Renews the lease every third of its length; a renewal that finds the lease gone abandons the work at once.</summary>
    private async Task KeepLeaseAsync(Guid documentId, string owner, CancellationTokenSource abandon, CancellationToken stop)
    {
        var interval = Lease / 3;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stop);
                await using var scope = scopes.CreateAsyncScope();
                if (!await QueueOf(scope).RenewAsync(documentId, owner, time.GetUtcNow(), Lease, stop))
                {
                    LogLeaseLost(logger, documentId);
                    await abandon.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database hiccupped; the next renewal may succeed before the lease runs out, and the conditional
                // completion catches the case where it does not.
                LogRenewalFailed(logger, documentId, exception);
            }
        }
    }

    private async Task OnStoppedAsync(ClaimedDocument document, string owner, bool abandoned, bool hostStopping, long started)
    {
        if (abandoned)
        {
            LogAbandoned(logger, document.Id);
        }
        else if (hostStopping)
        {
            // Not the document's fault: hand it back, due at once and without counting the attempt. Should this write not
            // get through, the lease simply runs out and another worker takes the document then.
            await FinishAsync(document, (queue, now, ct) => queue.ReleaseAsync(document.Id, owner, now, ct));
            LogReleased(logger, document.Id);
        }
        else
        {
            var message = ProcessingFailures.TimedOut(TimeoutSeconds);
            await FinishAsync(document, (queue, now, ct) => queue.FailAsync(document.Id, owner, message, now, ct));
            var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(logger, document.Id, message, elapsed);
        }
    }

    private async Task OnFailedAsync(ClaimedDocument document, string owner, Exception exception, long started)
    {
        var verdict = ProcessingFailures.Classify(exception);
        var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
        if (!verdict.Transient)
        {
            if (exception is DocumentRejectedException)
            {
                LogRejected(logger, document.Id, verdict.Message, elapsed);
            }
            else
            {
                LogUnexpected(logger, document.Id, exception);
            }

            await FinishAsync(document, (queue, now, ct) => queue.FailAsync(document.Id, owner, verdict.Message, now, ct));
            return;
        }

        if (document.Attempts >= Document.MaxAttempts)
        {
            var message = ProcessingFailures.GaveUp(verdict.Message);
            await FinishAsync(document, (queue, now, ct) => queue.FailAsync(document.Id, owner, message, now, ct));
            LogFailed(logger, document.Id, message, elapsed);
            return;
        }

        var delay = backoff.After(document.Attempts);
        var note = ProcessingFailures.WillRetry(document.Attempts, verdict.Message);
        await FinishAsync(document, (queue, now, ct) => queue.ScheduleRetryAsync(document.Id, owner, note, now + delay, now, ct));
        LogRetrying(logger, document.Id, document.Attempts, delay.TotalSeconds, verdict.Message);
    }

    /// <summary>The closing write of an attempt. When it cannot be made, the lease runs out and the document is taken up again.</summary>
    private async Task FinishAsync(ClaimedDocument document, Func<DocumentWorkQueue, DateTimeOffset, CancellationToken, Task<bool>> write)
    {
        try
        {
            using var limit = new CancellationTokenSource(BookkeepingLimit, time);
            await using var scope = scopes.CreateAsyncScope();
            if (!await write(QueueOf(scope), time.GetUtcNow(), limit.Token))
            {
                LogAbandoned(logger, document.Id);
            }
        }
        catch (Exception exception)
        {
            LogOutcomeNotRecorded(logger, document.Id, exception);
        }
    }

    private static DocumentWorkQueue QueueOf(AsyncServiceScope scope) =>
        DocumentWorkQueue.For(scope.ServiceProvider.GetRequiredService<PlanckDbContext>());

    [LoggerMessage(Level = LogLevel.Information, Message = "Processing document {DocumentId}, attempt {Attempt}")]
    private static partial void LogStarted(ILogger logger, Guid documentId, int attempt);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Document {DocumentId} is ready: {PageCount} pages, {ChunkCount} passages, {TableCount} tables in {ElapsedMilliseconds:F0} ms")]
    private static partial void LogReady(ILogger logger, Guid documentId, int? pageCount, int chunkCount, int tableCount, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {DocumentId} was refused after {ElapsedMilliseconds:F0} ms: {Error}")]
    private static partial void LogRejected(ILogger logger, Guid documentId, string error, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {DocumentId} failed after {ElapsedMilliseconds:F0} ms: {Error}")]
    private static partial void LogFailed(ILogger logger, Guid documentId, string error, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Document {DocumentId} failed with an unexpected error")]
    private static partial void LogUnexpected(ILogger logger, Guid documentId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attempt {Attempt} on document {DocumentId} failed; retrying in {DelaySeconds:F0} s: {Error}")]
    private static partial void LogRetrying(ILogger logger, Guid documentId, int attempt, double delaySeconds, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped work on document {DocumentId}: it was deleted or another worker holds it now; nothing was written")]
    private static partial void LogAbandoned(ILogger logger, Guid documentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed document {DocumentId} back for the next start as the server stops")]
    private static partial void LogReleased(ILogger logger, Guid documentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease on document {DocumentId} was lost; its work stops")]
    private static partial void LogLeaseLost(ILogger logger, Guid documentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease on document {DocumentId}; trying again")]
    private static partial void LogRenewalFailed(ILogger logger, Guid documentId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the outcome for document {DocumentId}; it is taken up again when its lease runs out")]
    private static partial void LogOutcomeNotRecorded(ILogger logger, Guid documentId, Exception exception);
}
