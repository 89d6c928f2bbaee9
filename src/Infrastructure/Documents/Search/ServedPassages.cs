using Planck.Domain.Documents;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>
/// The one rule of what search serves: a passage of the generation its document is indexed at
/// (<see cref="Document.IndexGeneration"/>), never of a document not indexed yet. A re-index writes the next
/// generation beside the current one, which keeps serving until the document moves onto the new one; every search
/// path (full text on both databases, vectors, the final check of the hits) asks this class.
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
}
