using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Planck.Application.Documents;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.Documents.Processing;

/// <summary>
/// The node's document workers: <c>Documents.EffectiveWorkers</c> loops, each claiming and processing due documents
/// until none is left, then waiting for an upload on this node to wake it or for the poll interval to pass (work
/// queued on other nodes, retries coming due, leases of crashed nodes running out).
/// </summary>
internal sealed partial class DocumentWorkerService(
    DocumentProcessor processor,
    IOptions<PlanckOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<DocumentWorkerService> logger)
    : BackgroundService, IDocumentProcessing
{
    private const int MachineNameLength = 40;

    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _inFlight = new();
    private readonly SemaphoreSlim _wake = new(0);
    private int _loops;

    public void DocumentQueued()
    {
        // One permit per idle loop at most; more would only send loops looking for work that is already taken.
        if (_wake.CurrentCount < Volatile.Read(ref _loops))
        {
            _wake.Release();
        }
    }

    public void CancelProcessing(Guid documentId)
    {
        if (_inFlight.TryGetValue(documentId, out var abandon))
        {
            try
            {
                abandon.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The work ended between the lookup and the cancel.
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var documents = options.Value.Documents;
        if (!documents.RunWorkers)
        {
            LogDisabled(logger);
            return;
        }

        try
        {
            // The schema is migrated by a hosted service that may be registered after this one; the host reports
            // started only when every hosted service has started, so no claim runs against an old schema.
            await WhenHostStartedAsync(stoppingToken);
            var count = documents.EffectiveWorkers;
            Volatile.Write(ref _loops, count);
            var instance = Guid.NewGuid().ToString("N");
            var machine = Environment.MachineName.Length > MachineNameLength ? Environment.MachineName[..MachineNameLength] : Environment.MachineName;
            LogStarting(logger, count);
            await Task.WhenAll(Enumerable.Range(0, count).Select(loop => RunLoopAsync($"{machine}:{Environment.ProcessId}:{instance}:{loop}", stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WhenHostStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }

    private async Task RunLoopAsync(string owner, CancellationToken stoppingToken)
    {
        // Off the starting thread, so one loop's synchronous stretches never delay the others' first claim.
        await Task.Yield();
        var pollInterval = TimeSpan.FromSeconds(Math.Max(1, options.Value.Documents.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            var processedOne = false;
            try
            {
                var document = await processor.ClaimNextAsync(owner, stoppingToken);
                if (document is not null)
                {
                    processedOne = true;
                    using var abandon = new CancellationTokenSource();
                    _inFlight[document.Id] = abandon;
                    try
                    {
                        await processor.ProcessAsync(document, owner, abandon, stoppingToken);
                    }
                    finally
                    {
                        _inFlight.TryRemove(new KeyValuePair<Guid, CancellationTokenSource>(document.Id, abandon));
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Typically the database is unreachable. Whatever it was, the loop carries on after the poll interval: a
                // background service that throws would stop the whole server.
                LogClaimFailed(logger, owner, exception);
            }

            if (!processedOne)
            {
                try
                {
                    await _wake.WaitAsync(pollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document processing is off on this node (Planck:Documents:RunWorkers is false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting {WorkerCount} document workers")]
    private static partial void LogStarting(ILogger logger, int workerCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Owner} could not look for documents; trying again after the poll interval")]
    private static partial void LogClaimFailed(ILogger logger, string owner, Exception exception);
}
