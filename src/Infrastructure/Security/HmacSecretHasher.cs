using System.Security.Cryptography;
using System.Text;
using Planck.Application.Common.Abstractions;

namespace Planck.Infrastructure.Security;

/// <summary>
/// HMAC-SHA-256 keyed with the server secret. API keys and session tokens carry 256 random bits, so a fast keyed
/// hash is enough: a stolen database alone cannot be used to check guesses, and lookups stay cheap.
/// </summary>
public sealed class HmacSecretHasher(ServerSecret serverSecret) : ISecretHasher
{
    public byte[] Hash(string secret)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(secret.Length);
        Span<byte> utf8 = maxBytes <= 512 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var length = Encoding.UTF8.GetBytes(secret, utf8);
        return HMACSHA256.HashData(serverSecret.Key, utf8[..length]);
    }
}
