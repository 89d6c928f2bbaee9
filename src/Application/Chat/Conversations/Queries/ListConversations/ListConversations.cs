using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Paging;

namespace Planck.Application.Chat.Conversations.Queries.ListConversations;

/// <summary>The caller's own conversations in a workspace, newest first. Other members' conversations are private to them.</summary>
public sealed record ListConversationsQuery(Guid WorkspaceId, int Limit = Paging.DefaultLimit, int Offset = 0)
    : IQuery<Page<ConversationDto>>, IWorkspaceScoped, IPagedRequest;

public sealed class ListConversationsHandler(IApplicationDbContext db, ICurrentUser currentUser) : IQueryHandler<ListConversationsQuery, Page<ConversationDto>>
{
    public async ValueTask<Page<ConversationDto>> Handle(ListConversationsQuery query, CancellationToken cancellationToken)
    {
        var callerId = currentUser.Caller!.UserId;
        var ordered = db.Conversations.AsNoTracking()
            .Where(c => c.WorkspaceId == query.WorkspaceId && c.OwnerId == callerId)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);
        var page = await ordered.ToPageAsync(query, cancellationToken);
        return new Page<ConversationDto>(page.Data.Select(c => ConversationDto.From(c, callerId)).ToList(), page.Count);
    }
}

public sealed class ListConversationsValidator : AbstractValidator<ListConversationsQuery>
{
    public ListConversationsValidator() => this.AddPagingRules();
}
