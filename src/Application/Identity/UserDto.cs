namespace Planck.Application.Identity;

public sealed record UserDto(Guid Id, string Email, string FullName, string Role, bool IsActive, DateTimeOffset CreatedAt);

public sealed record ApiKeyDto(Guid Id, string Name, string Prefix, Guid UserId, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt);

/// <summary>The creation response: the key's fields plus <see cref="Key"/>, the full secret, shown this once.</summary>
public sealed record CreatedApiKeyDto(
    Guid Id, string Name, string Prefix, Guid UserId, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt, string Key);
