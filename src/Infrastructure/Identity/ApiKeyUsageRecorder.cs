using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Planck.Domain.Identity;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Identity;

/// <summary>
/// Writes API keys' last-used times off the request path. The validator asks at most once a minute per key;
/// the update's condition keeps it to once a minute per key across nodes too.
/// </summary>
public sealed partial class ApiKeyUsageRecorder(IServiceScopeFactory scopes, ILogger<ApiKeyUsageRecorder> logger) : BackgroundService
{
    private readonly Channel<(Guid KeyId, DateTimeOffset UsedAt)> _uses =
        Channel.CreateBounded<(Guid, DateTimeOffset)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Record(Guid keyId, DateTimeOffset usedAt) => _uses.Writer.TryWrite((keyId, usedAt));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (keyId, usedAt) in _uses.Reader.ReadAllAsync(stoppingToken))
            {
                await WriteAsync(keyId, usedAt, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; a last-used time that misses its write is only a minute stale.
        }
    }

    private async Task WriteAsync(Guid keyId, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
            var staleBefore = usedAt - ApiKey.LastUsedResolution;
            await db.ApiKeys
                .Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt <= staleBefore))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, usedAt), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWriteFailed(logger, ex, keyId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record last use of API key {KeyId}")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, Guid keyId);
}
