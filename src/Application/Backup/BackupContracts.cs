using Planck.Application.Common.Exceptions;

namespace Planck.Application.Backup;

/// <summary>What <c>manifest.json</c>, the archive's last entry, says about the archive. Never a secret or a connection string.</summary>
public sealed record BackupManifest(
    int FormatVersion,
    string AppVersion,
    string Provider,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, long> Rows,
    int Files,
    int FilesMissing,
    IReadOnlyList<BackupEntry> Entries)
{
    /// <summary>Raised when the layout changes; a restore refuses archives newer than it knows.</summary>
    public const int CurrentFormatVersion = 1;

    public const string EntryName = "manifest.json";

    public const string DatabaseEntryName = "database/planck.db";

    public const string FilesPrefix = "files/";
}

/// <summary>One archive entry's size and SHA-256 (lower-case hex).</summary>
public sealed record BackupEntry(string Name, long Bytes, string Sha256);

/// <summary>
/// A consistent copy of Planck's database taken while the server runs: the copy itself when the database goes into
/// the archive (SQLite), and in any case the row counts and the file-store keys its documents own.
/// </summary>
public sealed record DatabaseSnapshot(string? CopyPath, IReadOnlyDictionary<string, long> Rows, IReadOnlyList<string> StorageKeys);

/// <summary>The configured database, seen by the backup.</summary>
public interface IDatabaseSnapshot
{
    /// <summary><c>Sqlite</c> or <c>Postgres</c>.</summary>
    string Provider { get; }

    /// <summary>
    /// Copies the database to <paramref name="copyPath"/> when the archive carries it; PostgreSQL's is left to
    /// <c>pg_dump</c>, so only its counts and keys are read. Storage keys are empty when the files live in the database.
    /// </summary>
    Task<DatabaseSnapshot> TakeAsync(string copyPath, CancellationToken cancellationToken);
}

/// <summary>The configured data directory (and SQLite database), seen by a restore.</summary>
public interface IRestoreTarget
{
    string Provider { get; }

    /// <summary>What the target already holds that a restore would replace (a database, stored files), or null when it is empty.</summary>
    string? ExistingData();

    /// <summary>Whether the server secret the restored keys were hashed with can be there: configured, or a file in the data directory.</summary>
    bool HasServerSecret { get; }

    /// <summary>A new empty directory on the target's file system, for staging the archive's entries before they move into place.</summary>
    string CreateStagingDirectory();

    /// <summary>
    /// Moves a staged <c>database/planck.db</c> and <c>files/</c> into place, setting what they replace aside first and
    /// putting it back if a move fails, so the target ends either as it was or wholly restored.
    /// </summary>
    void Install(string stagingDirectory);
}

/// <summary>An archive that is not a Planck backup this server can restore, or that does not match its own checksums.</summary>
public sealed class InvalidBackupException(string detail) : PlanckException(detail);
