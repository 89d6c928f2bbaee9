using Microsoft.Extensions.Options;
using Planck.Application.Common.Exceptions;
using Planck.Application.Databases.Catalog;
using Planck.Domain.Databases;

namespace Planck.Application.Databases.Engines;

/// <summary>The registered engines by type, with the configured limits, and the one way a catalog is read.</summary>
public sealed class DatabaseEngines(IEnumerable<IDatabaseEngine> engines, IOptions<DatabasesOptions> options)
{
    private readonly Dictionary<DatabaseType, IDatabaseEngine> _byType =
        engines.ToDictionary(e => e.Type, IDatabaseEngine (e) => new MeasuredDatabaseEngine(e));

    public DatabasesOptions Options => options.Value;

    public CatalogLimits CatalogLimits =>
        new(TimeSpan.FromSeconds(Options.CatalogTimeoutSeconds), Options.MaxTables, Options.ProfileDistinctValues);

    public QueryLimits QueryLimits => new(Options.MaxRows, TimeSpan.FromSeconds(Options.QueryTimeoutSeconds));

    public bool Supports(DatabaseType type) => _byType.ContainsKey(type);

    public IDatabaseEngine For(DatabaseType type) =>
        _byType.TryGetValue(type, out var engine) ? engine : throw new InvalidOperationException($"No engine is registered for {type} databases.");

    /// <summary>
    /// Reads a catalog for an Admin's request. A role that can write, and a database that cannot be reached or read, are the
    /// request's fault: 400 on <c>connection_string</c> with the engine's reason (host and cause, never the secret).
    /// </summary>
    public async Task<DatabaseCatalog> ReadForAdminAsync(DatabaseTarget target, CancellationToken cancellationToken)
    {
        if (!Supports(target.Type))
        {
            throw new RequestValidationException(
                "type", $"This server has no engine for {DatabaseTypes.Name(target.Type)} databases; connect PostgreSQL, MySQL/MariaDB or SQLite, or upload the data as CSV.");
        }

        try
        {
            return await For(target.Type).ReadCatalogAsync(target, CatalogLimits, cancellationToken);
        }
        catch (DatabaseRefusedException refused)
        {
            throw new RequestValidationException(ConnectionStringField, refused.Message);
        }
        catch (DatabaseEngineException failed)
        {
            throw new RequestValidationException(ConnectionStringField, $"The database could not be read: {failed.Message}");
        }
    }

    public const string ConnectionStringField = "connection_string";
}
