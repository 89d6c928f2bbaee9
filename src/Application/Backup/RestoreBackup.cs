using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Backup;

/// <summary>What a restore put in place.</summary>
public sealed record RestoreResult(BackupManifest Manifest, bool ServerSecretPresent);

/// <summary>
/// Restores an archive written by <see cref="CreateBackup"/> into the configured data directory. It reads the archive
/// twice: first to check every entry against the manifest's checksums, writing nothing; then to stage the entries in
/// a new directory beside the target (checking each again, in case the file changed in between) before they move
/// into place. A refused or failed restore leaves the target as it was.
/// </summary>
public sealed class RestoreBackup(IRestoreTarget target)
{
    public async Task<RestoreResult> RunAsync(string inputPath, bool replaceExisting, CancellationToken cancellationToken)
    {
        var input = Path.GetFullPath(inputPath);
        if (!File.Exists(input))
        {
            throw new NotFoundException($"There is no backup at {input}.");
        }

        var existing = target.ExistingData();
        if (existing is not null && !replaceExisting)
        {
            throw new ConflictException($"The target already holds {existing}. Restoring would replace it: stop the server and run restore with --force to do so.");
        }

        var manifest = await VerifyAsync(input, cancellationToken);
        if (!string.Equals(manifest.Provider, target.Provider, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidBackupException($"The backup was taken from a {manifest.Provider} server; this server is configured for {target.Provider}.");
        }

        var staging = target.CreateStagingDirectory();
        try
        {
            await StageAsync(input, manifest, staging, cancellationToken);
            target.Install(staging);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }

        return new RestoreResult(manifest, target.HasServerSecret);
    }

    private static async Task<BackupManifest> VerifyAsync(string input, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, BackupEntry>(StringComparer.Ordinal);
        BackupManifest? manifest = null;
        await ForEachEntryAsync(input, async (entry, content) =>
        {
            if (entry.Name == BackupManifest.EntryName)
            {
                manifest = await ReadManifestAsync(content, cancellationToken);
                return;
            }

            var (bytes, sha256) = await HashAsync(content, Stream.Null, cancellationToken);
            if (!seen.TryAdd(entry.Name, new BackupEntry(entry.Name, bytes, sha256)))
            {
                throw new InvalidBackupException($"The archive holds {entry.Name} twice.");
            }
        }, cancellationToken);

        if (manifest?.Entries is null || manifest.Rows is null)
        {
            throw new InvalidBackupException("The archive has no manifest.json: it is not a Planck backup, or it was cut short.");
        }

        if (manifest.FormatVersion is < 1 or > BackupManifest.CurrentFormatVersion)
        {
            throw new InvalidBackupException($"The backup's format version is {manifest.FormatVersion}; this server restores version {BackupManifest.CurrentFormatVersion}. Restore it with the version that wrote it ({manifest.AppVersion}) or later.");
        }

        var listed = manifest.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        foreach (var (name, actual) in seen)
        {
            if (!listed.Remove(name, out var expected))
            {
                throw new InvalidBackupException($"The archive holds {name}, which its manifest does not list.");
            }

            if (expected != actual)
            {
                throw new InvalidBackupException($"{name} does not match its checksum in the manifest: the archive is damaged or was changed. Nothing was restored.");
            }
        }

        return listed.Count == 0
            ? manifest
            : throw new InvalidBackupException($"The archive lacks {listed.Count} entries its manifest lists, {listed.Keys.First()} among them. Nothing was restored.");
    }

    private static async Task StageAsync(string input, BackupManifest manifest, string staging, CancellationToken cancellationToken)
    {
        var expected = manifest.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var root = Path.GetFullPath(staging) + Path.DirectorySeparatorChar;
        await ForEachEntryAsync(input, async (entry, content) =>
        {
            if (entry.Name == BackupManifest.EntryName)
            {
                return;
            }

            var path = Path.GetFullPath(Path.Combine(root, entry.Name));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var actual = await HashAsync(content, file, cancellationToken);
                if (!expected.TryGetValue(entry.Name, out var listed) || listed.Bytes != actual.Bytes || listed.Sha256 != actual.Sha256)
                {
                    throw new InvalidBackupException($"{entry.Name} changed while it was restored. Nothing was restored.");
                }
            }
        }, cancellationToken);
    }

    /// <summary>Every entry must be a regular file named manifest.json, database/planck.db or files/… inside the archive's own tree.</summary>
    private static async Task ForEachEntryAsync(string input, Func<TarEntry, Stream, Task> visit, CancellationToken cancellationToken)
    {
        try
        {
            await using var archive = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await using var gzip = new GZipStream(archive, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !IsExpectedName(entry.Name))
                {
                    throw new InvalidBackupException($"The archive holds '{entry.Name}', which is not part of a Planck backup.");
                }

                await visit(entry, entry.DataStream ?? Stream.Null);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new InvalidBackupException($"The archive cannot be read ({ex.Message}): it is not a tar.gz Planck backup, or it is damaged or cut short.");
        }
    }

    private static bool IsExpectedName(string name)
    {
        if (name is BackupManifest.EntryName or BackupManifest.DatabaseEntryName)
        {
            return true;
        }

        if (!name.StartsWith(BackupManifest.FilesPrefix, StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        var segments = name[BackupManifest.FilesPrefix.Length..].Split('/');
        return segments.All(s => s.Length > 0 && s != "." && s != "..");
    }

    private static async Task<BackupManifest> ReadManifestAsync(Stream content, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<BackupManifest>(content, CreateBackup.ManifestJson, cancellationToken)
                ?? throw new InvalidBackupException("The archive's manifest.json is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidBackupException($"The archive's manifest.json cannot be read: {ex.Message}");
        }
    }

    private static async Task<(long Bytes, string Sha256)> HashAsync(Stream content, Stream copyTo, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await copyTo.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            total += read;
        }

        return (total, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
