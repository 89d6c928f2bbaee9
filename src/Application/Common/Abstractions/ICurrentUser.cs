using Planck.Domain.Identity;

namespace Planck.Application.Common.Abstractions;

public enum AuthenticationMethod
{
    ApiKey,
    Session,

    /// <summary>The server itself: start-up provisioning and command-line verbs.</summary>
    System,
}

/// <summary>
/// Who is calling, as established by authentication. It carries the user's fields so that answering
/// "who am I" needs no database round trip once a credential is known.
/// </summary>
public sealed record Caller(
    Guid UserId,
    string Email,
    string FullName,
    Role Role,
    bool IsActive,
    DateTimeOffset CreatedAt,
    AuthenticationMethod Method,
    Guid? CredentialId)
{
    public bool IsAdmin => Role == Role.Admin;

    public static readonly Caller System = new(
        Guid.Empty, "system@planck.local", "Planck server", Role.Admin, true, DateTimeOffset.UnixEpoch, AuthenticationMethod.System, null);
}

public interface ICurrentUser
{
    Caller? Caller { get; }

    /// <summary>The client's IP address as the server sees it (after trusted proxies), for the audit trail; null when unknown.</summary>
    string? ClientAddress { get; }
}
