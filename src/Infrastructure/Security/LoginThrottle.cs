using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Planck.Application.Common.Abstractions;

namespace Planck.Infrastructure.Security;

/// <summary>
/// Counts failed sign-ins in a 15-minute window per account-and-address pair, per client address and per account.
/// A pair that keeps failing is slowed, then refused; an address that fails across many accounts is slowed, then
/// refused for every account. An account's own total only adds a short delay and never refuses: otherwise anyone
/// could lock a person (an Admin included) out by typing wrong passwords for them, and the right password from an
/// address that has not been failing must always get through. An IPv6 client counts per /64. Counters live in this node's memory, capped so
/// that an attacker spraying addresses or accounts cannot grow them without bound: the oldest are dropped first.
/// With several nodes an attacker gets each node's allowance, which still keeps guessing impractical.
/// </summary>
public sealed class LoginThrottle : ILoginThrottle
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public const int PairFailuresBeforeDelay = 3;
    public const int PairFailuresBeforeLockout = 10;
    public const int AddressFailuresBeforeDelay = 10;
    public const int AddressFailuresBeforeLockout = 50;
    public const int AccountFailuresBeforeDelay = 10;

    /// <summary>Counters kept per kind (pairs, addresses, accounts); a few hundred bytes each, so tens of megabytes at worst.</summary>
    public const int DefaultCapacity = 50_000;

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(3);

    /// <summary>Small, because it also slows the owner: it may cost them a second, never their sign-in.</summary>
    public static readonly TimeSpan MaxAccountDelay = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _clock;
    private readonly Counters<PairKey> _pairs;
    private readonly Counters<string> _addresses;
    private readonly Counters<string> _accounts;

    public LoginThrottle(TimeProvider clock)
        : this(clock, DefaultCapacity)
    {
    }

    internal LoginThrottle(TimeProvider clock, int capacity)
    {
        _clock = clock;
        _pairs = new Counters<PairKey>(capacity, EqualityComparer<PairKey>.Default);
        _addresses = new Counters<string>(capacity, StringComparer.Ordinal);
        _accounts = new Counters<string>(capacity, StringComparer.Ordinal);
    }

    /// <summary>How many counters this node holds, for tests of the memory bound.</summary>
    internal int TrackedCounters => _pairs.Count + _addresses.Count + _accounts.Count;

    public LoginAttemptState Check(string normalizedEmail, string? address)
    {
        address = ClientKey(address);
        var now = _clock.GetUtcNow();
        var pair = _pairs.Current(new PairKey(normalizedEmail, address ?? string.Empty), now);
        var client = address is null ? Counter.None : _addresses.Current(address, now);
        var account = _accounts.Current(normalizedEmail, now);

        var addressRefused = client.Failures >= AddressFailuresBeforeLockout;
        var pairRefused = pair.Failures >= PairFailuresBeforeLockout;
        if (addressRefused || pairRefused)
        {
            var until = (addressRefused, pairRefused) switch
            {
                (true, true) => client.WindowEnds > pair.WindowEnds ? client.WindowEnds : pair.WindowEnds,
                (true, false) => client.WindowEnds,
                _ => pair.WindowEnds,
            };
            var retryAfter = until - now;
            return new LoginAttemptState(
                addressRefused ? LoginLockout.Address : LoginLockout.AccountFromAddress,
                retryAfter > TimeSpan.FromSeconds(1) ? retryAfter : TimeSpan.FromSeconds(1),
                TimeSpan.Zero);
        }

        var delay = Longest(
            DelayAfter(pair.Failures, PairFailuresBeforeDelay, MaxDelay),
            DelayAfter(client.Failures, AddressFailuresBeforeDelay, MaxDelay),
            DelayAfter(account.Failures, AccountFailuresBeforeDelay, MaxAccountDelay));
        return new LoginAttemptState(LoginLockout.None, TimeSpan.Zero, delay);
    }

    public void RecordFailure(string normalizedEmail, string? address)
    {
        address = ClientKey(address);
        var now = _clock.GetUtcNow();
        _pairs.Increment(new PairKey(normalizedEmail, address ?? string.Empty), now);
        _accounts.Increment(normalizedEmail, now);
        if (address is not null)
        {
            _addresses.Increment(address, now);
        }
    }

    /// <summary>
    /// Clears only this pair: the address's count still shows guessing across other accounts, and the account's
    /// count still shows guessing from other addresses.
    /// </summary>
    public void RecordSuccess(string normalizedEmail, string? address) =>
        _pairs.Remove(new PairKey(normalizedEmail, ClientKey(address) ?? string.Empty));

    /// <summary>
    /// One client per IPv4 address but per IPv6 /64: a single host is usually handed a whole /64, so counting its
    /// addresses one by one would give it billions of allowances. An IPv4 address seen through an IPv6 socket
    /// counts as itself.
    /// </summary>
    internal static string? ClientKey(string? address)
    {
        if (address is null || !IPAddress.TryParse(address, out var parsed))
        {
            return address;
        }

        if (parsed.IsIPv4MappedToIPv6)
        {
            return parsed.MapToIPv4().ToString();
        }

        if (parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return parsed.ToString();
        }

        var bytes = parsed.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>Nothing up to the threshold, then 250 ms doubling with each further failure, up to the cap.</summary>
    private static TimeSpan DelayAfter(int failures, int threshold, TimeSpan cap)
    {
        var excess = failures - threshold + 1;
        if (excess <= 0)
        {
            return TimeSpan.Zero;
        }

        var milliseconds = FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(excess - 1, 16));
        return TimeSpan.FromMilliseconds(Math.Min(cap.TotalMilliseconds, milliseconds));
    }

    private static TimeSpan Longest(TimeSpan a, TimeSpan b, TimeSpan c) =>
        TimeSpan.FromTicks(Math.Max(a.Ticks, Math.Max(b.Ticks, c.Ticks)));

    private readonly record struct PairKey(string Account, string Address);

    private sealed record Counter(int Failures, DateTimeOffset WindowEnds)
    {
        public static readonly Counter None = new(0, DateTimeOffset.MinValue);
    }

    /// <summary>Failure counts of one kind, each in its own fixed window from its first failure, at most <c>capacity</c> of them.</summary>
    private sealed class Counters<TKey>(int capacity, IEqualityComparer<TKey> comparer)
        where TKey : notnull
    {
        private readonly ConcurrentDictionary<TKey, Counter> _counters = new(comparer);
        private readonly Lock _pruning = new();

        public int Count => _counters.Count;

        public Counter Current(TKey key, DateTimeOffset now) =>
            _counters.TryGetValue(key, out var counter) && counter.WindowEnds > now ? counter : Counter.None;

        public void Increment(TKey key, DateTimeOffset now)
        {
            _counters.AddOrUpdate(
                key,
                static (_, at) => new Counter(1, at + Window),
                static (_, existing, at) => existing.WindowEnds > at ? existing with { Failures = existing.Failures + 1 } : new Counter(1, at + Window),
                now);
            if (_counters.Count > capacity)
            {
                Prune(now);
            }
        }

        public void Remove(TKey key) => _counters.TryRemove(key, out _);

        /// <summary>
        /// Drops expired counters, then the oldest windows until a tenth of the room is free again, so the sort
        /// runs once per many failures rather than on each. One thread prunes; the others carry on.
        /// </summary>
        private void Prune(DateTimeOffset now)
        {
            if (!_pruning.TryEnter())
            {
                return;
            }

            try
            {
                foreach (var (key, counter) in _counters)
                {
                    if (counter.WindowEnds <= now)
                    {
                        _counters.TryRemove(key, out _);
                    }
                }

                var target = capacity - Math.Max(1, capacity / 10);
                var excess = _counters.Count - target;
                if (excess <= 0)
                {
                    return;
                }

                foreach (var (key, _) in _counters.ToArray().OrderBy(entry => entry.Value.WindowEnds).Take(excess))
                {
                    _counters.TryRemove(key, out _);
                }
            }
            finally
            {
                _pruning.Exit();
            }
        }
    }
}
