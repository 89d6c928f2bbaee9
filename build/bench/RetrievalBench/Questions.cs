using System.Text.Json;
using System.Text.RegularExpressions;

namespace Planck.Bench.Retrieval;

/// <summary>
/// A question written by reading the document, with where its answer is: a 1-based PDF page (the page index Planck's
/// PDF extractor counts, as <c>pdftotext -f N</c> does, not the number printed on the page) or, for HTML, the heading
/// of the section that answers it. <c>Style</c> says what makes it easy or hard: keyword (the document's own terms),
/// paraphrase (the user's words, not the document's) or short-page (the answer sits on a page with little text).
/// <c>Answer</c> is the phrase on the gold unit that answers it, for a person checking the set; search never sees it.
/// </summary>
internal sealed partial record Question(string Id, string Split, string Document, int? Page, string? Section, string Text, string Style, string Answer)
{
    /// <summary>Headings of PostgreSQL's admonition boxes: they sit inside a section without starting a new one.</summary>
    private static readonly HashSet<string> Admonitions = new(StringComparer.OrdinalIgnoreCase) { "Note", "Tip", "Important", "Caution", "Warning" };

    public const string Dev = "dev";
    public const string Heldout = "heldout";

    public string Gold => Page is { } page ? $"{Document} p.{page}" : $"{Document} § {Section}";

    /// <summary>
    /// Whether a passage cites the gold unit. A PDF passage cites the page it starts on (the only page search results
    /// carry today); when passages carry a page range, this is where to widen the check. An HTML passage covers a
    /// section when the innermost heading of its path (admonitions aside) is that section's heading, or when the
    /// section's heading runs on inside it (the chunker joins a short section to the passage before it).
    /// </summary>
    public bool IsCoveredBy(string documentName, int? page, string text)
    {
        if (!string.Equals(documentName, Document, StringComparison.Ordinal))
        {
            return false;
        }

        if (Page is { } goldPage)
        {
            return page == goldPage;
        }

        var section = Normalised(Section!);
        var parts = text.Split("\n\n");
        var innermost = parts[0].Split(" › ").Reverse().SkipWhile(heading => Admonitions.Contains(heading.Trim())).FirstOrDefault() ?? "";
        return Normalised(innermost) == section || parts.Skip(1).Any(part => Normalised(part) == section);
    }

    private static string Normalised(string text) => Whitespace().Replace(text, " ").Trim().ToUpperInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

internal sealed record QuestionSet(IReadOnlyList<Question> Questions)
{
    public static QuestionSet Load(string path)
    {
        var file = JsonSerializer.Deserialize<QuestionFile>(File.ReadAllText(path), Corpus.Json)
            ?? throw new InvalidOperationException($"{path} is empty");
        return new QuestionSet(file.Questions);
    }

    /// <summary>Refuses a question set that could not be scored fairly: unknown documents, two gold units, unbalanced halves.</summary>
    public void CheckAgainst(Corpus corpus)
    {
        var names = corpus.Documents.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var question in Questions)
        {
            if (!names.Contains(question.Document))
            {
                problems.Add($"{question.Id}: {question.Document} is not in the corpus");
            }

            if ((question.Page is null) == (question.Section is null))
            {
                problems.Add($"{question.Id}: needs exactly one of page and section");
            }

            if (question.Split is not (Question.Dev or Question.Heldout))
            {
                problems.Add($"{question.Id}: split must be {Question.Dev} or {Question.Heldout}");
            }
        }

        problems.AddRange(Questions.GroupBy(q => q.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: id used {g.Count()} times"));
        foreach (var document in Questions.GroupBy(q => q.Document))
        {
            var dev = document.Count(q => q.Split == Question.Dev);
            var heldout = document.Count() - dev;
            if (Math.Abs(dev - heldout) > 1)
            {
                problems.Add($"{document.Key}: {dev} dev and {heldout} held-out questions; the halves must be balanced per document");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("questions.json: " + string.Join("\n", problems));
        }
    }

    private sealed record QuestionFile(IReadOnlyList<Question> Questions);
}
