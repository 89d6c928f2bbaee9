using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;

namespace Planck.Application.Documents.Queries.ResolveDocuments;

/// <summary>
/// Checks that every named document is in the workspace and returns the distinct ids (null when none were named),
/// so another module can narrow its work to them; an unknown id is 404.
/// </summary>
public sealed record ResolveDocumentsQuery(Guid WorkspaceId, IReadOnlyList<Guid>? DocumentIds) : IQuery<IReadOnlyList<Guid>?>, IWorkspaceScoped;

public sealed class ResolveDocumentsHandler(IApplicationDbContext db) : IQueryHandler<ResolveDocumentsQuery, IReadOnlyList<Guid>?>
{
    public async ValueTask<IReadOnlyList<Guid>?> Handle(ResolveDocumentsQuery query, CancellationToken cancellationToken) =>
        await DocumentRules.VisibleDocumentIdsAsync(db, query.WorkspaceId, query.DocumentIds, cancellationToken);
}
