namespace Planck.Domain.Identity;

/// <summary>A signed-in browser. The cookie carries a random token; only its keyed hash is stored.</summary>
public sealed class UserSession
{
    private UserSession()
    {
        TokenHash = [];
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public byte[] TokenHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }

    public static UserSession Start(Guid userId, byte[] tokenHash, DateTimeOffset now, TimeSpan lifetime) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            TokenHash = tokenHash,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };

    public bool IsValidAt(DateTimeOffset now) => ExpiresAt > now;
}
