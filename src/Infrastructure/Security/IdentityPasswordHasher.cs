using Microsoft.AspNetCore.Identity;
using Planck.Domain.Identity;

namespace Planck.Infrastructure.Security;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher: salted, slow, versioned. No hand-written cryptography.</summary>
public sealed class IdentityPasswordHasher : Application.Common.Abstractions.IPasswordHasher
{
    private readonly PasswordHasher<User> _hasher = new();
    private readonly Lazy<string> _decoyHash;

    public IdentityPasswordHasher() => _decoyHash = new Lazy<string>(() => _hasher.HashPassword(null!, "decoy password for unknown users"));

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public bool Verify(string hashedPassword, string providedPassword) =>
        _hasher.VerifyHashedPassword(null!, hashedPassword, providedPassword) != PasswordVerificationResult.Failed;

    public void SimulateVerification(string providedPassword) =>
        _hasher.VerifyHashedPassword(null!, _decoyHash.Value, providedPassword);
}
