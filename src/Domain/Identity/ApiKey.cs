namespace Planck.Domain.Identity;

public sealed class ApiKey
{
    public const int MaxNameLength = 100;

    /// <summary>How often the last-used time is written: often enough to be useful, rarely enough to keep reads cheap.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private ApiKey()
    {
        Name = string.Empty;
        Prefix = string.Empty;
        Hash = [];
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string Name { get; private set; }

    /// <summary>The first characters of the key, enough for a person to tell keys apart; never enough to use.</summary>
    public string Prefix { get; private set; }

    /// <summary>Keyed hash (HMAC-SHA-256) of the full key; the key itself is never stored.</summary>
    public byte[] Hash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    public static ApiKey Issue(Guid userId, string name, string prefix, byte[] hash, DateTimeOffset? expiresAt, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Name = name.Trim(),
            Prefix = prefix,
            Hash = hash,
            CreatedAt = now,
            ExpiresAt = expiresAt?.ToUniversalTime(),
        };

    public bool IsRevoked => RevokedAt is not null;

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expiry && expiry <= now;

    public bool IsUsableAt(DateTimeOffset now) => !IsRevoked && !IsExpiredAt(now);

    /// <summary>Revoking twice keeps the first revocation time.</summary>
    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    public static bool IsLastUsedStale(DateTimeOffset? lastUsedAt, DateTimeOffset now) =>
        lastUsedAt is not { } last || now - last >= LastUsedResolution;
}
