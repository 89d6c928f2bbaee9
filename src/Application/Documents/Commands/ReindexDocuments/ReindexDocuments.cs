using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;
using Planck.Application.Documents.Processing;
using Planck.Domain.Documents;
using Planck.Domain.Identity;

namespace Planck.Application.Documents.Commands.ReindexDocuments;

/// <summary>
/// Processes a workspace's documents (or every workspace's) again, after the embedding model or the chunking changed:
/// each ready or failed one goes back to <c>pending</c> (<see cref="Document.Reindex"/>) while the passages it has keep
/// serving search until the new ones are ready. Documents never indexed are taken up before this work.
/// </summary>
[RequireRole(Role.Admin)]
public sealed record ReindexDocumentsCommand(Guid? WorkspaceId) : ICommand<ReindexResultDto>, IAuditedCommand<ReindexResultDto>
{
    public AuditEvent Audit(ReindexResultDto response) =>
        new("documents.reindexed", WorkspaceId, WorkspaceId is null ? null : AuditTargets.Workspace, WorkspaceId, new { response.Queued });
}

/// <summary>How many documents were put back in the queue.</summary>
public sealed record ReindexResultDto(int Queued);

public sealed class ReindexDocumentsHandler(
    IApplicationDbContext db, ICurrentUser currentUser, IWorkspaceAccess workspaces, IUnitOfWork unitOfWork, IDocumentProcessing processing, TimeProvider time)
    : ICommandHandler<ReindexDocumentsCommand, ReindexResultDto>
{
    public const string WorkspaceNotFound = "Workspace not found.";

    public async ValueTask<ReindexResultDto> Handle(ReindexDocumentsCommand command, CancellationToken cancellationToken)
    {
        var documents = db.Documents.AsNoTracking().Where(d => d.Status == DocumentStatus.Ready || d.Status == DocumentStatus.Failed);
        if (command.WorkspaceId is { } workspaceId)
        {
            if (!await workspaces.CanAccessAsync(currentUser.Caller!, workspaceId, cancellationToken))
            {
                throw new NotFoundException(WorkspaceNotFound);
            }

            documents = documents.Where(d => d.WorkspaceId == workspaceId);
        }

        var now = time.GetUtcNow();
        var queued = 0;
        foreach (var document in await documents.OrderBy(d => d.CreatedAt).ToListAsync(cancellationToken))
        {
            // A document a worker or member changed since it was read is left as it now is.
            var (status, owner) = (document.Status, document.LeaseOwner);
            document.Reindex(now);
            if (await db.SaveTransitionAsync(document, status, owner, cancellationToken))
            {
                queued++;
            }
        }

        if (queued > 0)
        {
            unitOfWork.AfterCommit(processing.DocumentQueued);
        }

        return new ReindexResultDto(queued);
    }
}
