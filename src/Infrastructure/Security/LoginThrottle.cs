using System.Collections.Concurrent;
using Planck.Application.Common.Abstractions;

namespace Planck.Infrastructure.Security;

/// <summary>
/// Counts failed sign-ins in a 15-minute window, per account and per client address. After a few failures each
/// attempt is slowed; after more, attempts are refused until the window passes. Counters live in this node's
/// memory: with several nodes an attacker gets each node's allowance, which still keeps guessing impractical.
/// </summary>
public sealed class LoginThrottle(TimeProvider clock) : ILoginThrottle
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public const int AccountFailuresBeforeDelay = 3;
    public const int AccountFailuresBeforeLockout = 10;
    public const int AddressFailuresBeforeDelay = 10;
    public const int AddressFailuresBeforeLockout = 50;
    private const int PruneAbove = 100_000;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, Counter> _failures = new(StringComparer.Ordinal);

    public LoginAttemptState Check(string normalizedEmail, string? address)
    {
        var now = clock.GetUtcNow();
        var account = Current(AccountKey(normalizedEmail), now);
        var client = address is null ? Counter.None : Current(AddressKey(address), now);

        if (account.Failures >= AccountFailuresBeforeLockout || client.Failures >= AddressFailuresBeforeLockout)
        {
            var until = account.Failures >= AccountFailuresBeforeLockout ? account.WindowEnds : client.WindowEnds;
            var retryAfter = until - now;
            return new LoginAttemptState(true, retryAfter > TimeSpan.FromSeconds(1) ? retryAfter : TimeSpan.FromSeconds(1), TimeSpan.Zero);
        }

        var excess = Math.Max(account.Failures - AccountFailuresBeforeDelay + 1, client.Failures - AddressFailuresBeforeDelay + 1);
        var delay = excess > 0
            ? TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, 250 * Math.Pow(2, excess - 1)))
            : TimeSpan.Zero;
        return new LoginAttemptState(false, TimeSpan.Zero, delay);
    }

    public void RecordFailure(string normalizedEmail, string? address)
    {
        var now = clock.GetUtcNow();
        Increment(AccountKey(normalizedEmail), now);
        if (address is not null)
        {
            Increment(AddressKey(address), now);
        }

        if (_failures.Count > PruneAbove)
        {
            foreach (var (key, counter) in _failures)
            {
                if (counter.WindowEnds <= now)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    public void RecordSuccess(string normalizedEmail, string? address) => _failures.TryRemove(AccountKey(normalizedEmail), out _);

    private static string AccountKey(string normalizedEmail) => "account:" + normalizedEmail;

    private static string AddressKey(string address) => "address:" + address;

    private Counter Current(string key, DateTimeOffset now) =>
        _failures.TryGetValue(key, out var counter) && counter.WindowEnds > now ? counter : Counter.None;

    private void Increment(string key, DateTimeOffset now) =>
        _failures.AddOrUpdate(
            key,
            static (_, at) => new Counter(1, at + Window),
            static (_, existing, at) => existing.WindowEnds > at ? existing with { Failures = existing.Failures + 1 } : new Counter(1, at + Window),
            now);

    private sealed record Counter(int Failures, DateTimeOffset WindowEnds)
    {
        public static readonly Counter None = new(0, DateTimeOffset.MinValue);
    }
}
