using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Documents;

public static class DocumentRules
{
    public const string NotFound = "Document not found.";

    /// <summary>
    /// The distinct ids, or null when none were named. Naming a document the caller cannot see is a 404, never a
    /// silent widening to the whole workspace.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>?> VisibleDocumentIdsAsync(
        IApplicationDbContext db, Guid workspaceId, IReadOnlyList<Guid>? requested, CancellationToken cancellationToken)
    {
        if (requested is not { Count: > 0 })
        {
            return null;
        }

        var documentIds = requested.Distinct().ToList();
        var visible = await db.Documents.AsNoTracking()
            .Where(d => d.WorkspaceId == workspaceId && documentIds.Contains(d.Id))
            .Select(d => d.Id).ToListAsync(cancellationToken);
        var missing = documentIds.Except(visible).Select(id => (Guid?)id).FirstOrDefault();
        return missing is null ? documentIds : throw new NotFoundException($"Document {missing} not found.");
    }
}

/// <summary>Limits on what an upload may be; bound from <c>Planck:Documents</c>.</summary>
public sealed class DocumentUploadOptions
{
    public const long DefaultMaxUploadBytes = 100L * 1024 * 1024;

    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;
}
