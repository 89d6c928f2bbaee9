using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;

namespace Planck.Infrastructure.Workspaces;

public sealed class WorkspaceAccess(IApplicationDbContext db) : IWorkspaceAccess
{
    public Task<bool> CanAccessAsync(Caller caller, Guid workspaceId, CancellationToken cancellationToken) =>
        caller.IsAdmin
            ? db.Workspaces.AnyAsync(w => w.Id == workspaceId, cancellationToken)
            : db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId == caller.UserId, cancellationToken);
}
