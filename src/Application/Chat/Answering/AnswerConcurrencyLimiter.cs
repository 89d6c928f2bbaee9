using System.Collections.Concurrent;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Chat.Answering;

/// <summary>
/// Caps the answers each user has in progress on this node. An answer holds a model call and a connection for as long
/// as it streams, so one user's script must not be able to take them all.
/// </summary>
public sealed class AnswerConcurrencyLimiter(ChatSettings settings)
{
    private readonly ConcurrentDictionary<Guid, int> _inProgress = new();

    /// <summary>Takes a slot for <paramref name="userId"/>, or throws 429; dispose the result when the answer ends.</summary>
    public IDisposable Acquire(Guid userId)
    {
        var limit = Math.Max(1, settings.MaxConcurrentAnswersPerUser);
        while (true)
        {
            var current = _inProgress.GetOrAdd(userId, 0);
            if (current >= limit)
            {
                throw new TooManyRequestsException(
                    $"You already have {limit} answers in progress; wait for one to finish.", TimeSpan.FromSeconds(1));
            }

            if (_inProgress.TryUpdate(userId, current + 1, current))
            {
                return new Slot(this, userId);
            }
        }
    }

    private void Release(Guid userId)
    {
        while (true)
        {
            var current = _inProgress[userId];
            if (current <= 1 ? _inProgress.TryRemove(new KeyValuePair<Guid, int>(userId, current)) : _inProgress.TryUpdate(userId, current - 1, current))
            {
                return;
            }
        }
    }

    private sealed class Slot(AnswerConcurrencyLimiter owner, Guid userId) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(userId);
            }
        }
    }
}
