using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Planck.Application.Databases.Engines;
using SQLitePCL;

namespace Planck.Infrastructure.Databases.UploadedTables;

/// <summary>
/// Runs one statement on a SQLite connection the engine's own way of being read-only: <c>query_only</c>, then an
/// authorizer that allows reading and harmless functions only (no ATTACH, no PRAGMA, no writes, no transactions, no
/// extension or file functions), and an interrupt when the timeout passes or the caller goes away.
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

    // Kept in a field so the delegate outlives every native call that may invoke it.
    private static readonly strdelegate_authorizer Authorizer = Authorize;

    public static async Task<QueryResult> RunAsync(string connectionString, string sql, QueryLimits limits, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA query_only = 1";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        raw.sqlite3_set_authorizer(connection.Handle, Authorizer, null);
        using var timeout = new CancellationTokenSource(limits.Timeout);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        await using var registration = interrupt.Token.Register(() => raw.sqlite3_interrupt(connection.Handle));
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
            var columns = Enumerable.Range(0, reader.FieldCount)
                .Select(i => new ResultColumn(reader.GetName(i), reader.GetDataTypeName(i), Kind(reader.GetDataTypeName(i))))
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

            // SQLite types values, not columns: an expression's column has no declared type, so its kind comes from its values.
            var typed = columns.Select((c, i) => c with { Kind = KindOfValues(rows, i) ?? c.Kind }).ToList();
            return new QueryResult(typed, rows, truncated, Stopwatch.GetElapsedTime(started));
        }
        catch (SqliteException failed) when (failed.SqliteErrorCode == raw.SQLITE_INTERRUPT)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new DatabaseEngineException(
                string.Create(CultureInfo.InvariantCulture, $"The query ran longer than {limits.Timeout.TotalSeconds:0} seconds and was stopped."),
                DatabaseFailure.Timeout, failed);
        }
        catch (SqliteException failed) when (failed.SqliteErrorCode is raw.SQLITE_AUTH or raw.SQLITE_READONLY)
        {
            throw new DatabaseEngineException($"SQLite refused it: {Reason(failed)}", DatabaseFailure.ReadOnlyViolation, failed);
        }
        catch (SqliteException failed)
        {
            throw new DatabaseEngineException(Reason(failed), DatabaseFailure.Statement, failed);
        }
    }

    private static int Authorize(object userData, int actionCode, string param0, string param1, string dbName, string innerMostTriggerOrView) =>
        actionCode switch
        {
            ActionRead or ActionSelect or ActionRecursive => Allow,
            ActionFunction => DeniedFunctions.Contains(param1 ?? string.Empty) ? Deny : Allow,
            ActionPragma => Deny,
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

    private static ResultKind? KindOfValues(List<object?[]> rows, int column)
    {
        ResultKind? kind = null;
        foreach (var row in rows)
        {
            var valueKind = row[column] switch
            {
                null => kind,
                long => kind == ResultKind.Number ? ResultKind.Number : ResultKind.WholeNumber,
                double => ResultKind.Number,
                _ => ResultKind.Text,
            };
            if (valueKind == ResultKind.Text)
            {
                return ResultKind.Text;
            }

            kind = valueKind;
        }

        return kind;
    }

    private static ResultKind Kind(string declared) => declared.ToUpperInvariant() switch
    {
        "INTEGER" => ResultKind.WholeNumber,
        "REAL" => ResultKind.Number,
        _ => ResultKind.Text,
    };
}
