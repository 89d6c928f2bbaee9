using Mediator;
using Planck.Application.Common.Behaviours;

namespace Planck.Application.Common.Auditing;

/// <summary>
/// Innermost, inside the transaction: once an <see cref="IAuditedCommand{TResponse}"/>'s handler has succeeded, its
/// entry joins the same unit of work. If the entry cannot be written the transaction rolls back and the action fails
/// with it, so no action is ever done without its record.
/// </summary>
public sealed class AuditBehaviour<TMessage, TResponse>(AuditLog audit) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IAuditedCommand<TResponse> audited)
        {
            return await next(message, cancellationToken);
        }

        if (message is IRunsWithoutTransaction)
        {
            // Without a transaction the entry would be saved after the action had committed; such commands record explicitly.
            throw new InvalidOperationException($"{typeof(TMessage).Name} runs without a transaction, so it must record its audit entry itself before it saves.");
        }

        var response = await next(message, cancellationToken);
        audit.Record(audited.Audit(response));
        return response;
    }
}
