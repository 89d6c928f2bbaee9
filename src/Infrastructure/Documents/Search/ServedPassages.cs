using Planck.Domain.Documents;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>A document whose passages search serves, and the version of those passages.</summary>
internal sealed class ServedDocument
{
    public Guid Id { get; init; }

    /// <summary>Changes exactly when the document's passages do (not with progress writes, which touch <c>updated_at</c>).</summary>
    public DateTimeOffset? Version { get; init; }

    public int Chunks { get; init; }
}

/// <summary>A served passage's vector.</summary>
internal sealed class ServedVector
{
    public long ChunkId { get; init; }
    public Guid DocumentId { get; init; }
    public byte[]? Embedding { get; init; }
}

/// <summary>
/// The one place that says which passages the in-process vector index serves and what their version is. Today:
/// the passages of ready documents, versioned by the time processing finished.
/// </summary>
internal static class ServedPassages
{
    public static IQueryable<ServedDocument> Documents(PlanckDbContext db, Guid workspaceId) =>
        db.Documents
            .Where(d => d.WorkspaceId == workspaceId && d.Status == DocumentStatus.Ready)
            .Select(d => new ServedDocument { Id = d.Id, Version = d.ProcessedAt, Chunks = d.ChunkCount ?? 0 });

    /// <param name="onlyDocuments">Null for the whole workspace.</param>
    public static IQueryable<ServedVector> Vectors(PlanckDbContext db, Guid workspaceId, IReadOnlyCollection<Guid>? onlyDocuments)
    {
        var chunks = db.DocumentChunks.Where(c => c.WorkspaceId == workspaceId && c.Embedding != null);
        if (onlyDocuments is not null)
        {
            chunks = chunks.Where(c => onlyDocuments.Contains(c.DocumentId));
        }

        return chunks
            .Where(c => db.Documents.Any(d => d.Id == c.DocumentId && d.Status == DocumentStatus.Ready))
            .Select(c => new ServedVector { ChunkId = c.Id, DocumentId = c.DocumentId, Embedding = c.Embedding });
    }

    public static long VersionTicks(DateTimeOffset? version) => version?.UtcTicks ?? 0;
}
