using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Planck.Application.Databases;
using Planck.Application.Databases.Catalog;
using Planck.Application.Databases.Engines;
using Planck.Domain.Databases;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.Databases.Sqlite;

/// <summary>
/// A SQLite file in the server's SQLite directory, opened read-only (<c>Mode=ReadOnly</c>, <c>query_only</c>, the
/// read-only authorizer), never Planck's own database.
/// </summary>
internal sealed class SqliteDatabaseEngine(IOptions<DatabasesOptions> options, IOptions<PlanckOptions> planck) : IDatabaseEngine
{
    public DatabaseType Type => DatabaseType.Sqlite;

    public async Task<DatabaseCatalog> ReadCatalogAsync(DatabaseTarget target, CatalogLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(limits);
        await using var connection = await OpenAsync(target, cancellationToken);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(limits.Timeout);
        await using var interrupt = SqliteReadOnlyQuery.InterruptOn(connection, budget.Token);
        List<CatalogTable> tables;
        try
        {
            tables = await SqliteCatalogReader.ReadAsync(connection, limits.MaxTables, cancellationToken);
        }
        catch (SqliteException failed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw SqliteReadOnlyQuery.Failure(failed, limits.Timeout);
        }

        return new DatabaseCatalog(await CatalogProfiler.ProfileAsync(
            connection, tables, Quote, ShapeOf, limits.ProfileDistinctValues, budget.Token, cancellationToken));
    }

    public async Task<QueryResult> QueryAsync(DatabaseTarget target, string sql, QueryLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(limits);
        return await SqliteReadOnlyQuery.RunAsync(ConnectionString(target), sql, limits, cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(DatabaseTarget target, CancellationToken cancellationToken)
    {
        try
        {
            return await SqliteReadOnlyQuery.OpenAsync(ConnectionString(target), cancellationToken);
        }
        catch (SqliteException failed)
        {
            throw new DatabaseEngineException($"The SQLite file could not be opened: {failed.Message}", DatabaseFailure.Connection, failed);
        }
    }

    private string ConnectionString(DatabaseTarget target)
    {
        var planckData = planck.Value.FullDataDirectory;
        var file = SqliteFileLocation.Resolve(target.ConnectionString, options.Value.SqliteDirectory, [planckData]);
        return new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadOnly,
            // A pooled handle would outlive the file being replaced or removed by the administrator.
            Pooling = false,
        }.ToString();
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static ProfileShape ShapeOf(CatalogTable table, CatalogColumn column)
    {
        var type = column.Type.ToUpperInvariant();
        if (type.Contains("INT", StringComparison.Ordinal) || type.Contains("REAL", StringComparison.Ordinal)
            || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal)
            || type.Contains("NUM", StringComparison.Ordinal) || type.Contains("DEC", StringComparison.Ordinal)
            || type.Contains("DATE", StringComparison.Ordinal) || type.Contains("TIME", StringComparison.Ordinal))
        {
            return ProfileShape.Range;
        }

        return type.Length == 0 || type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal)
            || type.Contains("CLOB", StringComparison.Ordinal)
            ? ProfileShape.DistinctValues
            : ProfileShape.None;
    }
}
