using Planck.Application.Common.Abstractions;
using Planck.Domain.Identity;
using Riok.Mapperly.Abstractions;

namespace Planck.Application.Identity;

[Mapper]
public static partial class IdentityMapper
{
    [MapperIgnoreSource(nameof(User.NormalizedEmail))]
    [MapperIgnoreSource(nameof(User.PasswordHash))]
    public static partial UserDto ToDto(this User user);

    public static partial IQueryable<UserDto> ProjectToDto(this IQueryable<User> users);

    [MapperIgnoreSource(nameof(ApiKey.Hash))]
    [MapperIgnoreSource(nameof(ApiKey.RevokedAt))]
    [MapperIgnoreSource(nameof(ApiKey.IsRevoked))]
    public static partial ApiKeyDto ToDto(this ApiKey apiKey);

    public static partial IQueryable<ApiKeyDto> ProjectToDto(this IQueryable<ApiKey> apiKeys);

    [MapperIgnoreSource(nameof(Caller.Method))]
    [MapperIgnoreSource(nameof(Caller.CredentialId))]
    [MapperIgnoreSource(nameof(Caller.IsAdmin))]
    [MapProperty(nameof(Caller.UserId), nameof(UserDto.Id))]
    public static partial UserDto ToUserDto(this Caller caller);

    public static CreatedApiKeyDto WithSecret(this ApiKey apiKey, string key) =>
        new(apiKey.Id, apiKey.Name, apiKey.Prefix, apiKey.UserId, apiKey.CreatedAt, apiKey.LastUsedAt, apiKey.ExpiresAt, key);
}
