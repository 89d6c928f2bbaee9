using Mediator;
using Planck.Application.Common.Authorization;

namespace Planck.Application.Chat.Resuming;

/// <summary>
/// The stored events of an answer after <see cref="AfterSequence"/>, then the rest as the producer (on any node)
/// stores them, until the answer's last event. The first item is <see cref="StoredAnswerEvent.Opened"/>: the stream
/// exists and is the caller's, so a refusal is still an ordinary problem response.
/// </summary>
public abstract record ResumeAnswer(Guid WorkspaceId, Guid MessageId, int AfterSequence) : IStreamRequest<StoredAnswerEvent>, IWorkspaceScoped;

/// <summary>A stateless answer (<c>POST /chat</c>), for as long as its events are kept.</summary>
public sealed record ResumeWorkspaceAnswer(Guid WorkspaceId, Guid MessageId, int AfterSequence) : ResumeAnswer(WorkspaceId, MessageId, AfterSequence);

/// <summary>An answer in a conversation; only the conversation's owner may read it.</summary>
public sealed record ResumeConversationAnswer(Guid WorkspaceId, Guid ConversationId, Guid MessageId, int AfterSequence)
    : ResumeAnswer(WorkspaceId, MessageId, AfterSequence), IConversationScoped;

/// <summary>An event as it was sent: its SSE id, name and JSON data.</summary>
public sealed record StoredAnswerEvent(int Sequence, string Name, string Data)
{
    public static readonly StoredAnswerEvent Opened = new(0, string.Empty, string.Empty);
}
