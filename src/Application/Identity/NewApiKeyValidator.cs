using FluentValidation;

namespace Planck.Application.Identity;

/// <summary>A request that creates a key: a name and an optional expiry.</summary>
public interface INewApiKey
{
    string? Name { get; }
    DateTimeOffset? ExpiresAt { get; }
}

public abstract class NewApiKeyValidator<T> : AbstractValidator<T>
    where T : INewApiKey
{
    protected NewApiKeyValidator(TimeProvider clock)
    {
        RuleFor(c => c.Name).ValidApiKeyName();
        RuleFor(c => c.ExpiresAt).ValidExpiry(clock);
    }
}
