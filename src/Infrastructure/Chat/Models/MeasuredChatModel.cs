using System.Diagnostics;
using System.Runtime.CompilerServices;
using Planck.Application.Chat;
using Planck.Application.Common.Telemetry;

namespace Planck.Infrastructure.Chat.Models;

/// <summary>The configured model, each call timed and traced with its outcome and the tokens the provider reported.</summary>
internal sealed class MeasuredChatModel(IChatModel inner) : IChatModel, IDisposable
{
    public bool IsConfigured => inner.IsConfigured;

    public async IAsyncEnumerable<ChatModelUpdate> StreamAsync(ChatModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var activity = PlanckTelemetry.Source.StartActivity("planck.model.call", ActivityKind.Client);
        var started = Stopwatch.GetTimestamp();
        var outcome = "cancelled";
        await using var updates = inner.StreamAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await updates.MoveNextAsync();
                }
                catch (Exception exception)
                {
                    outcome = PlanckTelemetry.OutcomeOf(exception);
                    activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
                    throw;
                }

                if (!more)
                {
                    outcome = "success";
                    break;
                }

                if (updates.Current is ChatUsageUpdate usage)
                {
                    PlanckTelemetry.ModelTokens.Add(usage.InputTokens, new KeyValuePair<string, object?>("direction", "input"));
                    PlanckTelemetry.ModelTokens.Add(usage.OutputTokens, new KeyValuePair<string, object?>("direction", "output"));
                }

                yield return updates.Current;
            }
        }
        finally
        {
            // Still "cancelled" here when the caller stopped reading before the end.
            PlanckTelemetry.ModelCallDuration.Record(
                PlanckTelemetry.SecondsSince(started), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    // The container disposes what it was given: the wrapped model holds the provider's client.
    public void Dispose() => (inner as IDisposable)?.Dispose();
}
