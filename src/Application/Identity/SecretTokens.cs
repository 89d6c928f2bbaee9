using System.Buffers.Text;
using System.Security.Cryptography;

namespace Planck.Application.Identity;

public static class SecretTokens
{
    /// <summary>Longer than any token this server makes; anything longer is garbage and is not hashed.</summary>
    public const int MaxLength = 128;

    /// <summary>A URL-safe token carrying 256 bits from the cryptographic random number generator.</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
