namespace Planck.Application.Common.Authorization;

public interface IWorkspaceAccess
{
    /// <summary>Whether the caller may see the workspace: an Admin sees every existing workspace, a User only those they belong to.</summary>
    Task<bool> CanAccessAsync(Abstractions.Caller caller, Guid workspaceId, CancellationToken cancellationToken);
}
