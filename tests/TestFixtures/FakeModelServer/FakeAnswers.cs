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

    /// <summary>The deltas that answer a request under <paramref name="script"/>.</summary>
    public static IReadOnlyList<string> For(FakeScript script, FakeModelRequest request)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(request);
        return script.Answer switch
        {
            FakeAnswerKind.Table => TableAnswer,
            FakeAnswerKind.Code => CodeAnswer,
            FakeAnswerKind.Cite => Cite(script.Citations ?? [1]),
            FakeAnswerKind.Echo => Split(request.LastUserText, 24),
            FakeAnswerKind.Deltas => Enumerable.Repeat("tok ", Math.Max(0, script.DeltaCount)).ToArray(),
            FakeAnswerKind.Title => ["Quarterly revenue ", "summary"],
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
