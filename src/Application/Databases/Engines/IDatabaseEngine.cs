using Planck.Application.Databases.Catalog;
using Planck.Domain.Databases;

namespace Planck.Application.Databases.Engines;

/// <summary>
/// One engine's port (Npgsql, MySqlConnector, SQLite, a workspace's uploaded tables). It only ever reads the catalog and
/// runs one already validated statement read-only; it never goes through EF and never writes.
/// </summary>
public interface IDatabaseEngine
{
    DatabaseType Type { get; }

    /// <summary>
    /// Connects, refuses a role that can write or is a superuser (<see cref="DatabaseRefusedException"/>), reads the
    /// catalog and profiles the columns, all within <paramref name="limits"/>.
    /// </summary>
    Task<DatabaseCatalog> ReadCatalogAsync(DatabaseTarget target, CatalogLimits limits, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one statement inside the engine's read-only transaction with its statement timeout, always rolled back,
    /// and stops reading after <see cref="QueryLimits.MaxRows"/> rows. Cancelling cancels the query on the server.
    /// </summary>
    Task<QueryResult> QueryAsync(DatabaseTarget target, string sql, QueryLimits limits, CancellationToken cancellationToken);
}

/// <summary>
/// Where a database is. <see cref="ConnectionString"/> is the decrypted secret: keep it in memory only, never log it.
/// For <see cref="DatabaseType.Documents"/> it is empty and <see cref="WorkspaceId"/> says whose tables.
/// </summary>
public sealed record DatabaseTarget(Guid DatabaseId, Guid WorkspaceId, DatabaseType Type, string ConnectionString)
{
    // A record's generated ToString would print the secret into any log line or exception that formats the target.
    public override string ToString() => $"{Type} database {DatabaseId}";
}

public sealed record CatalogLimits(TimeSpan Timeout, int MaxTables, int ProfileDistinctValues);

public sealed record QueryLimits(int MaxRows, TimeSpan Timeout);

/// <summary>
/// A result. Cell values are <see cref="long"/>, <see cref="double"/> or <see cref="decimal"/> for numbers,
/// <see cref="bool"/>, <see cref="DateOnly"/>, <see cref="DateTime"/> (UTC or unspecified), <see cref="string"/>, or null.
/// </summary>
public sealed record QueryResult(IReadOnlyList<ResultColumn> Columns, IReadOnlyList<object?[]> Rows, bool Truncated, TimeSpan Elapsed);

/// <summary>A result column, with the engine's type name and the kind Planck reasons about.</summary>
public sealed record ResultColumn(string Name, string EngineType, ResultKind Kind);

public enum ResultKind
{
    Text,
    WholeNumber,
    Number,
    Boolean,
    Date,
    DateTime,
    Other,
}

/// <summary>
/// The database itself failed: cannot connect, or the statement failed there (unknown column, syntax, timeout).
/// <see cref="Exception.Message"/> names host and reason and is safe to show: never the password or connection string.
/// </summary>
public class DatabaseEngineException(string message, DatabaseFailure failure, Exception? innerException = null)
    : Exception(message, innerException)
{
    public DatabaseFailure Failure { get; } = failure;
}

public enum DatabaseFailure
{
    /// <summary>Could not connect or sign in.</summary>
    Connection,
    /// <summary>The statement failed in the engine (syntax, unknown name, type error): the model may try again.</summary>
    Statement,
    /// <summary>The statement ran past its timeout and was stopped.</summary>
    Timeout,
    /// <summary>The engine refused it as a write or a forbidden operation: final.</summary>
    ReadOnlyViolation,
}

/// <summary>The connection works but must not be used: the role can write or is a superuser. The message says how to make a read-only role.</summary>
public sealed class DatabaseRefusedException(string message) : Exception(message);
