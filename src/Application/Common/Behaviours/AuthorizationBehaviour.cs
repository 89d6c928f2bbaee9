using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Common.Behaviours;

/// <summary>
/// Fail-closed: a request must declare who may send it, or nobody may. Non-members of a workspace learn
/// nothing: they get "not found", exactly as for a workspace that does not exist.
/// </summary>
public sealed class AuthorizationBehaviour<TMessage, TResponse>(ICurrentUser currentUser, IWorkspaceAccess workspaceAccess, IDocumentLocator documentLocator,
    IConversationLocator conversationLocator)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public const string WorkspaceNotFound = "Workspace not found.";
    public const string DocumentNotFound = "Document not found.";
    public const string ConversationNotFound = "Conversation not found.";

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var requirements = AuthorizationRequirements.For(typeof(TMessage));
        if (requirements.DeclaresNothing)
        {
            throw new ForbiddenException($"Request {typeof(TMessage).Name} declares no authorization rule and is refused.");
        }

        if (requirements.AllowsAnonymous)
        {
            return await next(message, cancellationToken);
        }

        var caller = currentUser.Caller;
        if (caller is null || !caller.IsActive)
        {
            throw new UnauthenticatedException("Invalid or missing API key");
        }

        if (requirements.RequiresSession && caller.Method != AuthenticationMethod.Session)
        {
            throw new SessionRequiredException();
        }

        if (requirements.RequiredRole is { } role && caller.Role != role)
        {
            throw new ForbiddenException($"This endpoint requires the {role} role.");
        }

        if (message is IWorkspaceScoped scoped && !await workspaceAccess.CanAccessAsync(caller, scoped.WorkspaceId, cancellationToken))
        {
            throw new NotFoundException(WorkspaceNotFound);
        }

        if (message is IDocumentScoped document
            && (await documentLocator.WorkspaceOfAsync(document.DocumentId, cancellationToken) is not { } workspaceId
                || !await workspaceAccess.CanAccessAsync(caller, workspaceId, cancellationToken)))
        {
            throw new NotFoundException(DocumentNotFound);
        }

        // Runs after the workspace check (IConversationScoped is workspace-scoped), so a non-member is told about the
        // workspace only. Someone else's conversation reads exactly like a missing one.
        if (message is IConversationScoped conversation
            && await conversationLocator.OwnerOfAsync(conversation.WorkspaceId, conversation.ConversationId, cancellationToken) != caller.UserId)
        {
            throw new NotFoundException(ConversationNotFound);
        }

        return await next(message, cancellationToken);
    }
}
