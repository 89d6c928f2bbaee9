using Microsoft.Extensions.Options;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>
/// Workspaces' vectors kept in this process, least recently used dropped first once they exceed
/// <see cref="SearchOptions.VectorCacheMegabytes"/>. A workspace larger than the whole budget is used for the search
/// that loaded it and not kept. Entries are immutable: a change makes a new one, so readers need no lock.
/// </summary>
internal sealed class VectorCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, LinkedListNode<(Guid WorkspaceId, WorkspaceVectors Vectors)>> _entries = [];
    private readonly LinkedList<(Guid WorkspaceId, WorkspaceVectors Vectors)> _byRecentUse = new();
    private readonly Dictionary<Guid, SemaphoreSlim> _loading = [];
    private readonly long _budgetBytes;
    private long _bytes;

    public VectorCache(IOptions<PlanckOptions> options)
        : this((long)Math.Max(0, options.Value.Search.VectorCacheMegabytes) * 1024 * 1024)
    {
    }

    internal VectorCache(long budgetBytes) => _budgetBytes = budgetBytes;

    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public WorkspaceVectors? Get(Guid workspaceId)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(workspaceId, out var node))
            {
                return null;
            }

            _byRecentUse.Remove(node);
            _byRecentUse.AddFirst(node);
            return node.Value.Vectors;
        }
    }

    /// <summary>The entry without counting it as a use (the background indexer looking).</summary>
    public WorkspaceVectors? Peek(Guid workspaceId)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(workspaceId, out var node) ? node.Value.Vectors : null;
        }
    }

    /// <summary>Puts <paramref name="replacement"/> in place of <paramref name="expected"/> if that is still the entry; false when it moved on.</summary>
    public bool Replace(Guid workspaceId, WorkspaceVectors expected, WorkspaceVectors replacement)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(workspaceId, out var node) || node.Value.Vectors != expected)
            {
                return false;
            }

            _bytes += replacement.Bytes - expected.Bytes;
            node.Value = (workspaceId, replacement);
            return true;
        }
    }

    /// <summary>Held while a workspace's vectors are (re)loaded, so that concurrent searches load them once.</summary>
    public async Task<IDisposable> LockAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate;
        lock (_lock)
        {
            if (!_loading.TryGetValue(workspaceId, out gate!))
            {
                gate = new SemaphoreSlim(1, 1);
                _loading.Add(workspaceId, gate);
            }
        }

        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    public void Set(Guid workspaceId, WorkspaceVectors vectors)
    {
        lock (_lock)
        {
            Remove(workspaceId);
            if (vectors.Bytes > _budgetBytes)
            {
                return;
            }

            while (_bytes + vectors.Bytes > _budgetBytes && _byRecentUse.Last is { } oldest)
            {
                Remove(oldest.Value.WorkspaceId);
            }

            _entries[workspaceId] = _byRecentUse.AddFirst((workspaceId, vectors));
            _bytes += vectors.Bytes;
        }
    }

    private void Remove(Guid workspaceId)
    {
        if (_entries.Remove(workspaceId, out var node))
        {
            _byRecentUse.Remove(node);
            _bytes -= node.Value.Vectors.Bytes;
        }
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
