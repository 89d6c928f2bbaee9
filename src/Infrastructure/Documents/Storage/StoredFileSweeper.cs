using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Storage;

/// <summary>What one sweep removed.</summary>
public sealed record SweepResult(int PartialFiles, int UnownedFiles);

/// <summary>
/// Removes what an upload interrupted by a crash leaves in the file store under the data directory: partial files
/// (<c>*.partial-*</c>, written before the move into place) and stored files that no document row names (the file
/// was stored, the row never committed). Only files older than <c>Planck:Documents:OrphanGraceMinutes</c> are
/// touched, so an upload still under way on this or another node keeps its file. Runs once the host has started
/// (after the migrations) and then every <c>Planck:Documents:SweepMinutes</c>.
/// </summary>
public sealed partial class StoredFileSweeper(
    IServiceScopeFactory scopes,
    IOptions<PlanckOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<StoredFileSweeper> logger) : BackgroundService
{
    /// <summary>How many keys are looked up in one query.</summary>
    private const int Batch = 500;

    private string Root => Path.Combine(options.Value.FullDataDirectory, "files");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }

            var interval = TimeSpan.FromMinutes(Math.Max(1, options.Value.Documents.SweepMinutes));
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var result = await SweepAsync(stoppingToken);
                    if (result.PartialFiles + result.UnownedFiles > 0)
                    {
                        LogSwept(logger, result.PartialFiles, result.UnownedFiles);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogFailed(logger, exception);
                }

                await Task.Delay(interval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass over the store; public so tests and operators' tools can run it on demand.</summary>
    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Root))
        {
            return new SweepResult(0, 0);
        }

        var cutoff = clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(Math.Max(1, options.Value.Documents.OrphanGraceMinutes));
        var partial = 0;
        var candidates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            if (File.GetLastWriteTimeUtc(path) > cutoff)
            {
                continue;
            }

            if (Path.GetFileName(path).Contains(".partial-", StringComparison.Ordinal))
            {
                partial += TryDelete(path) ? 1 : 0;
                continue;
            }

            candidates[Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/')] = path;
        }

        var unowned = 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
        foreach (var chunk in candidates.Keys.Chunk(Batch))
        {
            var owned = await db.Documents.AsNoTracking().Where(d => chunk.Contains(d.StorageKey)).Select(d => d.StorageKey)
                .ToListAsync(cancellationToken);
            foreach (var key in chunk.Except(owned, StringComparer.Ordinal))
            {
                unowned += TryDelete(candidates[key]) ? 1 : 0;
            }
        }

        return new SweepResult(partial, unowned);
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Swept the file store: {Partial} partial and {Unowned} unowned files removed")]
    private static partial void LogSwept(ILogger logger, int partial, int unowned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping the file store failed; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
