using Mediator;
using Planck.Application.Common.Abstractions;

namespace Planck.Application.Common.Behaviours;

/// <summary>
/// A command whose only write is a single SaveChanges (atomic by itself) and which spends its time on deliberate
/// delays or slow hashing first. Holding a transaction through that would hold SQLite's write lock and block
/// every other writer, so such a command opts out explicitly.
/// </summary>
public interface IRunsWithoutTransaction;

/// <summary>Innermost: a command runs in one transaction, so a failure never leaves half-written data. Queries pass through.</summary>
public sealed class TransactionBehaviour<TMessage, TResponse>(IUnitOfWork unitOfWork)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IBaseCommand || message is IRunsWithoutTransaction)
        {
            return next(message, cancellationToken);
        }

        return new ValueTask<TResponse>(unitOfWork.ExecuteInTransactionAsync(
            ct => next(message, ct).AsTask(), cancellationToken));
    }
}
