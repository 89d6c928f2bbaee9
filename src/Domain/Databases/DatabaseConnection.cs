using Planck.Domain.Common;

namespace Planck.Domain.Databases;

/// <summary>
/// A database an Admin connected to a workspace. The secret (the connection string) is only ever held protected;
/// the catalog is the last schema read from the database, kept so that answers need not read it again.
/// </summary>
public sealed class DatabaseConnection
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxStatusDetailLength = 1000;

    private DatabaseConnection()
    {
        Name = string.Empty;
        Description = string.Empty;
        ProtectedSecret = string.Empty;
        CatalogJson = "{}";
    }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }
    public string Name { get; private set; }
    public DatabaseType Type { get; private set; }
    public string Description { get; private set; }

    /// <summary>The connection string as Data Protection protected it; never the plain secret.</summary>
    public string ProtectedSecret { get; private set; }

    public DatabaseStatus Status { get; private set; }

    /// <summary>Why the last refresh failed, safe to show (names host and reason, never the secret); null when ready.</summary>
    public string? StatusDetail { get; private set; }

    public string CatalogJson { get; private set; }
    public int TableCount { get; private set; }
    public DateTimeOffset RefreshedAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>A connection whose catalog has just been read: a database is only ever saved after it answered.</summary>
    public static DatabaseConnection Connect(
        Guid workspaceId, string name, DatabaseType type, string? description, string protectedSecret, string catalogJson, int tableCount,
        DateTimeOffset now)
    {
        if (type == DatabaseType.Documents)
        {
            throw new DomainRuleException("A workspace's uploaded tables are built in; they cannot be connected.");
        }

        return new DatabaseConnection
        {
            Id = Guid.CreateVersion7(now),
            WorkspaceId = workspaceId,
            Name = name.Trim(),
            Type = type,
            Description = description?.Trim() ?? string.Empty,
            ProtectedSecret = protectedSecret,
            Status = DatabaseStatus.Ready,
            CatalogJson = catalogJson,
            TableCount = tableCount,
            RefreshedAt = now,
            CreatedAt = now,
        };
    }

    public void Rename(string name) => Name = name.Trim();

    public void Describe(string? description) => Description = description?.Trim() ?? string.Empty;

    /// <summary>A new secret comes with the catalog read through it, so a connection never holds a secret that did not work.</summary>
    public void ReplaceSecret(string protectedSecret, string catalogJson, int tableCount, DateTimeOffset now)
    {
        ProtectedSecret = protectedSecret;
        Refreshed(catalogJson, tableCount, now);
    }

    public void Refreshed(string catalogJson, int tableCount, DateTimeOffset now)
    {
        CatalogJson = catalogJson;
        TableCount = tableCount;
        RefreshedAt = now;
        Status = DatabaseStatus.Ready;
        StatusDetail = null;
    }

    /// <summary>The database could not be read; the last catalog stays, so answers keep their grounding.</summary>
    public void RefreshFailed(string detail, DateTimeOffset now)
    {
        Status = DatabaseStatus.Unavailable;
        StatusDetail = detail.Length <= MaxStatusDetailLength ? detail : detail[..MaxStatusDetailLength];
        RefreshedAt = now;
    }
}

public enum DatabaseStatus
{
    Ready,
    Unavailable,
}

/// <summary>What an Admin says a workspace's data means, as the JSON the API takes (checked against the catalogs when saved).</summary>
public sealed class WorkspaceContext
{
    private WorkspaceContext()
    {
        ContextJson = "{}";
    }

    public Guid WorkspaceId { get; private set; }
    public string ContextJson { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static WorkspaceContext For(Guid workspaceId, string contextJson, DateTimeOffset now) =>
        new() { WorkspaceId = workspaceId, ContextJson = contextJson, UpdatedAt = now };

    public void Replace(string contextJson, DateTimeOffset now)
    {
        ContextJson = contextJson;
        UpdatedAt = now;
    }
}
