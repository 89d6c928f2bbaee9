using Planck.Application.Common.Telemetry;
using Planck.Application.Databases.Catalog;
using Planck.Domain.Databases;

namespace Planck.Application.Databases.Engines;

/// <summary>An engine whose statements are timed and traced, by engine type and outcome (never the statement's text).</summary>
internal sealed class MeasuredDatabaseEngine(IDatabaseEngine inner) : IDatabaseEngine
{
    private readonly string _engine = inner.Type.ToString().ToLowerInvariant();

    public DatabaseType Type => inner.Type;

    public Task<DatabaseCatalog> ReadCatalogAsync(DatabaseTarget target, CatalogLimits limits, CancellationToken cancellationToken) =>
        inner.ReadCatalogAsync(target, limits, cancellationToken);

    public Task<QueryResult> QueryAsync(DatabaseTarget target, string sql, QueryLimits limits, CancellationToken cancellationToken) =>
        PlanckTelemetry.MeasureAsync(
            PlanckTelemetry.DatabaseQueryDuration,
            "planck.databases.query",
            () => inner.QueryAsync(target, sql, limits, cancellationToken),
            OutcomeOf,
            new KeyValuePair<string, object?>("engine", _engine));

    private static string OutcomeOf(Exception? failure) => failure switch
    {
        DatabaseEngineException { Failure: DatabaseFailure.Timeout } => "timeout",
        DatabaseEngineException { Failure: DatabaseFailure.ReadOnlyViolation } or DatabaseRefusedException => "refused",
        _ => PlanckTelemetry.OutcomeOf(failure),
    };
}
