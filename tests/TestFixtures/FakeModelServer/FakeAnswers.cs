using System.Globalization;
using System.Text;

namespace Planck.Tests.Fixtures;

/// <summary>The canned answers, already cut into the deltas the server streams.</summary>
public static class FakeAnswers
{
    public const string Title = "Quarterly revenue summary";

    public static readonly IReadOnlyList<string> DefaultAnswer =
    [
        "According to the documents, ",
        "revenue grew by **12%** ",
        "in the third quarter [1]. ",
        "Most of the growth came ",
        "from *Europe* [1].",
    ];

    public static readonly IReadOnlyList<string> TableAnswer =
    [
        "Revenue by region for the quarter [1]:\n\n",
        "| Region | Revenue |\n",
        "| --- | ---: |\n",
        "| Europe | 120 |\n",
        "| Americas | 95 |\n",
        "| Asia | 80 |\n",
        "\nEurope leads the other regions [1].",
    ];

    public static readonly IReadOnlyList<string> CodeAnswer =
    [
        "This script adds up the revenue column [1]:\n\n",
        "```python\n",
        "import csv\n\n",
        "with open(\"revenue.csv\") as f:\n",
        "    total = sum(float(row[\"revenue\"]) for row in csv.DictReader(f))\n",
        "print(total)\n",
        "```\n",
        "\nRun it next to the exported file.",
    ];

    /// <summary>The Vega-Lite fence of <see cref="ChartAnswer"/>: a bar chart of four regions, data inline.</summary>
    public static readonly IReadOnlyList<string> ChartFence =
    [
        "```vega-lite\n",
        "{\n",
        "  \"$schema\": \"https://vega.github.io/schema/vega-lite/v5.json\",\n",
        "  \"title\": \"Revenue by region\",\n",
        "  \"data\": {\"values\": [\n",
        "    {\"region\": \"Europe\", \"revenue\": 120},\n",
        "    {\"region\": \"Americas\", \"revenue\": 95},\n",
        "    {\"region\": \"Asia\", \"revenue\": 80},\n",
        "    {\"region\": \"Africa\", \"revenue\": 35}\n",
        "  ]},\n",
        "  \"mark\": \"bar\",\n",
        "  \"encoding\": {\n",
        "    \"x\": {\"field\": \"region\", \"type\": \"nominal\", \"title\": \"Region\"},\n",
        "    \"y\": {\"field\": \"revenue\", \"type\": \"quantitative\", \"title\": \"Revenue\"}\n",
        "  }\n",
        "}\n",
        "```\n",
    ];

    /// <summary>The GeoJSON fence of <see cref="MapAnswer"/>: two named points (Paris, Berlin) and one polygon.</summary>
    public static readonly IReadOnlyList<string> MapFence =
    [
        "```geojson\n",
        "{\n",
        "  \"type\": \"FeatureCollection\",\n",
        "  \"name\": \"Offices\",\n",
        "  \"features\": [\n",
        "    {\"type\": \"Feature\", \"properties\": {\"name\": \"Paris\"}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [2.3522, 48.8566]}},\n",
        "    {\"type\": \"Feature\", \"properties\": {\"name\": \"Berlin\"}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [13.405, 52.52]}},\n",
        "    {\"type\": \"Feature\", \"properties\": {\"name\": \"Sales area\"}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[2.0, 48.5], [13.5, 48.5], [13.5, 53.0], [2.0, 53.0], [2.0, 48.5]]]}}\n",
        "  ]\n",
        "}\n",
        "```\n",
    ];

    public static readonly IReadOnlyList<string> ChartAnswer =
        ["Here is revenue by region as a chart [1]:\n\n", .. ChartFence, "\nEurope leads the other regions [1]."];

    public static readonly IReadOnlyList<string> MapAnswer =
        ["The offices and the sales area on a map [1]:\n\n", .. MapFence, "\nBoth offices lie inside the sales area [1]."];

    /// <summary>A chart whose data is loaded from another origin: the server must keep it a code block.</summary>
    public static readonly IReadOnlyList<string> BadChartAnswer =
    [
        "This chart loads its data from elsewhere:\n\n",
        "```vega-lite\n",
        "{\n",
        "  \"data\": {\"url\": \"https://evil.example/data.json\"},\n",
        "  \"mark\": \"bar\",\n",
        "  \"encoding\": {\"x\": {\"field\": \"a\", \"type\": \"nominal\"}, \"y\": {\"field\": \"b\", \"type\": \"quantitative\"}}\n",
        "}\n",
        "```\n",
    ];

    /// <summary>
    /// Every block type but sources in one answer, in this order: text (bold, a link, [1]), Python code, a table
    /// (a string and a number column, rows not sorted), the chart, the map, and closing text citing [1].
    /// </summary>
    public static readonly IReadOnlyList<string> RichAnswer =
    [
        "Revenue grew by **12%** in the third quarter [1]; ",
        "the method is described on [the example site](https://example.com).\n\n",
        "```python\n",
        "totals = {\"Europe\": 120, \"Americas\": 95}\n",
        "print(sum(totals.values()))\n",
        "```\n\n",
        "| Region | Revenue |\n",
        "| --- | ---: |\n",
        "| Americas | 95 |\n",
        "| Europe | 120 |\n",
        "| Africa | 35 |\n",
        "| Asia | 80 |\n",
        "\n",
        .. ChartFence,
        "\n",
        .. MapFence,
        "\nEurope leads, and both offices lie inside the sales area [1].",
    ];

    /// <summary>The deltas that answer a request under <paramref name="script"/>.</summary>
    public static IReadOnlyList<string> For(FakeScript script, FakeModelRequest request)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(request);
        return script.Answer switch
        {
            FakeAnswerKind.Table => TableAnswer,
            FakeAnswerKind.Code => CodeAnswer,
            FakeAnswerKind.Chart => ChartAnswer,
            FakeAnswerKind.Map => MapAnswer,
            FakeAnswerKind.Rich => RichAnswer,
            FakeAnswerKind.BadChart => BadChartAnswer,
            FakeAnswerKind.Cite => Cite(script.Citations ?? [1]),
            FakeAnswerKind.Echo => Split(request.LastUserText, 24),
            FakeAnswerKind.Deltas => Enumerable.Repeat("tok ", Math.Max(0, script.DeltaCount)).ToArray(),
            FakeAnswerKind.Title => ["Quarterly revenue ", "summary"],
            FakeAnswerKind.Fixed => [script.FixedText ?? string.Empty],
            _ => DefaultAnswer,
        };
    }

    private static string[] Cite(IReadOnlyList<int> citations)
    {
        var deltas = new List<string> { "The documents agree on this. " };
        deltas.AddRange(citations.Select((n, i) => string.Create(CultureInfo.InvariantCulture, $"Point {i + 1} comes from a passage [{n}]. ")));
        return [.. deltas];
    }

    /// <summary>Cuts text into pieces of at most <paramref name="size"/> characters, never inside a surrogate pair.</summary>
    public static string[] Split(string text, int size)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pieces = new List<string>();
        var piece = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            piece.Append(rune.ToString());
            if (piece.Length >= size)
            {
                pieces.Add(piece.ToString());
                piece.Clear();
            }
        }

        if (piece.Length > 0)
        {
            pieces.Add(piece.ToString());
        }

        return [.. pieces];
    }
}
