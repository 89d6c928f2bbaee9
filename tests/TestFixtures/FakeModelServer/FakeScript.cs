using System.Globalization;
using System.Text.RegularExpressions;

namespace Planck.Tests.Fixtures;

public enum FakeAnswerKind
{
    /// <summary>A short Markdown answer citing [1].</summary>
    Default,
    Table,
    Code,
    /// <summary>A short intro, then a <c>```vega-lite</c> bar chart with inline data.</summary>
    Chart,
    /// <summary>A short intro, then a <c>```geojson</c> FeatureCollection: two named points and a polygon.</summary>
    Map,
    /// <summary>Text, Python code, a table, the chart and the map in one answer, then closing text.</summary>
    Rich,
    /// <summary>A <c>```vega-lite</c> block whose data is a URL, which must stay a code block.</summary>
    BadChart,
    Cite,
    Echo,
    Deltas,
    Title,
    /// <summary>One delta, then nothing until the client goes away.</summary>
    Stall,
    /// <summary>Not even the response headers; the client has to give up.</summary>
    StallBefore,
    /// <summary>A few deltas, then the connection is cut.</summary>
    FailMidstream,
    /// <summary>Exactly <see cref="FakeScript.FixedText"/>, in one delta: a routing choice, or SQL.</summary>
    Fixed,
}

/// <summary>
/// How the fake server answers one request, read from <c>[[fake:…]]</c> directives in the last user message, so a
/// test can steer the model through the public chat API. Several directives may be combined
/// (<c>[[fake:status-once 503]] [[fake:table]]</c>); for the answer itself the last one wins.
/// </summary>
/// <param name="Status">Answer this HTTP status with an OpenAI-style error body instead of an answer.</param>
/// <param name="StatusOnce">Like <paramref name="Status"/>, but only for the first request carrying the same message text.</param>
/// <param name="Citations">For <see cref="FakeAnswerKind.Cite"/>: the passage numbers to cite.</param>
/// <param name="DeltaCount">For <see cref="FakeAnswerKind.Deltas"/>: how many deltas to send.</param>
/// <param name="DelayPerDelta">Set by <c>[[fake:slow MS]]</c>: a pause before every delta, for tests that act mid-answer.</param>
public sealed partial record FakeScript(
    FakeAnswerKind Answer,
    int? Status = null,
    int? StatusOnce = null,
    IReadOnlyList<int>? Citations = null,
    int DeltaCount = 0,
    TimeSpan DelayPerDelta = default,
    string? FixedText = null,
    int? Route = null,
    IReadOnlyList<string>? SqlAttempts = null)
{
    /// <summary>How the server's own prompts start, so the fake can tell a routing, SQL-writing or result-describing call apart.</summary>
    public const string RoutingMarker = "You route a question";
    public const string SqlWritingMarker = "You write one read-only SQL query";
    public const string ResultMarker = "You describe the result of a database query";

    /// <summary>What a result-describing call answers unless the test scripted something else.</summary>
    public const string ResultAnswer = "Here is what the query found.";

    public static FakeScript Default { get; } = new(FakeAnswerKind.Default);

    /// <summary>
    /// Reads the directives of a request. A request whose system message asks for a title (mentions "title" but says
    /// nothing of citing) is a title request whatever its user message says.
    /// </summary>
    public static FakeScript For(FakeModelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var system = request.Messages.FirstOrDefault(m => m.Role == "system")?.Content ?? string.Empty;
        if (system.StartsWith(RoutingMarker, StringComparison.Ordinal))
        {
            // [[fake:route N]] picks the Nth source; without it the fake names none, and the server falls back.
            var routing = Parse(request.LastUserText);
            return routing with { Answer = FakeAnswerKind.Fixed, FixedText = routing.Route?.ToString(CultureInfo.InvariantCulture) ?? "no idea" };
        }

        if (system.StartsWith(SqlWritingMarker, StringComparison.Ordinal))
        {
            // A retry adds the failed SQL (as the assistant) and the error (as the user), so the question's directives are in
            // the first user message, and the attempt number is the count of assistant turns so far.
            var writing = Parse(string.Join('\n', request.Messages.Where(m => m.Role == "user").Select(m => m.Content)));
            var attempts = writing.SqlAttempts ?? ["SELECT 1"];
            var attempt = request.Messages.Count(m => m.Role == "assistant");
            return writing with { Answer = FakeAnswerKind.Fixed, FixedText = "```sql\n" + attempts[Math.Min(attempt, attempts.Count - 1)] + "\n```" };
        }

        var script = Parse(request.LastUserText);
        if (system.StartsWith(ResultMarker, StringComparison.Ordinal) && script.Answer == FakeAnswerKind.Default)
        {
            return script with { Answer = FakeAnswerKind.Fixed, FixedText = ResultAnswer };
        }

        return script.Answer == FakeAnswerKind.Default && AsksForTitle(request.Messages) ? script with { Answer = FakeAnswerKind.Title } : script;
    }

    public static FakeScript Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var script = Default;
        foreach (Match match in Directive().Matches(text))
        {
            var name = match.Groups["name"].Value.ToLowerInvariant();
            var argument = match.Groups["arg"].Value.Trim();
            script = name switch
            {
                "table" => script with { Answer = FakeAnswerKind.Table },
                "code" => script with { Answer = FakeAnswerKind.Code },
                "chart" => script with { Answer = FakeAnswerKind.Chart },
                "map" => script with { Answer = FakeAnswerKind.Map },
                "rich" => script with { Answer = FakeAnswerKind.Rich },
                "bad-chart" => script with { Answer = FakeAnswerKind.BadChart },
                "echo" => script with { Answer = FakeAnswerKind.Echo },
                "title" => script with { Answer = FakeAnswerKind.Title },
                "stall" => script with { Answer = FakeAnswerKind.Stall },
                "stall-before" => script with { Answer = FakeAnswerKind.StallBefore },
                "fail-midstream" => script with { Answer = FakeAnswerKind.FailMidstream },
                "cite" => script with { Answer = FakeAnswerKind.Cite, Citations = Numbers(argument) },
                "deltas" => script with { Answer = FakeAnswerKind.Deltas, DeltaCount = Number(argument) ?? 100 },
                "status" => script with { Status = Number(argument) ?? 500 },
                "status-once" => script with { StatusOnce = Number(argument) ?? 500 },
                "slow" => script with { DelayPerDelta = TimeSpan.FromMilliseconds(Number(argument) ?? 50) },
                "route" => script with { Route = Number(argument) },
                "sql" => script with { SqlAttempts = argument.Split("||", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) },
                _ => script,
            };
        }

        return script;
    }

    private static bool AsksForTitle(IReadOnlyList<FakeMessage> messages) =>
        messages.Any(m => m.Role == "system"
            && m.Content.Contains("title", StringComparison.OrdinalIgnoreCase)
            && !m.Content.Contains("cite", StringComparison.OrdinalIgnoreCase));

    private static int? Number(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static int[] Numbers(string text)
    {
        var numbers = text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(Number).OfType<int>().ToArray();
        return numbers.Length > 0 ? numbers : [1];
    }

    [GeneratedRegex(@"\[\[fake:(?<name>[a-z-]+)(?<arg>[^\]]*)\]\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Directive();
}
