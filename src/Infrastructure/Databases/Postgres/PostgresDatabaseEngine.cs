using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Planck.Application.Databases.Catalog;
using Planck.Application.Databases.Engines;
using Planck.Domain.Databases;

namespace Planck.Infrastructure.Databases.Postgres;

/// <summary>
/// A PostgreSQL database through Npgsql, as a role that can only read: refused when it could write, every statement in
/// a read-only transaction with its own timeouts, always rolled back.
/// </summary>
internal sealed class PostgresDatabaseEngine : IDatabaseEngine
{
    public DatabaseType Type => DatabaseType.Postgresql;

    public async Task<DatabaseCatalog> ReadCatalogAsync(DatabaseTarget target, CatalogLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(limits);
        var builder = PostgresConnections.Build(target.ConnectionString);
        await using var connection = await OpenAsync(builder, limits.Timeout, cancellationToken);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(limits.Timeout);
        try
        {
            // Autocommit statements here, so one failed profile query does not abort the rest; the session is read-only instead.
            await ExecuteAsync(connection, cancellationToken,
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
                Invariant($"SET statement_timeout = {Milliseconds(limits.Timeout)}"),
                Invariant($"SET lock_timeout = {Milliseconds(limits.Timeout)}"));
            await PostgresRoles.RefuseWritersAsync(connection, builder, cancellationToken);
            var (tables, manyValues) = await PostgresCatalogReader.ReadAsync(connection, limits.MaxTables, limits.ProfileDistinctValues, budget.Token);
            return new DatabaseCatalog(await CatalogProfiler.ProfileAsync(
                connection, tables, Quote, (table, column) => ShapeOf(table, column, manyValues), limits.ProfileDistinctValues, budget.Token, cancellationToken));
        }
        catch (Exception failed) when (failed is NpgsqlException || (failed is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw PostgresConnections.Failure(failed is OperationCanceledException { InnerException: NpgsqlException inner } ? inner : failed,
                builder, limits.Timeout, connecting: false);
        }
    }

    public async Task<QueryResult> QueryAsync(DatabaseTarget target, string sql, QueryLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(limits);
        var started = Stopwatch.GetTimestamp();
        var builder = PostgresConnections.Build(target.ConnectionString);
        await using var connection = await OpenAsync(builder, limits.Timeout, cancellationToken);
        var backend = connection.ProcessID;
        try
        {
            var timeout = Milliseconds(limits.Timeout);
            await ExecuteAsync(connection, cancellationToken,
                "START TRANSACTION READ ONLY",
                Invariant($"SET LOCAL statement_timeout = {timeout}"),
                Invariant($"SET LOCAL lock_timeout = {timeout}"),
                Invariant($"SET LOCAL idle_in_transaction_session_timeout = {timeout + 5000}"));
            // Checked on every question too: privileges may have been granted since the connection was added.
            await PostgresRoles.RefuseWritersAsync(connection, builder, cancellationToken);
            return await ReadAsync(connection, sql, limits, started, cancellationToken);
        }
        catch (NpgsqlException failed)
        {
            throw PostgresConnections.Failure(failed, builder, limits.Timeout, connecting: false);
        }
        catch (OperationCanceledException canceled) when (!cancellationToken.IsCancellationRequested)
        {
            throw PostgresConnections.Failure(canceled.InnerException ?? canceled, builder, limits.Timeout, connecting: false);
        }
        catch (OperationCanceledException)
        {
            // The asker left. Npgsql's cancel request is lost when it reaches the server between the protocol messages of the
            // statement (PostgreSQL ignores a cancel while it reads a message), and the statement would then run on to its
            // timeout for nobody.
            await PostgresCancellation.StopAsync(builder, backend);
            throw;
        }
        finally
        {
            await RollbackAsync(connection);
        }
    }

    private static async Task<QueryResult> ReadAsync(NpgsqlConnection connection, string sql, QueryLimits limits, long started, CancellationToken cancellationToken)
    {
        // A batch command is sent as one protocol message, never split at semicolons: "COMMIT; DELETE ..." cannot leave the
        // read-only transaction, the server refuses more than one statement in it.
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { new NpgsqlBatchCommand(sql) } };
        batch.Timeout = (int)Math.Ceiling(limits.Timeout.TotalSeconds) + 5;
        var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var (columns, rows, truncated) = await BoundedResults.ReadAsync(reader, PostgresValues.For, limits.MaxRows, batch.Cancel, cancellationToken);
        return new QueryResult(columns, rows, truncated, Stopwatch.GetElapsedTime(started));
    }

    private static async Task<NpgsqlConnection> OpenAsync(NpgsqlConnectionStringBuilder builder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception failed) when (failed is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            await connection.DisposeAsync();
            throw PostgresConnections.Failure(failed, builder, timeout, connecting: true);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task RollbackAsync(NpgsqlConnection connection)
    {
        if (connection.FullState != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // A broken connection is not returned to the pool; the server ends its transaction with it.
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, CancellationToken cancellationToken, params string[] statements)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var statement in statements)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static ProfileShape ShapeOf(CatalogTable table, CatalogColumn column, HashSet<(string, string, string)> manyValues)
    {
        var type = column.Type;
        if (type is "smallint" or "integer" or "bigint" or "real" or "double precision" or "date"
            || type.StartsWith("numeric", StringComparison.Ordinal) || type.StartsWith("timestamp", StringComparison.Ordinal))
        {
            return ProfileShape.Range;
        }

        if (type is "text" or "citext" || type.StartsWith("character", StringComparison.Ordinal) || type.StartsWith("varchar", StringComparison.Ordinal))
        {
            return manyValues.Contains((table.Schema!, table.Name, column.Name)) ? ProfileShape.None : ProfileShape.DistinctValues;
        }

        return ProfileShape.None;
    }

    private static long Milliseconds(TimeSpan timeout) => (long)Math.Ceiling(timeout.TotalMilliseconds);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
