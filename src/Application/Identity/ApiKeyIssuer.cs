using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Identity;

namespace Planck.Application.Identity;

/// <summary>The one place a plain API key is made: every path that issues keys (self-service, admin, CLI, first run) goes through it.</summary>
public sealed class ApiKeyIssuer(IApplicationDbContext db, ISecretHasher hasher, TimeProvider clock)
{
    public CreatedApiKeyDto Issue(User owner, string name, DateTimeOffset? expiresAt)
    {
        if (!owner.IsActive)
        {
            throw new RequestValidationException("user_id", "The user is inactive; activate the user before issuing a key.");
        }

        var key = ApiKeyToken.Generate();
        var apiKey = ApiKey.Issue(owner.Id, name, ApiKeyToken.DisplayPrefix(key), hasher.Hash(key), expiresAt, clock.GetUtcNow());
        db.ApiKeys.Add(apiKey);
        return apiKey.WithSecret(key);
    }
}
