using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Common.Behaviours;

/// <summary>Outermost: logs the request's name, caller and duration. Never the request itself, which may carry secrets.</summary>
public sealed partial class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger, ICurrentUser currentUser)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string RequestName = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var callerId = currentUser.Caller?.UserId;
                LogHandled(logger, RequestName, callerId, elapsedMs);
            }

            return response;
        }
        catch (PlanckException ex)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var callerId = currentUser.Caller?.UserId;
                var outcome = ex.GetType().Name;
                LogRefused(logger, RequestName, callerId, outcome, elapsedMs);
            }

            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Request} by {CallerId} handled in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string request, Guid? callerId, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Request} by {CallerId} refused with {Outcome} after {ElapsedMs:0.0} ms")]
    private static partial void LogRefused(ILogger logger, string request, Guid? callerId, string outcome, double elapsedMs);
}
