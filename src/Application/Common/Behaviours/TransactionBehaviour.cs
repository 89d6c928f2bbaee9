using Mediator;
using Planck.Application.Common.Abstractions;

namespace Planck.Application.Common.Behaviours;

/// <summary>Innermost: a command runs in one transaction, so a failure never leaves half-written data. Queries pass through.</summary>
public sealed class TransactionBehaviour<TMessage, TResponse>(IUnitOfWork unitOfWork)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IBaseCommand)
        {
            return next(message, cancellationToken);
        }

        return new ValueTask<TResponse>(unitOfWork.ExecuteInTransactionAsync(
            ct => next(message, ct).AsTask(), cancellationToken));
    }
}
