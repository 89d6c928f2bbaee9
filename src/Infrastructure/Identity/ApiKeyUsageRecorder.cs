using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Planck.Application.Common.Auditing;
using Planck.Domain.Audit;
using Planck.Domain.Identity;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Identity;

/// <summary>
/// Writes API keys' last-used times off the request path. The validator asks at most once a minute per key;
/// the update's condition keeps it to once a minute per key across nodes too. A key's first use is written together
/// with its <c>key.first_used</c> audit entry in one transaction; the condition makes that happen once across nodes.
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
            var moved = await db.ApiKeys
                .Where(k => k.Id == keyId && k.LastUsedAt != null && k.LastUsedAt <= staleBefore)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, usedAt), cancellationToken);
            if (moved == 0)
            {
                await WriteFirstUseAsync(db, keyId, usedAt, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWriteFailed(logger, ex, keyId);
        }
    }

    private static Task WriteFirstUseAsync(PlanckDbContext db, Guid keyId, DateTimeOffset usedAt, CancellationToken cancellationToken) =>
        TransactionRetries.For(db).ExecuteAsync(
            async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var first = await db.ApiKeys
                    .Where(k => k.Id == keyId && k.LastUsedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, usedAt), ct);
                if (first == 1)
                {
                    var owner = await db.ApiKeys.Where(k => k.Id == keyId)
                        .Join(db.Users, k => k.UserId, u => u.Id, (k, u) => new { u.Id, u.Email, k.Name, k.Prefix })
                        .SingleAsync(ct);
                    db.AuditEntries.Add(AuditEntry.Record(
                        usedAt, owner.Id, owner.Email, null, "key.first_used", null, AuditTargets.ApiKey, keyId.ToString("D"),
                        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["name"] = owner.Name, ["prefix"] = owner.Prefix })));
                    await db.SaveChangesAsync(ct);
                }

                await transaction.CommitAsync(ct);
            },
            cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record last use of API key {KeyId}")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, Guid keyId);
}
