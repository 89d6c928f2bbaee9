namespace Planck.Domain.Chat;

public enum MessageRole
{
    User,
    Assistant,
}

/// <summary>
/// One turn of a conversation. <see cref="Content"/> is the JSON array of content blocks exactly as the API returns it;
/// <see cref="Text"/> is the same turn as Markdown, which is what later turns send back to the model as history.
/// </summary>
public sealed class ChatMessage
{
    private ChatMessage()
    {
        Content = "[]";
        Text = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid ConversationId { get; private set; }
    public MessageRole Role { get; private set; }
    public string Content { get; private set; }
    public string Text { get; private set; }
    public int CreditsConsumed { get; private set; }

    /// <summary>False when the answer was cut short (the client left, the model failed); what arrived is kept.</summary>
    public bool IsComplete { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static ChatMessage FromUser(Guid conversationId, string text, string content, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            ConversationId = conversationId,
            Role = MessageRole.User,
            Text = text,
            Content = content,
            IsComplete = true,
            CreatedAt = now,
        };

    /// <summary>The assistant's answer, saved under the id its stream announced when it started.</summary>
    public static ChatMessage FromAssistant(
        Guid id, Guid conversationId, string text, string content, int creditsConsumed, bool isComplete, DateTimeOffset startedAt) =>
        new()
        {
            Id = id,
            ConversationId = conversationId,
            Role = MessageRole.Assistant,
            Text = text,
            Content = content,
            CreditsConsumed = creditsConsumed,
            IsComplete = isComplete,
            CreatedAt = startedAt,
        };

    /// <summary>An answer saved while it runs, then again when it ends: the same message, with what has arrived so far.</summary>
    public void Revise(string text, string content, int creditsConsumed, bool isComplete)
    {
        Text = text;
        Content = content;
        CreditsConsumed = creditsConsumed;
        IsComplete = isComplete;
    }
}
