namespace Planck.Domain.Chat;

/// <summary>
/// The events of one answer as its stream sent them, kept so that a client that lost its connection can resume on
/// any node: the producer appends, a resuming reader polls. <see cref="Id"/> is the id <c>message_start</c> announced.
/// </summary>
public sealed class AnswerStreamLog
{
    private AnswerStreamLog()
    {
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public Guid WorkspaceId { get; private set; }

    /// <summary>The conversation the answer is a turn of; null for a stateless answer.</summary>
    public Guid? ConversationId { get; private set; }

    /// <summary>True once the last event (<c>message_stop</c> or <c>error</c>) has been stored.</summary>
    public bool Ended { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When events were last stored: a stream that has not ended and is not updated for long has lost its producer.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When the asker asked to stop the answer (on any node); the producer sees it when it next stores events.</summary>
    public DateTimeOffset? StopRequestedAt { get; private set; }

    public static AnswerStreamLog Start(Guid id, Guid userId, Guid workspaceId, Guid? conversationId, DateTimeOffset now) =>
        new() { Id = id, UserId = userId, WorkspaceId = workspaceId, ConversationId = conversationId, CreatedAt = now, UpdatedAt = now };

    public void Touch(DateTimeOffset now, bool ended)
    {
        UpdatedAt = now;
        Ended |= ended;
    }
}

/// <summary>One event of an answer's stream: its SSE name and JSON data exactly as sent, numbered from 1.</summary>
public sealed class AnswerStreamEvent
{
    private AnswerStreamEvent()
    {
        Name = string.Empty;
        Data = string.Empty;
    }

    public Guid StreamId { get; private set; }
    public int Sequence { get; private set; }
    public string Name { get; private set; }
    public string Data { get; private set; }

    public static AnswerStreamEvent Of(Guid streamId, int sequence, string name, string data) =>
        new() { StreamId = streamId, Sequence = sequence, Name = name, Data = data };
}
