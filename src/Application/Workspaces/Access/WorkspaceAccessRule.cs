using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;

namespace Planck.Application.Workspaces.Access;

/// <summary><see cref="IWorkspaceScoped"/>: the caller must be a member (or an Admin), else the workspace is not found.</summary>
public sealed class WorkspaceAccessRule(IWorkspaceAccess workspaceAccess) : IAccessRule
{
    public const string WorkspaceNotFound = "Workspace not found.";

    public int Order => AccessRuleOrder.Workspace;

    public bool AppliesTo(Type requestType) => typeof(IWorkspaceScoped).IsAssignableFrom(requestType);

    public async ValueTask<string?> RefusalAsync(object request, Caller caller, CancellationToken cancellationToken) =>
        await workspaceAccess.CanAccessAsync(caller, ((IWorkspaceScoped)request).WorkspaceId, cancellationToken) ? null : WorkspaceNotFound;
}
