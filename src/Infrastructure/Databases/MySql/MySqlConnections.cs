using System.Globalization;
using MySqlConnector;
using Planck.Application.Databases.Engines;

namespace Planck.Infrastructure.Databases.MySql;

/// <summary>
/// How Planck connects to a MySQL or MariaDB database from its secret, and how what goes wrong there is told without the
/// secret.
/// </summary>
internal static class MySqlConnections
{
    private const uint MaxPoolSize = 10;
    private const uint ConnectSeconds = 10;

    public static MySqlConnectionStringBuilder Build(string secret)
    {
        MySqlConnectionStringBuilder builder;
        try
        {
            builder = new MySqlConnectionStringBuilder(secret);
        }
        catch (Exception invalid) when (invalid is ArgumentException or FormatException or InvalidOperationException)
        {
            // The builder's own message may quote the text it could not read, which is the secret.
            throw new DatabaseEngineException("The MySQL connection string could not be read: name Server, Database, User ID and Password as key=value pairs separated by semicolons.", DatabaseFailure.Connection);
        }

        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            // The catalog is one database's: without one, the role's reach is every schema it was granted.
            throw new DatabaseEngineException("The MySQL connection string names no Database: add Database=… for the one to read.", DatabaseFailure.Connection);
        }

        builder.ApplicationName = "planck";
        builder.Pooling = true;
        builder.MaximumPoolSize = Math.Clamp(builder.MaximumPoolSize, 1, MaxPoolSize);
        builder.MinimumPoolSize = 0;
        builder.ConnectionTimeout = Math.Clamp(builder.ConnectionTimeout, 1, ConnectSeconds);
        builder.PersistSecurityInfo = false;
        // Session state a statement may have changed must not reach the next question's connection.
        builder.ConnectionReset = true;
        // A server may ask the client to send it a local file (LOAD DATA LOCAL); this client never will.
        builder.AllowLoadLocalInfile = false;
        // "@name" stays an error: user variables are one way a statement could carry state between questions.
        builder.AllowUserVariables = false;
        // A zero date ('0000-00-00') must not throw mid-result: dates come back as MySqlDateTime, and invalid ones as text.
        builder.AllowZeroDateTime = true;
        builder.ConvertZeroDateTime = false;
        return builder;
    }

    public static string Where(MySqlConnectionStringBuilder builder) =>
        string.Create(CultureInfo.InvariantCulture, $"MySQL on {builder.Server}:{builder.Port}");

    /// <summary>The engine's failure for what MySqlConnector threw, worded with the host and the server's reason only.</summary>
    public static DatabaseEngineException Failure(Exception failed, MySqlConnectionStringBuilder builder, TimeSpan timeout, bool connecting)
    {
        var where = Where(builder);
        var failure = failed switch
        {
            // 1969 MariaDB's max_statement_time, 3024 MySQL's max_execution_time, 1317 interrupted by the connector's KILL QUERY
            // when the command timeout fired, 1205 a row or metadata lock waited on for too long.
            MySqlException { Number: 1969 or 3024 or 1317 or 1205 } => EngineFailures.TimedOut(timeout, where, failed),
            MySqlException { ErrorCode: MySqlErrorCode.CommandTimeoutExpired } => EngineFailures.TimedOut(timeout, where, failed),
            // 1792 a write inside the read-only transaction; 1044/1045/1142/1143/1227/1370 a privilege the user lacks (a database,
            // FILE, a table, a column, an administrative one, a routine); 1290/1148 refused by the server's options.
            MySqlException { Number: 1792 or 1044 or 1045 or 1142 or 1143 or 1227 or 1370 or 1290 or 1148 } mysql when !connecting => new DatabaseEngineException(
                $"{where} refused it: {mysql.Message}", DatabaseFailure.ReadOnlyViolation, failed),
            MySqlException { Number: 1044 or 1045 or 1049 or 1130 or 1040 or 1203 } mysql => new DatabaseEngineException(
                $"{where} refused the connection: {mysql.Message}", DatabaseFailure.Connection, failed),
            MySqlException { ErrorCode: MySqlErrorCode.UnableToConnectToHost } mysql => new DatabaseEngineException(
                $"{where} could not be reached: {mysql.Message}", DatabaseFailure.Connection, failed),
            MySqlException mysql when connecting => new DatabaseEngineException(
                $"{where} refused the connection: {mysql.Message}", DatabaseFailure.Connection, failed),
            // Server errors carry a number; the connector's own (a broken stream, a protocol error) do not.
            MySqlException { Number: > 0 and < 10000 } mysql => new DatabaseEngineException($"{where}: {mysql.Message}", DatabaseFailure.Statement, failed),
            _ => new DatabaseEngineException($"{where} could not be used: {failed.Message}", DatabaseFailure.Connection, failed),
        };
        return EngineFailures.Scrubbed(failure, builder.Password);
    }
}
