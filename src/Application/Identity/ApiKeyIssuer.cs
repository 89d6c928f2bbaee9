using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Identity;

namespace Planck.Application.Identity;

/// <summary>The <c>Planck:Security</c> settings that bound what one user may hold.</summary>
public sealed class ApiKeyOptions
{
    public const int DefaultMaxKeysPerUser = 50;

    /// <summary>Usable (not revoked, not expired) keys one user may hold at once; one more is 409.</summary>
    public int MaxKeysPerUser { get; set; } = DefaultMaxKeysPerUser;
}

/// <summary>The one place a plain API key is made: every path that issues keys (self-service, admin, CLI, first run) goes through it.</summary>
public sealed class ApiKeyIssuer(IApplicationDbContext db, ISecretHasher hasher, IOptions<ApiKeyOptions> options, TimeProvider clock)
{
    public async Task<CreatedApiKeyDto> IssueAsync(User owner, string name, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        if (!owner.IsActive)
        {
            throw new RequestValidationException("user_id", "The user is inactive; activate the user before issuing a key.");
        }

        // Two creates at once would both count below the limit and both insert. A no-op update of the owner's row
        // takes its row lock on PostgreSQL (the write lock on SQLite) inside the request's transaction, so the
        // creates for one user count one after another and the limit holds.
        await db.Users.Where(u => u.Id == owner.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.IsActive, u => u.IsActive), cancellationToken);

        var now = clock.GetUtcNow();
        var limit = options.Value.MaxKeysPerUser;
        var active = await db.ApiKeys.CountAsync(
            k => k.UserId == owner.Id && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now), cancellationToken);
        if (active >= limit)
        {
            throw new ConflictException(
                $"The user already holds {active} active API keys, the most allowed (Planck:Security:MaxKeysPerUser is {limit}); revoke one before creating another.");
        }

        var key = ApiKeyToken.Generate();
        var apiKey = ApiKey.Issue(owner.Id, name, ApiKeyToken.DisplayPrefix(key), hasher.Hash(key), expiresAt, now);
        db.ApiKeys.Add(apiKey);
        return apiKey.WithSecret(key);
    }
}
