using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Auditing;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Identity;

namespace Planck.Application.Workspaces.Commands.RemoveMember;

[RequireRole(Role.Admin)]
public sealed record RemoveMemberCommand(Guid WorkspaceId, Guid UserId) : ICommand, IAuditedCommand<Unit>
{
    public AuditEvent Audit(Unit response) => new("member.removed", WorkspaceId, AuditTargets.User, UserId);
}

public sealed class RemoveMemberHandler(IApplicationDbContext db) : ICommandHandler<RemoveMemberCommand>
{
    public async ValueTask<Unit> Handle(RemoveMemberCommand command, CancellationToken cancellationToken)
    {
        if (!await db.Workspaces.AnyAsync(w => w.Id == command.WorkspaceId, cancellationToken))
        {
            throw new NotFoundException(WorkspaceRules.NotFound);
        }

        var removed = await db.WorkspaceMembers
            .Where(m => m.WorkspaceId == command.WorkspaceId && m.UserId == command.UserId)
            .ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? throw new NotFoundException("That user is not a member of this workspace.") : Unit.Value;
    }
}
