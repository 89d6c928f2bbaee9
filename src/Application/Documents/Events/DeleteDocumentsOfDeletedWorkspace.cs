using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Workspaces.Events;

namespace Planck.Application.Documents.Events;

/// <summary>A workspace's documents go with it, in the same transaction.</summary>
public sealed class DeleteDocumentsOfDeletedWorkspace(IApplicationDbContext db, DocumentRemover remover) : INotificationHandler<WorkspaceDeleting>
{
    public async ValueTask Handle(WorkspaceDeleting notification, CancellationToken cancellationToken) =>
        await remover.RemoveAsync(db.Documents.Where(d => d.WorkspaceId == notification.WorkspaceId), cancellationToken);
}
