using System.Runtime.CompilerServices;
using Mediator;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Chat.Answering;

/// <summary>
/// Innermost for questions: takes one of the caller's answer slots after authorization and validation (so a refused
/// request costs no slot) and before anything is saved (so a 429 leaves nothing behind), and holds it until the
/// answer's stream ends, however it ends.
/// </summary>
public sealed class AnswerSlotBehaviour<TMessage, TResponse>(AnswerConcurrencyLimiter limiter, ICurrentUser currentUser)
    : IStreamPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IStreamMessage
{
    public async IAsyncEnumerable<TResponse> Handle(
        TMessage message, StreamHandlerDelegate<TMessage, TResponse> next, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (message is not AskQuestion)
        {
            await foreach (var item in next(message, cancellationToken).WithCancellation(cancellationToken))
            {
                yield return item;
            }

            yield break;
        }

        var userId = currentUser.Caller?.UserId ?? throw new UnauthenticatedException("Invalid or missing API key");
        using var slot = limiter.Acquire(userId);
        await foreach (var item in next(message, cancellationToken).WithCancellation(cancellationToken))
        {
            yield return item;
        }
    }
}
