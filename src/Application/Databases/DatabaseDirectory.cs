using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;
using Planck.Application.Databases.Access;
using Planck.Application.Databases.Catalog;
using Planck.Application.Databases.Engines;
using Planck.Application.Databases.Secrets;
using Planck.Domain.Databases;

namespace Planck.Application.Databases;

/// <summary>
/// A workspace's databases: those an Admin connected, and its uploaded tables, which every workspace has under an id
/// derived from the workspace's, so that every node and both providers name it the same without storing it.
/// </summary>
public sealed class DatabaseDirectory(IApplicationDbContext db, DatabaseEngines engines, IConnectionSecretProtector secrets, TimeProvider clock)
{
    public const string UploadedTablesName = "Uploaded tables";
    public const string UploadedTablesDescription = "The CSV files and Excel sheets of this workspace's documents, one table each.";

    public static Guid UploadedTablesId(Guid workspaceId)
    {
        // A name-based id (RFC 9562 version 8 layout): stable, and unlike any id a connection gets (version 7).
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("planck:uploaded-tables:" + workspaceId.ToString("D")));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public async Task<bool> ExistsAsync(Guid workspaceId, Guid databaseId, CancellationToken cancellationToken) =>
        databaseId == UploadedTablesId(workspaceId)
        || await db.DatabaseConnections.AsNoTracking().AnyAsync(d => d.Id == databaseId && d.WorkspaceId == workspaceId, cancellationToken);

    /// <summary>The uploaded tables first, then the connections by name.</summary>
    public async Task<IReadOnlyList<WorkspaceDatabase>> ListAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var connections = await db.DatabaseConnections.AsNoTracking()
            .Where(d => d.WorkspaceId == workspaceId)
            .OrderBy(d => d.Name)
            .ToListAsync(cancellationToken);
        var all = new List<WorkspaceDatabase>(connections.Count + 1) { await UploadedTablesAsync(workspaceId, cancellationToken) };
        all.AddRange(connections.Select(Describe));
        return all;
    }

    /// <summary>One database of the workspace (authorization has checked it is there).</summary>
    public async Task<WorkspaceDatabase> GetAsync(Guid workspaceId, Guid databaseId, CancellationToken cancellationToken)
    {
        if (databaseId == UploadedTablesId(workspaceId))
        {
            return await UploadedTablesAsync(workspaceId, cancellationToken);
        }

        var connection = await FindConnectionAsync(workspaceId, databaseId, cancellationToken);
        return Describe(connection);
    }

    /// <summary>Where to connect, with the secret decrypted for this one use.</summary>
    public async Task<DatabaseTarget> TargetAsync(Guid workspaceId, Guid databaseId, CancellationToken cancellationToken)
    {
        if (databaseId == UploadedTablesId(workspaceId))
        {
            return new DatabaseTarget(databaseId, workspaceId, DatabaseType.Documents, string.Empty);
        }

        var connection = await FindConnectionAsync(workspaceId, databaseId, cancellationToken);
        return new DatabaseTarget(connection.Id, workspaceId, connection.Type, secrets.Unprotect(connection.ProtectedSecret));
    }

    private async Task<DatabaseConnection> FindConnectionAsync(Guid workspaceId, Guid databaseId, CancellationToken cancellationToken) =>
        await db.DatabaseConnections.AsNoTracking().FirstOrDefaultAsync(d => d.Id == databaseId && d.WorkspaceId == workspaceId, cancellationToken)
        ?? throw new NotFoundException(DatabaseAccessRule.DatabaseNotFound);

    private async Task<WorkspaceDatabase> UploadedTablesAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var id = UploadedTablesId(workspaceId);
        var catalog = engines.Supports(DatabaseType.Documents)
            ? await engines.For(DatabaseType.Documents).ReadCatalogAsync(
                new DatabaseTarget(id, workspaceId, DatabaseType.Documents, string.Empty), engines.CatalogLimits, cancellationToken)
            : DatabaseCatalog.Empty;
        var now = clock.GetUtcNow();
        return new WorkspaceDatabase(
            id, workspaceId, UploadedTablesName, DatabaseType.Documents, UploadedTablesDescription, DatabaseStatus.Ready, null, catalog.Tables.Count,
            now, now, catalog);
    }

    private static WorkspaceDatabase Describe(DatabaseConnection connection) =>
        Commands.DatabaseRules.Describe(connection, CatalogJson.Read(connection.CatalogJson));
}

/// <summary>A database of a workspace with its catalog; never its secret.</summary>
public sealed record WorkspaceDatabase(
    Guid Id,
    Guid WorkspaceId,
    string Name,
    DatabaseType Type,
    string Description,
    DatabaseStatus Status,
    string? StatusDetail,
    int TableCount,
    DateTimeOffset RefreshedAt,
    DateTimeOffset CreatedAt,
    DatabaseCatalog Catalog);
