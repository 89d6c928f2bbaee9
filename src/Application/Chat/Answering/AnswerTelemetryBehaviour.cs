using System.Diagnostics;
using System.Runtime.CompilerServices;
using Mediator;
using Planck.Application.Common.Exceptions;
using Planck.Application.Common.Telemetry;

namespace Planck.Application.Chat.Answering;

/// <summary>
/// Measures every answer from the outside of its stream: the time to its first content, its outcome, and the credits
/// it consumed. Outermost, so a refusal by authorization or validation counts as <c>refused</c>.
/// </summary>
public sealed class AnswerTelemetryBehaviour<TMessage, TResponse> : IStreamPipelineBehavior<TMessage, TResponse>
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

        using var activity = PlanckTelemetry.Source.StartActivity("planck.answer");
        var started = Stopwatch.GetTimestamp();
        var firstContentSeen = false;
        string? outcome = null;
        string? cause = null;
        await using var items = next(message, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await items.MoveNextAsync();
                }
                catch (PlanckException)
                {
                    outcome = "refused";
                    throw;
                }

                if (!more)
                {
                    break;
                }

                switch (items.Current)
                {
                    case AnswerBlockEvent when !firstContentSeen:
                        firstContentSeen = true;
                        PlanckTelemetry.AnswerTimeToFirstEvent.Record(PlanckTelemetry.SecondsSince(started));
                        break;
                    case AnswerStopped stopped:
                        outcome = "complete";
                        PlanckTelemetry.AnswerCredits.Add(stopped.CreditsConsumed);
                        break;
                    case AnswerFailed failed:
                        outcome = "failed";
                        cause = failed.Cause == AnswerFailureCause.Internal ? "internal" : "model";
                        break;
                }

                yield return items.Current;
            }
        }
        finally
        {
            // Neither stopped nor failed nor refused: the client left or the server is stopping.
            outcome ??= cancellationToken.IsCancellationRequested ? "cancelled" : "failed";
            cause ??= outcome == "failed" ? "internal" : null;
            var tags = new TagList { { "outcome", outcome } };
            if (cause is not null)
            {
                tags.Add("cause", cause);
                activity?.SetStatus(ActivityStatusCode.Error, cause);
            }

            PlanckTelemetry.Answers.Add(1, tags);
        }
    }
}
