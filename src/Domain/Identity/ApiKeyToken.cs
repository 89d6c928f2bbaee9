using System.Buffers.Text;
using System.Security.Cryptography;

namespace Planck.Domain.Identity;

/// <summary>
/// The shape of a plain API key: <c>pk_live_</c>, 32 random bytes in URL-safe base64 (43 characters) and a
/// 6-character checksum. The checksum lets the server turn away typos and garbage before it touches the database
/// or computes a hash, the way GitHub's tokens do.
/// </summary>
public static class ApiKeyToken
{
    public const string Scheme = "pk_live_";
    private const int SecretBytes = 32;
    private const int SecretChars = 43;
    private const int ChecksumChars = 6;
    public const int Length = 8 + SecretChars + ChecksumChars;

    /// <summary>Characters shown to people so they can tell keys apart: the scheme plus the first 8 secret characters.</summary>
    public const int DisplayPrefixLength = 8 + 8;

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Generate()
    {
        Span<byte> secret = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(secret);
        var body = Base64Url.EncodeToString(secret);
        return string.Concat(Scheme, body, Checksum(body));
    }

    public static bool IsWellFormed(ReadOnlySpan<char> key)
    {
        if (key.Length != Length || !key.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var body = key.Slice(Scheme.Length, SecretChars);
        foreach (var c in body)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        Span<char> expected = stackalloc char[ChecksumChars];
        WriteChecksum(body, expected);
        return key[(Scheme.Length + SecretChars)..].SequenceEqual(expected);
    }

    public static string DisplayPrefix(string key) => key[..DisplayPrefixLength];

    private static string Checksum(ReadOnlySpan<char> body)
    {
        Span<char> checksum = stackalloc char[ChecksumChars];
        WriteChecksum(body, checksum);
        return new string(checksum);
    }

    private static void WriteChecksum(ReadOnlySpan<char> body, Span<char> destination)
    {
        Span<byte> ascii = stackalloc byte[SecretChars];
        for (var i = 0; i < body.Length; i++)
        {
            ascii[i] = (byte)body[i];
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(ascii, digest);
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(digest);
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = Base62[(int)(value % 62)];
            value /= 62;
        }
    }
}
