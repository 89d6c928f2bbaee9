namespace Planck.Application.Common.Abstractions;

/// <summary>Turns a presented credential into a caller, or null when it is not valid now.</summary>
public interface ICredentialValidator
{
    ValueTask<Caller?> ValidateApiKeyAsync(string presentedKey, CancellationToken cancellationToken);

    ValueTask<Caller?> ValidateSessionAsync(string sessionToken, CancellationToken cancellationToken);
}
