using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;
using Planck.Application.Workspaces.Events;
using Planck.Domain.Identity;

namespace Planck.Application.Workspaces.Commands.DeleteWorkspace;

/// <summary>Deletes a workspace, its memberships and (through <see cref="WorkspaceDeleting"/>) its content; the members' accounts stay.</summary>
[RequireRole(Role.Admin)]
public sealed record DeleteWorkspaceCommand(Guid WorkspaceId) : ICommand, IAuditedCommand<Unit>
{
    public AuditEvent Audit(Unit response) => new("workspace.deleted", WorkspaceId, AuditTargets.Workspace, WorkspaceId);
}

public sealed class DeleteWorkspaceHandler(IApplicationDbContext db, IPublisher publisher) : ICommandHandler<DeleteWorkspaceCommand>
{
    public async ValueTask<Unit> Handle(DeleteWorkspaceCommand command, CancellationToken cancellationToken)
    {
        await publisher.Publish(new WorkspaceDeleting(command.WorkspaceId), cancellationToken);
        await db.WorkspaceMembers.Where(m => m.WorkspaceId == command.WorkspaceId).ExecuteDeleteAsync(cancellationToken);
        var deleted = await db.Workspaces.Where(w => w.Id == command.WorkspaceId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? throw new NotFoundException(WorkspaceRules.NotFound) : Unit.Value;
    }
}
