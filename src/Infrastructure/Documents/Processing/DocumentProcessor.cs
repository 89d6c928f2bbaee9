using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Planck.Application.Documents.Processing;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Processing;

/// <summary>
/// The worker's side of an attempt: claims a document, keeps its lease while <see cref="ProcessDocument"/> works on
/// it, and stops that work when the lease is lost or time is up. What happens to the document is the use case's.
/// </summary>
internal sealed partial class DocumentProcessor(
    IServiceScopeFactory scopes,
    IOptions<PlanckOptions> options,
    TimeProvider time,
    ILogger<DocumentProcessor> logger)
{
    public TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(1, options.Value.Documents.LeaseSeconds));

    private int TimeoutSeconds => Math.Max(1, options.Value.Documents.ProcessingTimeoutSeconds);

    public async Task<ClaimedDocument?> ClaimNextAsync(string owner, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await QueueOf(scope).ClaimAsync(owner, time.GetUtcNow(), Lease, cancellationToken);
    }

    /// <summary>
    /// Processes a document this worker has claimed. <paramref name="abandon"/> is cancelled when the document is
    /// deleted or cancelled (by this node's request) or the lease is found lost (by the renewal); then nothing is written back.
    /// </summary>
    public async Task ProcessAsync(ClaimedDocument document, string owner, CancellationTokenSource abandon, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(TimeoutSeconds), time);
        using var renewalStop = new CancellationTokenSource();
        var renewal = KeepLeaseAsync(document.Id, owner, abandon, renewalStop.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ProcessDocument>().RunAsync(
                new ProcessingAttempt(document.Id, owner, TimeoutSeconds, stopping, abandon.Token, timeout.Token));
        }
        finally
        {
            await renewalStop.CancelAsync();
            await renewal;
        }
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

    private static DocumentWorkQueue QueueOf(AsyncServiceScope scope) =>
        DocumentWorkQueue.For(scope.ServiceProvider.GetRequiredService<PlanckDbContext>());

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease on document {DocumentId} was lost; its work stops")]
    private static partial void LogLeaseLost(ILogger logger, Guid documentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease on document {DocumentId}; trying again")]
    private static partial void LogRenewalFailed(ILogger logger, Guid documentId, Exception exception);
}
