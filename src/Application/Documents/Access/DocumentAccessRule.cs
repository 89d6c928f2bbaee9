using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;

namespace Planck.Application.Documents.Access;

/// <summary><see cref="IDocumentScoped"/>: the caller must be able to see the document's workspace, else the document is not found.</summary>
public sealed class DocumentAccessRule(IDocumentLocator documentLocator, IWorkspaceAccess workspaceAccess) : IAccessRule
{
    public const string DocumentNotFound = "Document not found.";

    public int Order => AccessRuleOrder.WithinWorkspace;

    public bool AppliesTo(Type requestType) => typeof(IDocumentScoped).IsAssignableFrom(requestType);

    public async ValueTask<string?> RefusalAsync(object request, Caller caller, CancellationToken cancellationToken) =>
        await documentLocator.WorkspaceOfAsync(((IDocumentScoped)request).DocumentId, cancellationToken) is { } workspaceId
        && await workspaceAccess.CanAccessAsync(caller, workspaceId, cancellationToken)
            ? null
            : DocumentNotFound;
}
