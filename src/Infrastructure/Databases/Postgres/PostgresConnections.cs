using System.Globalization;
using System.Net.Sockets;
using Npgsql;
using Planck.Application.Databases.Engines;

namespace Planck.Infrastructure.Databases.Postgres;

/// <summary>
/// How Planck connects to a PostgreSQL database from its secret, and how what goes wrong there is told without the secret.
/// </summary>
internal static class PostgresConnections
{
    private const int MaxPoolSize = 10;
    private const int ConnectSeconds = 10;

    public static NpgsqlConnectionStringBuilder Build(string secret)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(secret);
        }
        catch (Exception invalid) when (invalid is ArgumentException or FormatException or InvalidOperationException)
        {
            // The builder's own message may quote the text it could not read, which is the secret.
            throw new DatabaseEngineException("The PostgreSQL connection string could not be read: name Host, Database, Username and the password as key=value pairs separated by semicolons.", DatabaseFailure.Connection);
        }

        builder.ApplicationName = "planck";
        // The pool is per connection string: a few connections per database are plenty for the questions one node asks.
        builder.Pooling = true;
        builder.MaxPoolSize = Math.Clamp(builder.MaxPoolSize, 1, MaxPoolSize);
        builder.MinPoolSize = 0;
        builder.Timeout = Math.Clamp(builder.Timeout, 1, ConnectSeconds);
        builder.PersistSecurityInfo = false;
        builder.IncludeErrorDetail = false;
        // How long Npgsql waits for the server to confirm a cancel before it drops the connection; the engine then stops
        // the statement from a second connection (PostgresCancellation), so the asker who left is not kept waiting.
        builder.CancellationTimeout = 500;
        // Session state a statement may have changed (SET ROLE, SET SESSION ...) must not reach the next question's connection.
        builder.NoResetOnClose = false;
        return builder;
    }

    public static string Where(NpgsqlConnectionStringBuilder builder) =>
        string.Create(CultureInfo.InvariantCulture, $"PostgreSQL on {builder.Host}:{builder.Port}");

    /// <summary>The engine's failure for what Npgsql threw, worded with the host and the server's reason only.</summary>
    public static DatabaseEngineException Failure(Exception failed, NpgsqlConnectionStringBuilder builder, TimeSpan timeout, bool connecting)
    {
        var where = Where(builder);
        var failure = failed switch
        {
            PostgresException { SqlState: "57014" or "55P03" or "25P03" } => EngineFailures.TimedOut(timeout, where, failed),
            PostgresException { SqlState: "25006" or "42501" } postgres => new DatabaseEngineException(
                $"{where} refused it: {postgres.MessageText}", DatabaseFailure.ReadOnlyViolation, failed),
            PostgresException postgres when connecting || postgres.SqlState.StartsWith("28", StringComparison.Ordinal)
                || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState == "3D000" => new DatabaseEngineException(
                $"{where} refused the connection: {postgres.MessageText}", DatabaseFailure.Connection, failed),
            PostgresException postgres => new DatabaseEngineException($"{where}: {postgres.MessageText}", DatabaseFailure.Statement, failed),
            NpgsqlException { InnerException: TimeoutException } when !connecting => EngineFailures.TimedOut(timeout, where, failed),
            NpgsqlException { InnerException: SocketException socket } => new DatabaseEngineException(
                $"{where} could not be reached: {socket.Message}", DatabaseFailure.Connection, failed),
            NpgsqlException { InnerException: TimeoutException } => new DatabaseEngineException(
                $"{where} did not answer within {builder.Timeout} seconds.", DatabaseFailure.Connection, failed),
            _ => new DatabaseEngineException($"{where} could not be used: {failed.Message}", DatabaseFailure.Connection, failed),
        };
        return EngineFailures.Scrubbed(failure, builder.Password);
    }
}
