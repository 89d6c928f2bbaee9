using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Chat.Conversations.Commands.DeleteConversation;

/// <summary>Deletes the conversation; its messages go with it by the foreign key's cascade. The usage ledger keeps its entries.</summary>
public sealed record DeleteConversationCommand(Guid WorkspaceId, Guid ConversationId) : ICommand, IConversationScoped;

public sealed class DeleteConversationHandler(IApplicationDbContext db, ICurrentUser currentUser) : ICommandHandler<DeleteConversationCommand>
{
    public async ValueTask<Unit> Handle(DeleteConversationCommand command, CancellationToken cancellationToken)
    {
        var callerId = currentUser.Caller!.UserId;
        var deleted = await db.Conversations.Named(command, callerId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? throw new NotFoundException(ConversationRules.NotFound) : Unit.Value;
    }
}
