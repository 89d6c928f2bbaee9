using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Planck.Application.Databases.Secrets;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Security;

internal static class DataProtectionSetup
{
    /// <summary>
    /// Data Protection with its key ring in Planck's database, so every node reads the same keys, and each key encrypted
    /// with a key derived from the server secret, so a copy of the database alone cannot decrypt a connection secret.
    /// </summary>
    public static IServiceCollection AddPlanckDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection()
            .SetApplicationName("Planck")
            .PersistKeysToDbContext<PlanckDbContext>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceProvider>((options, provider) => options.XmlEncryptor = new ServerSecretXmlEncryptor(provider.GetRequiredService<ServerSecret>()));
        services.AddSingleton<IConnectionSecretProtector, DataProtectionSecretProtector>();
        return services;
    }
}

internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : IConnectionSecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Planck.Databases.ConnectionString.v1");

    public string Protect(string connectionString) => _protector.Protect(connectionString);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}

/// <summary>Encrypts each Data Protection key with AES-GCM under a key derived (HKDF) from the server secret.</summary>
internal sealed class ServerSecretXmlEncryptor(ServerSecret secret) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedKey = KeyRingCipher.Seal(secret.Key, plaintext);
        var element = new XElement(
            "encryptedKey",
            new XComment(" This key is encrypted with a key derived from Planck's server secret. "),
            new XElement("value", Convert.ToBase64String(sealedKey)));
        return new EncryptedXmlInfo(element, typeof(ServerSecretXmlDecryptor));
    }
}

/// <summary>Created by Data Protection through its <see cref="IServiceProvider"/> constructor.</summary>
public sealed class ServerSecretXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var secret = services.GetRequiredService<ServerSecret>();
        var sealedKey = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? string.Empty);
        return XElement.Parse(Encoding.UTF8.GetString(KeyRingCipher.Open(secret.Key, sealedKey)));
    }
}

internal static class KeyRingCipher
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] Purpose = "planck data protection key ring v1"u8.ToArray();

    public static byte[] Seal(byte[] serverSecret, byte[] plaintext)
    {
        var output = new byte[NonceBytes + TagBytes + plaintext.Length];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(DeriveKey(serverSecret), TagBytes);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceBytes + TagBytes), output.AsSpan(NonceBytes, TagBytes));
        return output;
    }

    public static byte[] Open(byte[] serverSecret, byte[] sealedKey)
    {
        if (sealedKey.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("The encrypted key is too short.");
        }

        var plaintext = new byte[sealedKey.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(DeriveKey(serverSecret), TagBytes);
        aes.Decrypt(sealedKey.AsSpan(0, NonceBytes), sealedKey.AsSpan(NonceBytes + TagBytes), sealedKey.AsSpan(NonceBytes, TagBytes), plaintext);
        return plaintext;
    }

    private static byte[] DeriveKey(byte[] serverSecret) => HKDF.DeriveKey(HashAlgorithmName.SHA256, serverSecret, 32, info: Purpose);
}
