using System.Runtime.CompilerServices;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Chat.Answering;
using Planck.Application.Chat.Streaming;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Chat.Resuming;

/// <summary>
/// Reads an answer's stored stream: what is there, then polls for more every <see cref="PollInterval"/> until the
/// stream has ended. The producer stores the last event and the end in one write, so "ended and nothing new" is the
/// end. A stream that has not ended and has not moved for <see cref="AbandonedAfter"/> lost its producer (a server
/// killed mid-answer): it ends with an error.
/// </summary>
public sealed class ResumeAnswerHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IStreamRequestHandler<ResumeWorkspaceAnswer, StoredAnswerEvent>, IStreamRequestHandler<ResumeConversationAnswer, StoredAnswerEvent>
{
    public const string NotFound = "Message not found, or its stream is no longer kept.";
    public const string Lost = "The answer stopped before it was complete: the server answering it went away.";
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);
    private const int Batch = 500;

    public IAsyncEnumerable<StoredAnswerEvent> Handle(ResumeWorkspaceAnswer request, CancellationToken cancellationToken) =>
        ReadAsync(request, null, cancellationToken);

    public IAsyncEnumerable<StoredAnswerEvent> Handle(ResumeConversationAnswer request, CancellationToken cancellationToken) =>
        ReadAsync(request, request.ConversationId, cancellationToken);

    private async IAsyncEnumerable<StoredAnswerEvent> ReadAsync(
        ResumeAnswer request, Guid? conversationId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var userId = currentUser.Caller?.UserId ?? throw new UnauthenticatedException("Invalid or missing API key");
        var found = await db.AnswerStreams.AsNoTracking().AnyAsync(
            s => s.Id == request.MessageId && s.UserId == userId && s.WorkspaceId == request.WorkspaceId && s.ConversationId == conversationId,
            cancellationToken);
        if (!found)
        {
            throw new NotFoundException(NotFound);
        }

        yield return StoredAnswerEvent.Opened;
        var after = request.AfterSequence;
        while (true)
        {
            var state = await db.AnswerStreams.AsNoTracking().Where(s => s.Id == request.MessageId)
                .Select(s => new { s.Ended, s.UpdatedAt }).SingleOrDefaultAsync(cancellationToken);
            var events = await db.AnswerStreamEvents.AsNoTracking()
                .Where(e => e.StreamId == request.MessageId && e.Sequence > after)
                .OrderBy(e => e.Sequence).Take(Batch)
                .Select(e => new StoredAnswerEvent(e.Sequence, e.Name, e.Data))
                .ToListAsync(cancellationToken);
            foreach (var stored in events)
            {
                after = stored.Sequence;
                yield return stored;
            }

            if (events.Count > 0)
            {
                continue;
            }

            if (state is null || state.Ended)
            {
                yield break;
            }

            if (clock.GetUtcNow() - state.UpdatedAt > AbandonedAfter)
            {
                yield return new StoredAnswerEvent(after + 1, "error", AnswerEventJson.Data(new AnswerFailed(Lost)));
                yield break;
            }

            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }
}
