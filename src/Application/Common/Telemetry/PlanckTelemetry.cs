using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Planck.Application.Common.Telemetry;

/// <summary>
/// Planck's own meter and activity source, which the host exports through OpenTelemetry (ADR 0020). The instruments
/// are process-wide like the meter itself. Tag values come from small fixed sets (outcomes, stages, modes, engine
/// types): never a user's text, a name, an identifier or a secret, which would leak and make series unbounded.
/// </summary>
public static class PlanckTelemetry
{
    public const string Name = "Planck";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>From the question's arrival to the answer's first content (text, table, chart…), the wait a person sees.</summary>
    public static readonly Histogram<double> AnswerTimeToFirstEvent = Meter.CreateHistogram<double>(
        "planck.answer.time_to_first_event", "s", "Time from a question to its answer's first content");

    /// <summary>Answers by outcome (<c>complete</c>, <c>failed</c>, <c>cancelled</c>, <c>refused</c>) and, for failures, cause.</summary>
    public static readonly Counter<long> Answers = Meter.CreateCounter<long>("planck.answers", "{answer}", "Answers by outcome and cause");

    public static readonly Counter<long> AnswerCredits = Meter.CreateCounter<long>("planck.answer.credits", "{credit}", "Credits consumed by answers");

    public static readonly Histogram<double> ModelCallDuration = Meter.CreateHistogram<double>(
        "planck.model.call.duration", "s", "Duration of one streamed language-model call, by outcome");

    /// <summary>Tokens the model reported, by <c>direction</c> (<c>input</c>, <c>output</c>).</summary>
    public static readonly Counter<long> ModelTokens = Meter.CreateCounter<long>("planck.model.tokens", "{token}", "Tokens of language-model calls");

    public static readonly Histogram<double> SearchDuration = Meter.CreateHistogram<double>(
        "planck.search.duration", "s", "Duration of a passage search, by mode");

    /// <summary>One call of a processing stage (<c>extracting</c>, <c>chunking</c>, <c>embedding</c> per batch, <c>indexing</c>).</summary>
    public static readonly Histogram<double> ProcessingStageDuration = Meter.CreateHistogram<double>(
        "planck.documents.stage.duration", "s", "Duration of one call of a document processing stage, by stage and outcome");

    public static readonly Histogram<double> DatabaseQueryDuration = Meter.CreateHistogram<double>(
        "planck.databases.query.duration", "s", "Duration of a statement run against a connected database, by engine and outcome");

    /// <summary>Observes the document queue through <paramref name="observe"/>: one measurement per status.</summary>
    public static ObservableGauge<long> ObserveDocumentQueue(Func<IEnumerable<Measurement<long>>> observe) =>
        Meter.CreateObservableGauge("planck.documents.queue_depth", observe, "{document}", "Documents waiting or being processed, by status");

    /// <summary>
    /// Runs <paramref name="call"/> inside an activity named <paramref name="activityName"/> and records its duration in
    /// <paramref name="histogram"/> with <paramref name="tags"/> and an <c>outcome</c> tag (<paramref name="outcomeOf"/>
    /// of its exception, or <see cref="OutcomeOf"/>).
    /// </summary>
    public static async Task<T> MeasureAsync<T>(
        Histogram<double> histogram,
        string activityName,
        Func<Task<T>> call,
        Func<Exception?, string>? outcomeOf = null,
        params KeyValuePair<string, object?>[] tags)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(tags);
        using var activity = Source.StartActivity(activityName);
        foreach (var tag in tags)
        {
            activity?.SetTag("planck." + tag.Key, tag.Value);
        }

        var started = Stopwatch.GetTimestamp();
        Exception? failure = null;
        try
        {
            return await call();
        }
        catch (Exception exception)
        {
            failure = exception;
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
        finally
        {
            var all = new TagList(tags) { { "outcome", (outcomeOf ?? OutcomeOf)(failure) } };
            histogram.Record(SecondsSince(started), all);
        }
    }

    /// <summary>Seconds since <paramref name="startedTimestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static double SecondsSince(long startedTimestamp) => Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds;

    /// <summary>The outcome tag of a call that ended with <paramref name="exception"/> (null when it succeeded).</summary>
    public static string OutcomeOf(Exception? exception) => exception switch
    {
        null => "success",
        OperationCanceledException => "cancelled",
        _ => "failure",
    };
}
