using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Planck.Application.Common.Abstractions;
using Planck.Application.Identity;
using Planck.Domain.Identity;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Identity;

/// <summary>
/// Validates API keys and session tokens. A malformed key is refused by its checksum before any hashing or
/// database work. A known credential is cached for at most <see cref="SecurityOptions.CredentialCacheSeconds"/>
/// (30 s by default), so authentication adds no database round trip; changes made on this node (revoke,
/// deactivate, sign out) invalidate the cache at once, while other nodes may lag by up to that TTL.
/// Unknown keys are cached too, so hammering with random keys does not hammer the database.
/// </summary>
public sealed class CredentialValidator : ICredentialValidator, ICredentialCache, IDisposable
{
    private const int MaxCachedCredentials = 100_000;

    private readonly IServiceScopeFactory _scopes;
    private readonly ISecretHasher _hasher;
    private readonly TimeProvider _clock;
    private readonly ApiKeyUsageRecorder _usage;
    private readonly TimeSpan _ttl;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxCachedCredentials });

    // Bumped whenever something about a user's credentials changes; cached entries of an older version are ignored.
    private readonly ConcurrentDictionary<Guid, long> _userVersions = new();
    private long _versionSeed;

    public CredentialValidator(IServiceScopeFactory scopes, ISecretHasher hasher, TimeProvider clock, ApiKeyUsageRecorder usage, IOptions<PlanckOptions> options)
    {
        _scopes = scopes;
        _hasher = hasher;
        _clock = clock;
        _usage = usage;
        _ttl = TimeSpan.FromSeconds(Math.Clamp(options.Value.Security.CredentialCacheSeconds, 0, 30));
    }

    public async ValueTask<Caller?> ValidateApiKeyAsync(string presentedKey, CancellationToken cancellationToken)
    {
        if (!ApiKeyToken.IsWellFormed(presentedKey))
        {
            return null;
        }

        var hash = _hasher.Hash(presentedKey);
        var entry = await GetOrLoadAsync(CacheKey('k', hash), hash, LoadApiKeyAsync, cancellationToken);
        var now = _clock.GetUtcNow();
        if (entry.Caller is null || entry.ExpiresAt <= now)
        {
            return null;
        }

        if (entry.ShouldRecordUse(now))
        {
            _usage.Record(entry.Caller.CredentialId!.Value, now);
        }

        return entry.Caller;
    }

    public async ValueTask<Caller?> ValidateSessionAsync(string sessionToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(sessionToken) || sessionToken.Length > SecretTokens.MaxLength)
        {
            return null;
        }

        var hash = _hasher.Hash(sessionToken);
        var entry = await GetOrLoadAsync(CacheKey('s', hash), hash, LoadSessionAsync, cancellationToken);
        return entry.Caller is not null && entry.ExpiresAt > _clock.GetUtcNow() ? entry.Caller : null;
    }

    public void InvalidateUser(Guid userId) => _userVersions[userId] = Interlocked.Increment(ref _versionSeed);

    public void Dispose() => _cache.Dispose();

    private static string CacheKey(char kind, byte[] hash) => string.Create(45, (kind, hash), static (span, state) =>
    {
        span[0] = state.kind;
        Convert.TryToBase64Chars(state.hash, span[1..], out _);
    });

    private long VersionOf(Guid userId) => _userVersions.TryGetValue(userId, out var version) ? version : 0;

    private async ValueTask<CachedCredential> GetOrLoadAsync(
        string cacheKey, byte[] hash, Func<PlanckDbContext, byte[], CancellationToken, Task<CachedCredential>> load, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(cacheKey, out CachedCredential? cached) && cached is not null
            && (cached.UserId is not { } cachedUser || cached.Version == VersionOf(cachedUser)))
        {
            return cached;
        }

        // Read the version first: if an invalidation lands while we query, the entry is born stale and reloaded next time.
        var versionBefore = Interlocked.Read(ref _versionSeed);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
        var loaded = await load(db, hash, cancellationToken);
        if (loaded.UserId is { } userId)
        {
            var version = VersionOf(userId);
            loaded = loaded with { Version = version <= versionBefore ? version : -1 };
        }

        if (_ttl > TimeSpan.Zero)
        {
            _cache.Set(cacheKey, loaded, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _ttl, Size = 1 });
        }

        return loaded;
    }

    private async Task<CachedCredential> LoadApiKeyAsync(PlanckDbContext db, byte[] hash, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var row = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash)
            .Join(db.Users, k => k.UserId, u => u.Id, (k, u) => new { Key = k, User = u })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return CachedCredential.Unknown;
        }

        var usable = row.Key.IsUsableAt(now) && row.User.IsActive;
        var caller = usable ? ToCaller(row.User, AuthenticationMethod.ApiKey, row.Key.Id) : null;
        return new CachedCredential(caller, row.User.Id, 0, row.Key.ExpiresAt ?? DateTimeOffset.MaxValue, row.Key.LastUsedAt);
    }

    private async Task<CachedCredential> LoadSessionAsync(PlanckDbContext db, byte[] hash, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var row = await db.Sessions.AsNoTracking()
            .Where(s => s.TokenHash == hash)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { Session = s, User = u })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return CachedCredential.Unknown;
        }

        var usable = row.Session.IsValidAt(now) && row.User.IsActive;
        var caller = usable ? ToCaller(row.User, AuthenticationMethod.Session, row.Session.Id) : null;
        return new CachedCredential(caller, row.User.Id, 0, row.Session.ExpiresAt, null);
    }

    private static Caller ToCaller(User user, AuthenticationMethod method, Guid credentialId) =>
        new(user.Id, user.Email, user.FullName, user.Role, user.IsActive, user.CreatedAt, method, credentialId);

    private sealed record CachedCredential(Caller? Caller, Guid? UserId, long Version, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt)
    {
        public static readonly CachedCredential Unknown = new(null, null, 0, DateTimeOffset.MinValue, null);

        private long _lastUseRecordedTicks = LastUsedAt?.UtcTicks ?? 0;

        /// <summary>True at most once per minute per key on this node; the caller then records the use.</summary>
        public bool ShouldRecordUse(DateTimeOffset now)
        {
            var last = Interlocked.Read(ref _lastUseRecordedTicks);
            var lastUse = last == 0 ? (DateTimeOffset?)null : new DateTimeOffset(last, TimeSpan.Zero);
            return ApiKey.IsLastUsedStale(lastUse, now)
                && Interlocked.CompareExchange(ref _lastUseRecordedTicks, now.UtcTicks, last) == last;
        }
    }
}
