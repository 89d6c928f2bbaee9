using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Paging;

namespace Planck.Application.Chat.Conversations.Queries.ListConversationMessages;

/// <summary>A conversation's history, oldest first.</summary>
public sealed record ListConversationMessagesQuery(Guid WorkspaceId, Guid ConversationId, int Limit = Paging.DefaultLimit, int Offset = 0)
    : IQuery<Page<ConversationMessageDto>>, IConversationScoped, IPagedRequest;

public sealed class ListConversationMessagesHandler(IApplicationDbContext db) : IQueryHandler<ListConversationMessagesQuery, Page<ConversationMessageDto>>
{
    public async ValueTask<Page<ConversationMessageDto>> Handle(ListConversationMessagesQuery query, CancellationToken cancellationToken)
    {
        // The authorization behaviour has checked that the conversation is the caller's, in this workspace.
        var ordered = db.ChatMessages.AsNoTracking()
            .Where(m => m.ConversationId == query.ConversationId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id);
        var page = await ordered.ToPageAsync(query, cancellationToken);
        return new Page<ConversationMessageDto>(page.Data.Select(ConversationMessageDto.From).ToList(), page.Count);
    }
}

public sealed class ListConversationMessagesValidator : AbstractValidator<ListConversationMessagesQuery>
{
    public ListConversationMessagesValidator() => this.AddPagingRules();
}
