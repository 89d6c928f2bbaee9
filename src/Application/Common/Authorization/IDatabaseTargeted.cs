namespace Planck.Application.Common.Authorization;

/// <summary>
/// The request may name one of its workspace's databases; when it does, the module that owns databases checks that
/// the database is in that workspace, else it is not found.
/// </summary>
public interface IDatabaseTargeted : IWorkspaceScoped
{
    Guid? DatabaseId { get; }
}
