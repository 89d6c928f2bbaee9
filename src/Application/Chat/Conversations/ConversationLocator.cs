using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;

namespace Planck.Application.Chat.Conversations;

public sealed class ConversationLocator(IApplicationDbContext db) : IConversationLocator
{
    public async Task<Guid?> OwnerOfAsync(Guid workspaceId, Guid conversationId, CancellationToken cancellationToken) =>
        await db.Conversations.AsNoTracking()
            .Where(c => c.Id == conversationId && c.WorkspaceId == workspaceId)
            .Select(c => (Guid?)c.OwnerId)
            .FirstOrDefaultAsync(cancellationToken);
}
