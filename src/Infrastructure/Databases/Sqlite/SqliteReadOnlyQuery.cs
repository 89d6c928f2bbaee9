using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Planck.Application.Databases.Engines;
using SQLitePCL;

namespace Planck.Infrastructure.Databases.Sqlite;

/// <summary>
/// Runs statements on a SQLite connection the engine's own way of being read-only: <c>query_only</c>, then an
/// authorizer that allows reading and harmless functions only (no ATTACH, no writing PRAGMA, no writes, no transactions,
/// no extension or file functions), and an interrupt when the timeout passes or the caller goes away. Shared by
/// connected SQLite files and a workspace's uploaded tables.
/// </summary>
internal static class SqliteReadOnlyQuery
{
    private const int Allow = 0;
    private const int Deny = 1;
    private const int ActionPragma = 19;
    private const int ActionRead = 20;
    private const int ActionSelect = 21;
    private const int ActionFunction = 31;
    private const int ActionRecursive = 33;

    private static readonly HashSet<string> DeniedFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "load_extension", "readfile", "writefile", "edit", "fts3_tokenizer", "zipfile", "sqlar_compress", "sqlar_uncompress",
    };

    // A table-valued pragma (SELECT * FROM pragma_table_info('t')) reaches the authorizer as that PRAGMA with its argument,
    // so "a PRAGMA with an argument" cannot tell reading from writing: only these, which never write whatever the argument, pass.
    private static readonly HashSet<string> IntrospectionPragmas = new(StringComparer.OrdinalIgnoreCase)
    {
        "table_info", "table_xinfo", "foreign_key_list", "index_list", "index_info", "index_xinfo",
    };

    // Kept in a field so the delegate outlives every native call that may invoke it.
    private static readonly strdelegate_authorizer Authorizer = Authorize;

    /// <summary>Opens the connection and makes it read-only before any statement of the caller runs.</summary>
    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA query_only = 1";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            raw.sqlite3_set_authorizer(connection.Handle, Authorizer, null);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Interrupts whatever the connection runs when <paramref name="token"/> fires; dispose it before the connection.</summary>
    public static CancellationTokenRegistration InterruptOn(SqliteConnection connection, CancellationToken token) =>
        token.Register(() => raw.sqlite3_interrupt(connection.Handle));

    public static async Task<QueryResult> RunAsync(string connectionString, string sql, QueryLimits limits, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        using var timeout = new CancellationTokenSource(limits.Timeout);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        await using var registration = InterruptOn(connection, interrupt.Token);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
            var columns = Enumerable.Range(0, reader.FieldCount)
                .Select(i => new ResultColumn(reader.GetName(i), reader.GetDataTypeName(i), DeclaredKind(reader.GetDataTypeName(i))))
                .ToList();
            var rows = new List<object?[]>();
            var truncated = false;
            while (await reader.ReadAsync(CancellationToken.None))
            {
                if (rows.Count == limits.MaxRows)
                {
                    truncated = true;
                    break;
                }

                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i) is byte[] bytes ? $"({bytes.Length} bytes)" : reader.GetValue(i);
                }

                rows.Add(row);
            }

            // SQLite types values, not columns: the declared type is a hint the values must bear out.
            var typed = columns.Select((c, i) => c with { Kind = Settle(rows, i, c.Kind) }).ToList();
            return new QueryResult(typed, rows, truncated, Stopwatch.GetElapsedTime(started));
        }
        catch (SqliteException failed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw Failure(failed, limits.Timeout);
        }
    }

    /// <summary>The engine's failure for a SQLite error: an interrupt is the timeout, an authorizer or read-only refusal is final.</summary>
    public static DatabaseEngineException Failure(SqliteException failed, TimeSpan timeout) => failed.SqliteErrorCode switch
    {
        raw.SQLITE_INTERRUPT => new DatabaseEngineException(
            string.Create(CultureInfo.InvariantCulture, $"The query ran longer than {timeout.TotalSeconds:0} seconds and was stopped."),
            DatabaseFailure.Timeout, failed),
        raw.SQLITE_AUTH or raw.SQLITE_READONLY => new DatabaseEngineException($"SQLite refused it: {Reason(failed)}", DatabaseFailure.ReadOnlyViolation, failed),
        _ => new DatabaseEngineException(Reason(failed), DatabaseFailure.Statement, failed),
    };

    private static int Authorize(object userData, int actionCode, string param0, string param1, string dbName, string innerMostTriggerOrView) =>
        actionCode switch
        {
            ActionRead or ActionSelect or ActionRecursive => Allow,
            ActionFunction => DeniedFunctions.Contains(param1 ?? string.Empty) ? Deny : Allow,
            ActionPragma => IntrospectionPragmas.Contains(param0 ?? string.Empty) ? Allow : Deny,
            _ => Deny,
        };

    /// <summary>SQLite's own message, without the "SQLite Error 1:" prefix the provider adds.</summary>
    private static string Reason(SqliteException failed)
    {
        var message = failed.Message;
        var colon = message.IndexOf("'.", StringComparison.Ordinal);
        return message.StartsWith("SQLite Error", StringComparison.Ordinal) && message.IndexOf('\'', StringComparison.Ordinal) is var start and >= 0 && colon > start
            ? message[(start + 1)..colon]
            : message;
    }

    /// <summary>
    /// The column's kind from its values: a declared number stays a number while every value is one, a declared text
    /// (or an expression, which has no declared type) takes the kind its values have.
    /// </summary>
    private static ResultKind Settle(List<object?[]> rows, int column, ResultKind declared)
    {
        ResultKind? seen = null;
        foreach (var row in rows)
        {
            var valueKind = row[column] switch
            {
                null => seen,
                long => seen == ResultKind.Number ? ResultKind.Number : ResultKind.WholeNumber,
                double => ResultKind.Number,
                _ => ResultKind.Text,
            };
            if (valueKind == ResultKind.Text)
            {
                return ResultKind.Text;
            }

            seen = valueKind;
        }

        return (declared, seen) switch
        {
            (_, null) => declared,
            (ResultKind.Number, ResultKind.WholeNumber) => ResultKind.Number,
            _ => seen.Value,
        };
    }

    /// <summary>SQLite's type affinity rules (section 3.1 of its datatype page), in their order.</summary>
    private static ResultKind DeclaredKind(string declared)
    {
        var type = declared.ToUpperInvariant();
        return type switch
        {
            _ when type.Contains("INT", StringComparison.Ordinal) => ResultKind.WholeNumber,
            _ when type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal)
                || type.Contains("TEXT", StringComparison.Ordinal) => ResultKind.Text,
            _ when type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal)
                || type.Contains("DOUB", StringComparison.Ordinal) || type.Contains("NUM", StringComparison.Ordinal)
                || type.Contains("DEC", StringComparison.Ordinal) => ResultKind.Number,
            _ => ResultKind.Text,
        };
    }
}
