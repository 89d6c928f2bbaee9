using System.Diagnostics;
using System.Runtime.CompilerServices;
using Mediator;
using Microsoft.Extensions.Logging;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Common.Behaviours;

/// <summary>Outermost: logs the request's name, caller and duration. Never the request itself, which may carry secrets.</summary>
public sealed class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger, ICurrentUser currentUser)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly RequestLog _log = new(logger, currentUser, typeof(TMessage).Name);

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            _log.Handled(started);
            return response;
        }
        catch (PlanckException ex)
        {
            _log.Refused(started, ex);
            throw;
        }
    }
}

/// <summary>The same for a streaming request: its duration runs until the stream ends.</summary>
public sealed class StreamLoggingBehaviour<TMessage, TResponse>(ILogger<StreamLoggingBehaviour<TMessage, TResponse>> logger, ICurrentUser currentUser)
    : IStreamPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IStreamMessage
{
    private readonly RequestLog _log = new(logger, currentUser, typeof(TMessage).Name);

    public async IAsyncEnumerable<TResponse> Handle(
        TMessage message, StreamHandlerDelegate<TMessage, TResponse> next, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var items = next(message, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await items.MoveNextAsync();
            }
            catch (PlanckException ex)
            {
                _log.Refused(started, ex);
                throw;
            }

            if (!more)
            {
                break;
            }

            yield return items.Current;
        }

        _log.Handled(started);
    }
}

internal sealed partial class RequestLog(ILogger logger, ICurrentUser currentUser, string requestName)
{
    public void Handled(long started)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var callerId = currentUser.Caller?.UserId;
            LogHandled(logger, requestName, callerId, elapsedMs);
        }
    }

    public void Refused(long started, PlanckException exception)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var callerId = currentUser.Caller?.UserId;
            var outcome = exception.GetType().Name;
            LogRefused(logger, requestName, callerId, outcome, elapsedMs);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Request} by {CallerId} handled in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string request, Guid? callerId, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Request} by {CallerId} refused with {Outcome} after {ElapsedMs:0.0} ms")]
    private static partial void LogRefused(ILogger logger, string request, Guid? callerId, string outcome, double elapsedMs);
}
