using Planck.Application.Common.Auditing;

namespace Planck.Application.Identity;

/// <summary>The audit events of an API key's life; never the key itself, only its id, name and display prefix.</summary>
public static class ApiKeyAudit
{
    public static AuditEvent Created(CreatedApiKeyDto key) =>
        new("key.created", null, AuditTargets.ApiKey, key.Id, new { key.UserId, key.Name, key.Prefix, key.ExpiresAt });

    public static AuditEvent Revoked(Guid keyId) => new("key.revoked", null, AuditTargets.ApiKey, keyId);
}
