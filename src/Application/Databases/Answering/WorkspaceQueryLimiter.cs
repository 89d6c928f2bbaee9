using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Planck.Application.Databases.Answering;

/// <summary>
/// Caps the queries one workspace has running at once on this node, so one team's questions cannot hold every
/// connection a database allows. A question waits briefly for a slot, then is told to ask again.
/// </summary>
public sealed class WorkspaceQueryLimiter(IOptions<DatabasesOptions> options)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _slots = new();

    /// <summary>A slot to dispose when the query ends, or null when none came free in time.</summary>
    public async Task<IDisposable?> EnterAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var slots = _slots.GetOrAdd(workspaceId, _ => new SemaphoreSlim(options.Value.MaxQueriesPerWorkspace, options.Value.MaxQueriesPerWorkspace));
        return await slots.WaitAsync(Wait, cancellationToken) ? new Slot(slots) : null;
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
