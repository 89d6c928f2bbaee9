using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;

namespace Planck.Application.Chat.Conversations;

/// <summary>
/// <see cref="IConversationScoped"/>: runs after the workspace rule, so a non-member is told about the workspace
/// only. Someone else's conversation reads exactly like a missing one, even for an Admin.
/// </summary>
public sealed class ConversationAccessRule(IConversationLocator conversationLocator) : IAccessRule
{
    public const string ConversationNotFound = "Conversation not found.";

    public int Order => AccessRuleOrder.WithinWorkspace;

    public bool AppliesTo(Type requestType) => typeof(IConversationScoped).IsAssignableFrom(requestType);

    public async ValueTask<string?> RefusalAsync(object request, Caller caller, CancellationToken cancellationToken)
    {
        var conversation = (IConversationScoped)request;
        return await conversationLocator.OwnerOfAsync(conversation.WorkspaceId, conversation.ConversationId, cancellationToken) == caller.UserId
            ? null
            : ConversationNotFound;
    }
}
