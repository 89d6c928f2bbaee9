using System.Runtime.CompilerServices;
using Mediator;
using Planck.Application.Common.Authorization;

namespace Planck.Application.Common.Behaviours;

/// <summary>
/// Fail-closed authorization (<see cref="RequestAuthorizer"/>). Non-members of a workspace learn nothing: they get
/// "not found", exactly as for a workspace that does not exist.
/// </summary>
public sealed class AuthorizationBehaviour<TMessage, TResponse>(RequestAuthorizer authorizer)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(message, cancellationToken);
        return await next(message, cancellationToken);
    }
}

/// <summary>The same check for a streaming request, made before its first item.</summary>
public sealed class StreamAuthorizationBehaviour<TMessage, TResponse>(RequestAuthorizer authorizer)
    : IStreamPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IStreamMessage
{
    public async IAsyncEnumerable<TResponse> Handle(
        TMessage message, StreamHandlerDelegate<TMessage, TResponse> next, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(message, cancellationToken);
        await foreach (var item in next(message, cancellationToken).WithCancellation(cancellationToken))
        {
            yield return item;
        }
    }
}
