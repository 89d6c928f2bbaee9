namespace Planck.Application.Common.Authorization;

/// <summary>
/// The request acts on one conversation of a workspace. Conversations are private: beyond workspace access, the
/// conversation must exist in that workspace and belong to the caller, else it is not found. Nobody else, not even
/// an Admin, learns that it exists.
/// </summary>
public interface IConversationScoped : IWorkspaceScoped
{
    Guid ConversationId { get; }
}

/// <summary>Finds who owns a conversation, for the authorization check of <see cref="IConversationScoped"/> requests.</summary>
public interface IConversationLocator
{
    /// <summary>The owner of the conversation, or null when no conversation with that id is in that workspace.</summary>
    Task<Guid?> OwnerOfAsync(Guid workspaceId, Guid conversationId, CancellationToken cancellationToken);
}
