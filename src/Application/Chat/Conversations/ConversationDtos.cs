using System.Text.Json;
using Planck.Domain.Chat;

namespace Planck.Application.Chat.Conversations;

/// <summary>A conversation as the API shows it. <see cref="IsOwner"/> is computed per caller, though privacy means it is only ever shown to its owner.</summary>
public sealed record ConversationDto(Guid Id, string Name, Guid WorkspaceId, bool IsOwner, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ConversationDto From(Conversation conversation, Guid callerId) =>
        new(conversation.Id, conversation.Name, conversation.WorkspaceId, conversation.IsOwnedBy(callerId), conversation.CreatedAt, conversation.UpdatedAt);
}

/// <summary>
/// One turn of the history. <see cref="Content"/> is the stored array of content blocks, passed through as it was
/// saved rather than decoded and encoded again. <see cref="Complete"/> is false for an answer that was cut short.
/// </summary>
public sealed record ConversationMessageDto(Guid Id, string Role, JsonElement Content, DateTimeOffset CreatedAt, int CreditsConsumed, bool Complete)
{
    public static ConversationMessageDto From(ChatMessage message)
    {
        using var content = JsonDocument.Parse(message.Content);
        return new(message.Id, RoleName(message.Role), content.RootElement.Clone(), message.CreatedAt, message.CreditsConsumed, message.IsComplete);
    }

    public static string RoleName(MessageRole role) => role switch
    {
        MessageRole.User => "user",
        MessageRole.Assistant => "assistant",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}
