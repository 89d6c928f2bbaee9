namespace Planck.Application.Common.Authorization;

/// <summary>
/// The request acts on one document; the caller must be able to see the document's workspace, else the
/// document is not found (exactly as if it did not exist).
/// </summary>
public interface IDocumentScoped
{
    Guid DocumentId { get; }
}

/// <summary>Finds which workspace a document belongs to, for the authorization check of <see cref="IDocumentScoped"/> requests.</summary>
public interface IDocumentLocator
{
    Task<Guid?> WorkspaceOfAsync(Guid documentId, CancellationToken cancellationToken);
}
