using System.Diagnostics;
using System.Globalization;
using MySqlConnector;
using Planck.Application.Databases.Catalog;
using Planck.Application.Databases.Engines;
using Planck.Domain.Databases;

namespace Planck.Infrastructure.Databases.MySql;

/// <summary>
/// A MySQL or MariaDB database through MySqlConnector, as a user whose every grant only reads: refused otherwise, every
/// statement in a read-only transaction under the server's own statement and lock timeouts, always rolled back. A
/// cancelled or timed-out statement is killed on the server (the connector sends KILL QUERY).
/// </summary>
internal sealed class MySqlDatabaseEngine : IDatabaseEngine
{
    public DatabaseType Type => DatabaseType.Mysql;

    public async Task<DatabaseCatalog> ReadCatalogAsync(DatabaseTarget target, CatalogLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(limits);
        var builder = MySqlConnections.Build(target.ConnectionString);
        // Profiling reads MIN and MAX of dates into text: a zero date there is better read as the earliest date than as a special type.
        builder.AllowZeroDateTime = false;
        builder.ConvertZeroDateTime = true;
        await using var connection = await OpenAsync(builder, limits.Timeout, cancellationToken);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(limits.Timeout);
        try
        {
            // Autocommit statements here, so one failed profile query does not end the rest; the session is read-only instead.
            await ExecuteAsync(connection, SessionLimits(connection, limits.Timeout), cancellationToken);
            await ExecuteAsync(connection, "SET SESSION TRANSACTION READ ONLY", cancellationToken);
            await MySqlGrants.RefuseWritersAsync(connection, builder, cancellationToken);
            var (tables, dataTypes) = await MySqlCatalogReader.ReadAsync(connection, limits.MaxTables, budget.Token);
            return new DatabaseCatalog(await CatalogProfiler.ProfileAsync(
                connection, tables, Quote, (table, column) => ShapeOf(column, dataTypes.GetValueOrDefault((table.Name, column.Name))),
                limits.ProfileDistinctValues, budget.Token, cancellationToken));
        }
        catch (Exception failed) when (failed is MySqlException || (failed is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw MySqlConnections.Failure(failed is OperationCanceledException { InnerException: MySqlException inner } ? inner : failed,
                builder, limits.Timeout, connecting: false);
        }
    }

    public async Task<QueryResult> QueryAsync(DatabaseTarget target, string sql, QueryLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(limits);
        var started = Stopwatch.GetTimestamp();
        var builder = MySqlConnections.Build(target.ConnectionString);
        await using var connection = await OpenAsync(builder, limits.Timeout, cancellationToken);
        var inTransaction = false;
        try
        {
            await ExecuteAsync(connection, SessionLimits(connection, limits.Timeout), cancellationToken);
            // Checked on every question too: privileges may have been granted since the connection was added.
            await MySqlGrants.RefuseWritersAsync(connection, builder, cancellationToken);
            await ExecuteAsync(connection, "START TRANSACTION READ ONLY", cancellationToken);
            inTransaction = true;
            return await ReadAsync(connection, builder, sql, limits, started, cancellationToken);
        }
        catch (MySqlException failed)
        {
            throw MySqlConnections.Failure(failed, builder, limits.Timeout, connecting: false);
        }
        catch (OperationCanceledException canceled) when (!cancellationToken.IsCancellationRequested)
        {
            throw MySqlConnections.Failure(canceled.InnerException ?? canceled, builder, limits.Timeout, connecting: false);
        }
        finally
        {
            if (inTransaction)
            {
                await RollbackAsync(connection);
            }
        }
    }

    private static async Task<QueryResult> ReadAsync(
        MySqlConnection connection, MySqlConnectionStringBuilder builder, string sql, QueryLimits limits, long started, CancellationToken cancellationToken)
    {
        var result = await ReadRowsAsync(connection, sql, limits, started, cancellationToken);
        // MariaDB ends a recursive CTE at max_recursive_iterations with only a warning: the rows are a cut-off result.
        return !result.Truncated && await WarnedAsync(connection, ResultIncomplete, cancellationToken)
            ? throw new DatabaseEngineException(
                $"{MySqlConnections.Where(builder)} stopped the statement at its recursion limit (max_recursive_iterations), so the result would be incomplete; write it without unbounded recursion.",
                DatabaseFailure.Statement)
            : result;
    }

    /// <summary>Whether the last statement left the warning <paramref name="code"/>.</summary>
    private static async Task<bool> WarnedAsync(MySqlConnection connection, int code, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SHOW WARNINGS", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var warned = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            warned |= Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture) == code;
        }

        return warned;
    }

    private static async Task<QueryResult> ReadRowsAsync(MySqlConnection connection, string sql, QueryLimits limits, long started, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection)
        {
            // The server's own timeout stops the statement first; this one is the connector's backstop, and it kills the query too.
            CommandTimeout = (int)Math.Ceiling(limits.Timeout.TotalSeconds) + 5,
        };
        var reader = await command.ExecuteReaderAsync(cancellationToken);
        var (columns, rows, truncated) = await BoundedResults.ReadAsync(reader, MySqlValues.For, limits.MaxRows, command.Cancel, cancellationToken);
        return new QueryResult(columns, rows, truncated, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// The server's statement timeout (MariaDB's max_statement_time in seconds, MySQL's MAX_EXECUTION_TIME in milliseconds),
    /// lock waits bounded the same, and UTC for TIMESTAMP values.
    /// </summary>
    private static string SessionLimits(MySqlConnection connection, TimeSpan timeout)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(timeout.TotalSeconds));
        var statementTimeout = connection.ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase)
            ? Invariant($"SESSION max_statement_time = {timeout.TotalSeconds:0.###}")
            : Invariant($"SESSION MAX_EXECUTION_TIME = {(long)Math.Ceiling(timeout.TotalMilliseconds)}");
        return Invariant($"SET SESSION time_zone = '+00:00', SESSION lock_wait_timeout = {seconds}, SESSION innodb_lock_wait_timeout = {seconds}, {statementTimeout}");
    }

    private static async Task<MySqlConnection> OpenAsync(MySqlConnectionStringBuilder builder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception failed) when (failed is MySqlException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            await connection.DisposeAsync();
            throw MySqlConnections.Failure(failed, builder, timeout, connecting: true);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task RollbackAsync(MySqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var rollback = new MySqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (MySqlException)
        {
            // A broken connection is not returned to the pool in use; the server ends its transaction with it.
        }
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string statement, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(statement, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // ER_QUERY_RESULT_INCOMPLETE: MariaDB's warning that a limit cut the statement short.
    private const int ResultIncomplete = 1931;

    internal static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    private static ProfileShape ShapeOf(CatalogColumn column, string? dataType) => dataType?.ToLowerInvariant() switch
    {
        // TINYINT(1) is how MySQL spells a boolean: its range says nothing.
        "tinyint" when column.Type.StartsWith("tinyint(1)", StringComparison.OrdinalIgnoreCase) => ProfileShape.None,
        "tinyint" or "smallint" or "mediumint" or "int" or "bigint" or "decimal" or "float" or "double" or "year"
            or "date" or "datetime" or "timestamp" => ProfileShape.Range,
        "char" or "varchar" or "enum" => ProfileShape.DistinctValues,
        _ => ProfileShape.None,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
