using Mediator;

namespace Planck.Application.Workspaces.Events;

/// <summary>Published inside the deleting transaction, before the workspace row goes, so other modules remove what hangs off it.</summary>
public sealed record WorkspaceDeleting(Guid WorkspaceId) : INotification;
