using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Chat.Conversations.Queries.GetConversation;

public sealed record GetConversationQuery(Guid WorkspaceId, Guid ConversationId) : IQuery<ConversationDto>, IConversationScoped;

public sealed class GetConversationHandler(IApplicationDbContext db, ICurrentUser currentUser) : IQueryHandler<GetConversationQuery, ConversationDto>
{
    public async ValueTask<ConversationDto> Handle(GetConversationQuery query, CancellationToken cancellationToken)
    {
        var callerId = currentUser.Caller!.UserId;
        var conversation = await db.Conversations.AsNoTracking().Named(query, callerId).FirstOrDefaultAsync(cancellationToken);
        return conversation is null ? throw new NotFoundException(ConversationRules.NotFound) : ConversationDto.From(conversation, callerId);
    }
}
