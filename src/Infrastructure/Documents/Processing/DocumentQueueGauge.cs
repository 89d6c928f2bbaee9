using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Planck.Application.Common.Telemetry;
using Planck.Domain.Documents;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Processing;

/// <summary>
/// Keeps <c>planck.documents.queue_depth</c> current: counts pending and processing documents every
/// <see cref="Interval"/> and reports the last counts when metrics are read, so a scrape never waits on the database.
/// Registered only when metrics are exported.
/// </summary>
internal sealed partial class DocumentQueueGauge(IServiceScopeFactory scopes, TimeProvider time, ILogger<DocumentQueueGauge> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    // Static like the meter: one gauge per process, however many hosts it starts (the tests start many).
    private static long s_pending;
    private static long s_processing;
    private static readonly ObservableGauge<long> Gauge = PlanckTelemetry.ObserveDocumentQueue(() =>
    [
        new Measurement<long>(Interlocked.Read(ref s_pending), new KeyValuePair<string, object?>("status", "pending")),
        new Measurement<long>(Interlocked.Read(ref s_processing), new KeyValuePair<string, object?>("status", "processing")),
    ]);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = Gauge;
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A database that is down for a moment must not stop the gauge; the next tick tries again.
                LogSampleFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
        var counts = await db.Documents.AsNoTracking()
            .Where(d => d.Status == DocumentStatus.Pending || d.Status == DocumentStatus.Processing)
            .GroupBy(d => d.Status)
            .Select(g => new { Status = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        Interlocked.Exchange(ref s_pending, counts.FirstOrDefault(c => c.Status == DocumentStatus.Pending)?.Count ?? 0);
        Interlocked.Exchange(ref s_processing, counts.FirstOrDefault(c => c.Status == DocumentStatus.Processing)?.Count ?? 0);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The document queue could not be counted for the metrics")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}
