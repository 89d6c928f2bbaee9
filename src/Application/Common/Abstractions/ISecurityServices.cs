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

public sealed record LoginAttemptState(bool IsLockedOut, TimeSpan RetryAfter, TimeSpan Delay);

/// <summary>Counts failed sign-ins per account and per address to slow, then refuse, password guessing.</summary>
public interface ILoginThrottle
{
    LoginAttemptState Check(string normalizedEmail, string? address);

    void RecordFailure(string normalizedEmail, string? address);

    void RecordSuccess(string normalizedEmail, string? address);
}
