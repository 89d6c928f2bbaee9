using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planck.Application.Backup;
using Planck.Infrastructure.Options;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Backup;

/// <summary>
/// Copies the live SQLite database with SQLite's online backup API, in one step: the copy is one read transaction,
/// so it is consistent, and in WAL mode the server's writers carry on while it runs (only checkpoints wait for it).
/// Counts and storage keys are read from the copy, so they describe exactly what the archive holds.
/// </summary>
internal sealed class SqliteDatabaseSnapshot(PlanckDbContext db, IOptions<PlanckOptions> options) : IDatabaseSnapshot
{
    public string Provider => nameof(DatabaseProvider.Sqlite);

    public async Task<DatabaseSnapshot> TakeAsync(string copyPath, CancellationToken cancellationToken)
    {
        var source = SqliteDatabaseFile.Builder(db);
        if (!File.Exists(source.DataSource))
        {
            throw new FileNotFoundException($"There is no database at {source.DataSource} to back up.");
        }

        // Private connections, never pooled, so nothing holds either file once the copy is done.
        source.Pooling = false;
        source.Mode = SqliteOpenMode.ReadWrite;
        source.DefaultTimeout = 30;
        var destination = new SqliteConnectionStringBuilder { DataSource = copyPath, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate };
        await using (var from = new SqliteConnection(source.ConnectionString))
        await using (var to = new SqliteConnection(destination.ConnectionString))
        {
            await from.OpenAsync(cancellationToken);
            await to.OpenAsync(cancellationToken);
            from.BackupDatabase(to);
            // The copy carries the source's WAL flag; a self-contained file restores without a -wal beside it.
            await using var rollbackJournal = to.CreateCommand();
            rollbackJournal.CommandText = "PRAGMA journal_mode=DELETE;";
            await rollbackJournal.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var copy = new SqliteConnection(destination.ConnectionString);
        await copy.OpenAsync(cancellationToken);
        var rows = await CountRowsAsync(copy, cancellationToken);
        var keys = options.Value.Documents.Storage == FileStorageKind.FileSystem ? await ReadStorageKeysAsync(copy, cancellationToken) : [];
        return new DatabaseSnapshot(copyPath, rows, keys);
    }

    private static async Task<Dictionary<string, long>> CountRowsAsync(SqliteConnection copy, CancellationToken cancellationToken)
    {
        var tables = new List<string>();
        await using (var list = copy.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = copy.CreateCommand();
#pragma warning disable CA2100 // The table names come from the copy's own schema, quoted as identifiers.
            count.CommandText = $"SELECT COUNT(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
#pragma warning restore CA2100
            rows[table] = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        return rows;
    }

    private static async Task<List<string>> ReadStorageKeysAsync(SqliteConnection copy, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await using var command = copy.CreateCommand();
        command.CommandText = "SELECT storage_key FROM documents WHERE storage_key <> ''";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}

/// <summary>Where the configured SQLite database lives: the connection string's data source, the default file in the data directory unless set.</summary>
internal static class SqliteDatabaseFile
{
    public static SqliteConnectionStringBuilder Builder(PlanckDbContext db)
    {
        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        builder.DataSource = Path.GetFullPath(builder.DataSource);
        return builder;
    }
}
