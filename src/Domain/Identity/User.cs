using Planck.Domain.Common;

namespace Planck.Domain.Identity;

public sealed class User
{
    public const int MinimumPasswordLength = 12;
    public const int MaxEmailLength = 254;
    public const int MaxFullNameLength = 200;

    private User()
    {
        Email = string.Empty;
        NormalizedEmail = string.Empty;
        FullName = string.Empty;
        PasswordHash = string.Empty;
    }

    public Guid Id { get; private set; }
    public string Email { get; private set; }

    /// <summary>Lower-cased email, so uniqueness holds case-insensitively on every database provider.</summary>
    public string NormalizedEmail { get; private set; }
    public string FullName { get; private set; }
    public Role Role { get; private set; }
    public bool IsActive { get; private set; }
    public string PasswordHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static User Create(string email, string fullName, Role role, DateTimeOffset now)
    {
        var trimmedEmail = email.Trim();
        return new User
        {
            Id = Guid.CreateVersion7(now),
            Email = trimmedEmail,
            NormalizedEmail = NormalizeEmail(trimmedEmail),
            FullName = CleanFullName(fullName),
            Role = role,
            IsActive = true,
            CreatedAt = now,
        };
    }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>
    /// A display name without the bidirectional embedding, override and isolate characters (U+202A–U+202E,
    /// U+2066–U+2069), which could make a name shown beside others read as something it is not; then trimmed.
    /// </summary>
    public static string CleanFullName(string fullName) =>
        string.Concat(fullName.Where(c => c is not ((>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')))).Trim();

    public void SetPasswordHash(string passwordHash)
    {
        if (string.IsNullOrEmpty(passwordHash))
        {
            throw new DomainRuleException("A password hash is required.");
        }

        PasswordHash = passwordHash;
    }

    public void Rename(string fullName) => FullName = CleanFullName(fullName);

    public void ChangeRole(Role role) => Role = role;

    public void Deactivate() => IsActive = false;

    public void Activate() => IsActive = true;
}
