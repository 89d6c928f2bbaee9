using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Chat.Resuming;

/// <summary>
/// Asks the answer <see cref="MessageId"/> (stateless or in a conversation) to stop, wherever it runs: the request is
/// stored on its stream, which its producer reads each time it stores events. Stopping an answer that has already
/// ended does nothing, so a Stop racing the answer's end is not an error.
/// </summary>
public sealed record StopAnswerCommand(Guid WorkspaceId, Guid MessageId) : ICommand, IWorkspaceScoped;

public sealed class StopAnswerHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock) : ICommandHandler<StopAnswerCommand>
{
    public async ValueTask<Unit> Handle(StopAnswerCommand command, CancellationToken cancellationToken)
    {
        var userId = currentUser.Caller?.UserId ?? throw new UnauthenticatedException("Invalid or missing API key");
        var mine = db.AnswerStreams.Where(s => s.Id == command.MessageId && s.UserId == userId && s.WorkspaceId == command.WorkspaceId);
        if (!await mine.AnyAsync(cancellationToken))
        {
            throw new NotFoundException(ResumeAnswerHandler.NotFound);
        }

        var now = clock.GetUtcNow();
        await mine.Where(s => !s.Ended && s.StopRequestedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.StopRequestedAt, now), cancellationToken);
        return Unit.Value;
    }
}
