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
    TimeSpan DelayPerDelta = default)
{
    public static FakeScript Default { get; } = new(FakeAnswerKind.Default);

    /// <summary>
    /// Reads the directives of a request. A request whose system message asks for a title (mentions "title" but says
    /// nothing of citing) is a title request whatever its user message says.
    /// </summary>
    public static FakeScript For(FakeModelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var script = Parse(request.LastUserText);
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
