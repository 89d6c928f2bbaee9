using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>
/// Trains workspaces' approximate indexes (<see cref="InvertedLists"/>) off the search path, one at a time on one
/// thread, so that a build costs at most one core. Until a workspace's index is in the <see cref="VectorCache"/>
/// its searches scan every row. A workspace scheduled again while waiting is trained once, on its newest vectors.
/// </summary>
internal sealed partial class ApproximateIndexer(VectorCache cache, IOptions<PlanckOptions> options, ILogger<ApproximateIndexer> logger)
    : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, WorkspaceVectors> _pending = [];
    private readonly Queue<Guid> _order = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _worker = Task.CompletedTask;

    private int MinimumPassages => options.Value.Search.ApproximateMinimumPassages;

    /// <summary>True when a block is large enough for an index and has none, or one trained on under half its rows.</summary>
    public bool Wants(VectorBlock block) => MinimumPassages > 0 && block.Count >= MinimumPassages && block.NeedsTraining;

    /// <summary>Whether a block of this many rows keeps an index at all.</summary>
    public bool Keeps(int rows) => MinimumPassages > 0 && rows >= MinimumPassages;

    /// <summary>Queues <paramref name="vectors"/>' blocks that want an index; the cache gets the indexed copy if it still holds these vectors then.</summary>
    public void Schedule(Guid workspaceId, WorkspaceVectors vectors)
    {
        if (!vectors.Blocks.Values.Any(Wants))
        {
            return;
        }

        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (!_pending.ContainsKey(workspaceId))
            {
                _order.Enqueue(workspaceId);
            }

            _pending[workspaceId] = vectors;
            if (_worker.IsCompleted)
            {
                _worker = Task.Factory.StartNew(() => WorkAsync(_stopping.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                    .Unwrap();
            }
        }
    }

    /// <summary>Completes when nothing is queued or training (for tests and benchmarks).</summary>
    internal async Task WhenIdleAsync()
    {
        while (true)
        {
            Task worker;
            lock (_lock)
            {
                worker = _worker;
            }

            await worker;
            lock (_lock)
            {
                if (_worker.IsCompleted && _order.Count == 0)
                {
                    return;
                }
            }
        }
    }

    private async Task WorkAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Guid workspaceId;
            WorkspaceVectors vectors;
            lock (_lock)
            {
                if (!_order.TryDequeue(out workspaceId))
                {
                    return;
                }

                _pending.Remove(workspaceId, out vectors!);
            }

            try
            {
                await IndexAsync(workspaceId, vectors, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The workspace keeps its full scan, which answers correctly, only slower.
                LogFailed(logger, exception, workspaceId);
            }
        }
    }

    private async Task IndexAsync(Guid workspaceId, WorkspaceVectors vectors, CancellationToken stopping)
    {
        var indexed = vectors;
        foreach (var block in vectors.Blocks.Values.Where(Wants))
        {
            // Not worth training for vectors the cache has already replaced or dropped.
            if (cache.Peek(workspaceId) != vectors)
            {
                return;
            }

            var clock = Stopwatch.StartNew();
            var trained = InvertedLists.Train(block, stopping);
            LogTrained(logger, workspaceId, trained.Count, trained.Lists?.Count ?? 0, clock.Elapsed.TotalSeconds);
            indexed = indexed.With(trained);
        }

        // Under the workspace's loading lock, so that a reload in progress finishes first and this copy, now stale, is dropped.
        using var loading = await cache.LockAsync(workspaceId, stopping);
        cache.Replace(workspaceId, vectors, indexed);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stopping.Cancel();
            _order.Clear();
            _pending.Clear();
        }

        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Approximate vector index of workspace {WorkspaceId}: {Rows} rows in {Lists} lists, trained in {Seconds:F1} s")]
    private static partial void LogTrained(ILogger logger, Guid workspaceId, int rows, int lists, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Approximate vector index of workspace {WorkspaceId} not built; its searches scan every row")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid workspaceId);
}
