using Microsoft.Extensions.Options;
using Planck.Application.Backup;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Persistence;
using Planck.Infrastructure.Security;

namespace Planck.Infrastructure.Backup;

/// <summary>
/// The configured data directory: its SQLite database (where the connection string puts it) and <c>files/</c>.
/// Staging happens in a hidden directory inside the data directory, on the same file system, so moving into place
/// is a rename.
/// </summary>
internal sealed class DataDirectoryRestoreTarget(PlanckDbContext db, IOptions<PlanckOptions> options) : IRestoreTarget
{
    private static readonly string[] SqliteCompanions = ["", "-wal", "-shm", "-journal"];

    private readonly PlanckOptions _options = options.Value;

    public string Provider => _options.Database.Provider.ToString();

    private bool IsSqlite => _options.Database.Provider == DatabaseProvider.Sqlite;

    private string DataDirectory => _options.FullDataDirectory;

    private string FilesDirectory => Path.Combine(DataDirectory, "files");

    private string DatabasePath => SqliteDatabaseFile.Builder(db).DataSource;

    public bool HasServerSecret =>
        !string.IsNullOrWhiteSpace(_options.Security.ApiKeySecret) || File.Exists(Path.Combine(DataDirectory, ServerSecret.FileName));

    public string? ExistingData()
    {
        if (IsSqlite && File.Exists(DatabasePath) && new FileInfo(DatabasePath).Length > 0)
        {
            return $"a database ({DatabasePath})";
        }

        return Directory.Exists(FilesDirectory) && Directory.EnumerateFileSystemEntries(FilesDirectory).Any()
            ? $"stored files ({FilesDirectory})"
            : null;
    }

    public string CreateStagingDirectory()
    {
        Directory.CreateDirectory(DataDirectory);
        return Directory.CreateDirectory(Path.Combine(DataDirectory, ".restore-" + Guid.NewGuid().ToString("N"))).FullName;
    }

    public void Install(string stagingDirectory)
    {
        var stagedDatabase = Path.Combine(stagingDirectory, BackupManifest.DatabaseEntryName);
        var stagedFiles = Path.Combine(stagingDirectory, BackupManifest.FilesPrefix.TrimEnd('/'));
        var aside = Path.Combine(stagingDirectory, "replaced");
        Directory.CreateDirectory(aside);
        Directory.CreateDirectory(stagedFiles);
        var moved = new List<(string From, string To)>();
        try
        {
            if (IsSqlite && File.Exists(stagedDatabase))
            {
                // The old database's journal files would be applied to the new one: they go aside with it.
                foreach (var suffix in SqliteCompanions)
                {
                    Move(DatabasePath + suffix, Path.Combine(aside, "database" + suffix), moved);
                }
            }

            Move(FilesDirectory, Path.Combine(aside, "files"), moved);
            if (IsSqlite && File.Exists(stagedDatabase))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
                Move(stagedDatabase, DatabasePath, moved);
            }

            Move(stagedFiles, FilesDirectory, moved);
        }
        catch
        {
            // Undo in reverse order: the restored entries go back to staging, the replaced data back into place.
            for (var i = moved.Count - 1; i >= 0; i--)
            {
                var (from, to) = moved[i];
                Move(to, from, []);
            }

            throw;
        }
    }

    private static void Move(string from, string to, List<(string From, string To)> moved)
    {
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else if (File.Exists(from))
        {
            File.Move(from, to);
        }
        else
        {
            return;
        }

        moved.Add((from, to));
    }
}
