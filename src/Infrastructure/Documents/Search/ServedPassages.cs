using Planck.Domain.Documents;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>A document whose passages search serves, and the version of those passages.</summary>
internal sealed class ServedDocument
{
    public Guid Id { get; init; }

    /// <summary>
    /// The generation served (<see cref="Document.IndexGeneration"/>): it changes exactly when the document's passages
    /// do, unlike <c>updated_at</c>, which every progress write moves.
    /// </summary>
    public long Version { get; init; }

    public DateTimeOffset? ProcessedAt { get; init; }

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
/// The one rule of what search serves: a passage of the generation its document is indexed at
/// (<see cref="Document.IndexGeneration"/>), never of a document not indexed yet. A re-index writes the next
/// generation beside the current one, which keeps serving until the document moves onto the new one; every search
/// path (full text on both databases, the in-process vectors, the final check of the hits) asks this class. A first
/// index serves its passages by full text as soon as they are cut, and by vector once all are embedded.
/// </summary>
internal static class ServedPassages
{
    /// <summary>The rule in SQL, over a passage aliased <c>c</c> joined to its document aliased <c>d</c>.</summary>
    public const string Sql = "d.index_generation > 0 AND c.generation = d.index_generation";

    /// <summary>Documents with passages to serve, in SQL over a document aliased <c>d</c>.</summary>
    public const string IndexedDocumentSql = "d.index_generation > 0";

    /// <summary>The workspace's documents that have passages to serve.</summary>
    public static IQueryable<Document> IndexedDocuments(PlanckDbContext db, Guid workspaceId) =>
        db.Documents.Where(d => d.WorkspaceId == workspaceId && d.IndexGeneration > 0);

    /// <summary>The workspace's passages that search serves.</summary>
    public static IQueryable<DocumentChunk> Of(PlanckDbContext db, Guid workspaceId) =>
        db.DocumentChunks.Where(c => c.WorkspaceId == workspaceId
            && db.Documents.Any(d => d.Id == c.DocumentId && d.IndexGeneration > 0 && d.IndexGeneration == c.Generation));

    /// <summary>
    /// The documents whose vectors search serves, with the version of their passages, for the vector cache. A document
    /// serving its text early (<see cref="Document.ServesTextOnly"/>) is left out: its vectors arrive all at once with its
    /// move to ready, which then adds it here and so changes the cache's fingerprint.
    /// </summary>
    public static IQueryable<ServedDocument> Documents(PlanckDbContext db, Guid workspaceId) =>
        IndexedDocuments(db, workspaceId)
            .Where(d => !d.ServesTextOnly)
            .Select(d => new ServedDocument { Id = d.Id, Version = d.IndexGeneration, ProcessedAt = d.ProcessedAt, Chunks = d.ChunkCount ?? 0 });

    /// <param name="onlyDocuments">Null for the whole workspace.</param>
    public static IQueryable<ServedVector> Vectors(PlanckDbContext db, Guid workspaceId, IReadOnlyCollection<Guid>? onlyDocuments)
    {
        var chunks = Of(db, workspaceId).Where(c => c.Embedding != null);
        if (onlyDocuments is not null)
        {
            chunks = chunks.Where(c => onlyDocuments.Contains(c.DocumentId));
        }

        return chunks.Select(c => new ServedVector { ChunkId = c.Id, DocumentId = c.DocumentId, Embedding = c.Embedding });
    }
}
