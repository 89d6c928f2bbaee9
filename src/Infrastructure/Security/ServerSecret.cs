using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.Security;

/// <summary>
/// The HMAC key behind API-key and session hashes. Taken from <c>Planck:Security:ApiKeySecret</c>, or else generated
/// once into the data directory with owner-only permissions. Nodes that share a database must share this value.
/// </summary>
public sealed partial class ServerSecret
{
    public const string FileName = "server-secret";
    private const int MinimumConfiguredLength = 32;

    public ServerSecret(IOptions<PlanckOptions> options, ILogger<ServerSecret> logger)
    {
        var configured = options.Value.Security.ApiKeySecret;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (configured.Length < MinimumConfiguredLength)
            {
                throw new InvalidOperationException(
                    $"Planck:Security:ApiKeySecret must be at least {MinimumConfiguredLength} characters (for example: openssl rand -base64 48).");
            }

            Key = Encoding.UTF8.GetBytes(configured);
            return;
        }

        Key = LoadOrCreate(Path.Combine(options.Value.FullDataDirectory, FileName), logger);
    }

    public byte[] Key { get; }

    private static byte[] LoadOrCreate(string path, ILogger logger)
    {
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(64);
        try
        {
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(path, Encoding.ASCII, fileOptions))
            {
                writer.Write(Convert.ToBase64String(key));
            }

            LogGenerated(logger, path);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; use theirs so both agree.
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated a server secret at {Path}. Several nodes must share one secret: set Planck:Security:ApiKeySecret on each.")]
    private static partial void LogGenerated(ILogger logger, string path);
}
