using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;
using Planck.Application.Server.Queries.GetServerConfig;

namespace Planck.Application.Backup;

/// <summary>What a backup wrote.</summary>
public sealed record BackupResult(string Path, BackupManifest Manifest);

/// <summary>
/// Writes one tar.gz: the database snapshot (SQLite), every stored file its documents own, and last the manifest with
/// each entry's SHA-256. The archive is written under a temporary name beside the target and renamed at the end, so a
/// failed backup leaves no half archive. The snapshot comes first and the files after it: a file is stored before
/// its document's row commits, so every document in the snapshot finds its file (unless deleted in between, which the
/// manifest counts as missing).
/// </summary>
public sealed class CreateBackup(IDatabaseSnapshot database, IFileStore files, TimeProvider time)
{
    internal static readonly JsonSerializerOptions ManifestJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public async Task<BackupResult> RunAsync(string outputPath, CancellationToken cancellationToken)
    {
        var output = Path.GetFullPath(outputPath);
        if (File.Exists(output) || Directory.Exists(output))
        {
            throw new ConflictException($"{output} already exists; a backup never overwrites one. Choose another name.");
        }

        var directory = Path.GetDirectoryName(output)!;
        if (!Directory.Exists(directory))
        {
            throw new NotFoundException($"The directory {directory} does not exist.");
        }

        var unique = Guid.NewGuid().ToString("N");
        var temporary = Path.Combine(directory, $".{Path.GetFileName(output)}.partial-{unique}");
        var snapshotPath = Path.Combine(directory, $".{Path.GetFileName(output)}.snapshot-{unique}");
        try
        {
            BackupManifest manifest;
            // Opened before the snapshot so an unwritable destination fails before the expensive part.
            await using (var archive = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await using var gzip = new GZipStream(archive, CompressionLevel.Fastest);
                await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false);
                var createdAt = time.GetUtcNow();
                var entries = new List<BackupEntry>();
                var snapshot = await database.TakeAsync(snapshotPath, cancellationToken);
                if (snapshot.CopyPath is not null)
                {
                    await using var copy = File.OpenRead(snapshot.CopyPath);
                    entries.Add(await AddAsync(tar, BackupManifest.DatabaseEntryName, copy, createdAt, cancellationToken));
                }

                var missing = 0;
                foreach (var key in snapshot.StorageKeys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                {
                    Stream stored;
                    try
                    {
                        stored = await files.OpenReadAsync(key, cancellationToken);
                    }
                    catch (FileNotFoundException)
                    {
                        missing++;
                        continue;
                    }

                    await using (stored)
                    {
                        entries.Add(await AddAsync(tar, BackupManifest.FilesPrefix + key, stored, createdAt, cancellationToken));
                    }
                }

                manifest = new BackupManifest(
                    BackupManifest.CurrentFormatVersion, GetServerConfigHandler.Version, database.Provider, createdAt,
                    snapshot.Rows, entries.Count(e => e.Name.StartsWith(BackupManifest.FilesPrefix, StringComparison.Ordinal)), missing, entries);
                using var manifestBytes = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson));
                await AddAsync(tar, BackupManifest.EntryName, manifestBytes, createdAt, cancellationToken);
            }

            File.Move(temporary, output, overwrite: false);
            return new BackupResult(output, manifest);
        }
        finally
        {
            File.Delete(temporary);
            File.Delete(snapshotPath);
        }
    }

    /// <summary>Hashes the (seekable) content, then writes it: the writer needs the length up front, so it reads twice.</summary>
    private static async Task<BackupEntry> AddAsync(TarWriter tar, string name, Stream content, DateTimeOffset modified, CancellationToken cancellationToken)
    {
        var start = content.Position;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
        var length = content.Position - start;
        content.Position = start;
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = content,
            ModificationTime = modified,
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        await tar.WriteEntryAsync(entry, cancellationToken);
        return new BackupEntry(name, length, hash);
    }
}
