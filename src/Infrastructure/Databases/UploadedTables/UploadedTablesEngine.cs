using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Databases.Catalog;
using Planck.Application.Databases.Engines;
using Planck.Domain.Databases;
using Planck.Infrastructure.Databases.Sqlite;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Databases.UploadedTables;

/// <summary>
/// A workspace's uploaded tables as a read-only SQL database: the stored rows (on either Planck provider) loaded into an
/// in-memory SQLite database that this node keeps while the tables are unchanged, and queried read-only like a
/// connected SQLite file. The layout is read from Planck's database on every use, so a document added or deleted on
/// any node is seen on the next question.
/// </summary>
internal sealed class UploadedTablesEngine(PlanckDbContext db, UploadedTablesCache cache) : IDatabaseEngine
{
    public DatabaseType Type => DatabaseType.Documents;

    public async Task<DatabaseCatalog> ReadCatalogAsync(DatabaseTarget target, CatalogLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(limits);
        return (await UploadedTablesLayout.ReadAsync(db, target.WorkspaceId, limits.MaxTables, cancellationToken)).Catalog;
    }

    public async Task<QueryResult> QueryAsync(DatabaseTarget target, string sql, QueryLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(limits);
        var layout = await UploadedTablesLayout.ReadAsync(db, target.WorkspaceId, int.MaxValue, cancellationToken);
        var loaded = await cache.GetAsync(target.WorkspaceId, layout, ct => LoadAsync(layout, ct), cancellationToken);
        return await SqliteReadOnlyQuery.RunAsync(loaded.ConnectionString, sql, limits, cancellationToken);
    }

    private async Task<LoadedTables> LoadAsync(UploadedTablesLayout layout, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = $"planck-uploaded-{Guid.NewGuid():N}",
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
            Pooling = false,
        }.ToString();
        var keeper = new SqliteConnection(connectionString);
        try
        {
            await keeper.OpenAsync(cancellationToken);
            foreach (var table in layout.Tables)
            {
                await CreateAndFillAsync(keeper, table, cancellationToken);
            }
        }
        catch
        {
            await keeper.DisposeAsync();
            throw;
        }

        return new LoadedTables(layout.Stamp, connectionString, keeper);
    }

    private async Task CreateAndFillAsync(SqliteConnection keeper, UploadedTable table, CancellationToken cancellationToken)
    {
        await using (var create = keeper.CreateCommand())
        {
            var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\" {UploadedTablesLayout.SqlType(c.Type)}"));
            create.CommandText = $"CREATE TABLE \"{table.Name}\" ({(columns.Length == 0 ? "\"empty\" TEXT" : columns)})";
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        if (table.Columns.Count == 0)
        {
            return;
        }

        await using var transaction = (SqliteTransaction)await keeper.BeginTransactionAsync(cancellationToken);
        await using var insert = keeper.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO \"{table.Name}\" VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$c" + i.ToString(CultureInfo.InvariantCulture)))})";
        var parameters = table.Columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$c" + i.ToString(CultureInfo.InvariantCulture), null))).ToArray();
        await insert.PrepareAsync(cancellationToken);
        await foreach (var cells in db.DocumentTableRows.AsNoTracking().Where(r => r.TableId == table.Id).OrderBy(r => r.RowNumber)
                           .Select(r => r.CellsJson).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            using var row = JsonDocument.Parse(cells);
            var i = 0;
            foreach (var cell in row.RootElement.EnumerateArray())
            {
                if (i >= parameters.Length)
                {
                    break;
                }

                parameters[i++].Value = cell.ValueKind switch
                {
                    JsonValueKind.Number => cell.GetDouble(),
                    JsonValueKind.True => 1L,
                    JsonValueKind.False => 0L,
                    JsonValueKind.String => cell.GetString(),
                    _ => DBNull.Value,
                };
            }

            for (; i < parameters.Length; i++)
            {
                parameters[i].Value = DBNull.Value;
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>A workspace's tables loaded in memory; the keeper connection holds the shared in-memory database open.</summary>
internal sealed record LoadedTables(string Stamp, string ConnectionString, SqliteConnection Keeper);

/// <summary>This node's loaded copies, one per workspace; a copy whose stamp no longer matches is dropped and reloaded.</summary>
internal sealed class UploadedTablesCache : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<LoadedTables>>> _loaded = new();
    private readonly SemaphoreSlim _loading = new(1, 1);

    public async Task<LoadedTables> GetAsync(
        Guid workspaceId, UploadedTablesLayout layout, Func<CancellationToken, Task<LoadedTables>> load, CancellationToken cancellationToken)
    {
        if (_loaded.TryGetValue(workspaceId, out var cached) && cached.IsValueCreated && cached.Value.IsCompletedSuccessfully
            && cached.Value.Result.Stamp == layout.Stamp)
        {
            return cached.Value.Result;
        }

        // One load at a time on a node: loading a large sheet is memory-heavy, and concurrent questions want the same copy.
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_loaded.TryGetValue(workspaceId, out cached) && cached.Value.IsCompletedSuccessfully && cached.Value.Result.Stamp == layout.Stamp)
            {
                return cached.Value.Result;
            }

            var fresh = await load(cancellationToken);
            if (_loaded.TryGetValue(workspaceId, out var stale) && stale.Value.IsCompletedSuccessfully)
            {
                // Queries still running on the stale copy hold their own connections; the database lives until they close.
                await stale.Value.Result.Keeper.DisposeAsync();
            }

            _loaded[workspaceId] = new Lazy<Task<LoadedTables>>(Task.FromResult(fresh));
            return fresh;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose()
    {
        foreach (var entry in _loaded.Values)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
            {
                entry.Value.Result.Keeper.Dispose();
            }
        }

        _loading.Dispose();
    }
}
