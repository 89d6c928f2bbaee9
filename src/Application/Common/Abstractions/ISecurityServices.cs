namespace Planck.Application.Common.Abstractions;

/// <summary>Keyed hash (HMAC-SHA-256 with the server secret) for high-entropy secrets: API keys and session tokens.</summary>
public interface ISecretHasher
{
    byte[] Hash(string secret);
}

public interface IPasswordHasher
{
    string Hash(string password);

    bool Verify(string hashedPassword, string providedPassword);

    /// <summary>Spends the same time as a real verification, so unknown emails cannot be told apart by timing.</summary>
    void SimulateVerification(string providedPassword);
}

/// <summary>Forgets what authentication cached about a user, so a change takes effect on the next request to this node.</summary>
public interface ICredentialCache
{
    void InvalidateUser(Guid userId);
}

/// <summary>Why a sign-in attempt is refused before its password is checked.</summary>
public enum LoginLockout
{
    None,

    /// <summary>This account has failed too often from this address; other addresses may still sign in to it.</summary>
    AccountFromAddress,

    /// <summary>This address has failed too often across accounts; every account is refused from it.</summary>
    Address,
}

public sealed record LoginAttemptState(LoginLockout Lockout, TimeSpan RetryAfter, TimeSpan Delay)
{
    public static readonly LoginAttemptState Allowed = new(LoginLockout.None, TimeSpan.Zero, TimeSpan.Zero);

    public bool IsLockedOut => Lockout != LoginLockout.None;
}

/// <summary>
/// Counts failed sign-ins per account-and-address pair and per address to slow, then refuse, password guessing.
/// An account's failures from other addresses may slow a sign-in but never refuse it.
/// </summary>
public interface ILoginThrottle
{
    LoginAttemptState Check(string normalizedEmail, string? address);

    void RecordFailure(string normalizedEmail, string? address);

    void RecordSuccess(string normalizedEmail, string? address);
}
