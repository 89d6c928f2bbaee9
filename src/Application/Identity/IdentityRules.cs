using FluentValidation;
using Planck.Domain.Identity;

namespace Planck.Application.Identity;

/// <summary>Input rules shared by the identity use cases, so each is stated once.</summary>
public static class IdentityRules
{
    public static bool TryParseRole(string? value, out Role role)
    {
        switch (value)
        {
            case "Admin":
                role = Role.Admin;
                return true;
            case "User":
                role = Role.User;
                return true;
            default:
                role = default;
                return false;
        }
    }

    /// <summary>For input that has passed validation, where an unknown role is a programming error.</summary>
    public static Role ParseRole(string? value) =>
        TryParseRole(value, out var role) ? role : throw new ArgumentException($"Unknown role '{value}'.", nameof(value));

    public static IRuleBuilderOptions<T, string?> ValidEmail<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("email is required.")
            .MaximumLength(User.MaxEmailLength).WithMessage($"email must be at most {User.MaxEmailLength} characters.")
            .EmailAddress().WithMessage("email is not a valid email address.");

    public static IRuleBuilderOptions<T, string?> ValidPassword<T>(this IRuleBuilder<T, string?> rule, string field = "password") =>
        rule.NotEmpty().WithMessage($"{field} is required.")
            .MinimumLength(User.MinimumPasswordLength).WithMessage($"{field} must be at least {User.MinimumPasswordLength} characters.")
            .MaximumLength(1024).WithMessage($"{field} must be at most 1024 characters.");

    public static IRuleBuilderOptions<T, string?> ValidFullName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(name => name is not null && User.CleanFullName(name).Length > 0).WithMessage("full_name is required.")
            .MaximumLength(User.MaxFullNameLength).WithMessage($"full_name must be at most {User.MaxFullNameLength} characters.");

    public static IRuleBuilderOptions<T, string?> ValidRole<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(r => TryParseRole(r, out _)).WithMessage("role must be exactly \"Admin\" or \"User\".");

    public static IRuleBuilderOptions<T, string?> ValidApiKeyName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("name is required.")
            .MaximumLength(ApiKey.MaxNameLength).WithMessage($"name must be at most {ApiKey.MaxNameLength} characters.");

    public static IRuleBuilderOptions<T, DateTimeOffset?> ValidExpiry<T>(this IRuleBuilder<T, DateTimeOffset?> rule, TimeProvider clock) =>
        rule.Must(expiry => expiry is null || expiry > clock.GetUtcNow()).WithMessage("expires_at must be in the future.");
}
