namespace Planck.Domain.Workspaces;

public sealed class WorkspaceMember
{
    internal WorkspaceMember(Guid workspaceId, Guid userId, DateTimeOffset addedAt)
    {
        WorkspaceId = workspaceId;
        UserId = userId;
        AddedAt = addedAt;
    }

    public Guid WorkspaceId { get; private set; }
    public Guid UserId { get; private set; }
    public DateTimeOffset AddedAt { get; private set; }
}
