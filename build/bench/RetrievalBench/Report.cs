using System.Globalization;
using System.Text;
using Planck.Application.Documents;

namespace Planck.Bench.Retrieval;

/// <summary>Page-level (or section-level) hit@1, hit@5 and MRR@10 per split and mode, and the dev misses that guide tuning.</summary>
internal sealed class Report(
    string provider,
    IngestionResult ingestion,
    Passages passages,
    IReadOnlyList<Question> questions,
    IReadOnlyList<Outcome> outcomes,
    IReadOnlyList<SearchMode> modes)
{
    private static readonly string[] Splits = [Question.Dev, Question.Heldout];

    private readonly Dictionary<(string, SearchMode), Outcome> byQuestionAndMode = outcomes.ToDictionary(o => (o.QuestionId, o.Mode));

    public string Markdown()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"### {provider}").AppendLine();
        text.AppendLine(inv, $"Corpus: {ingestion.Documents.Count} documents, {ingestion.Pages} PDF pages, {ingestion.Passages} passages ({passages.Embedded} with a vector); ingestion (upload to all ready) {ingestion.Seconds:0.0} s.").AppendLine();
        text.AppendLine("| document | pages | passages | processing s |").AppendLine("|---|---:|---:|---:|");
        foreach (var document in ingestion.Documents)
        {
            text.AppendLine(inv, $"| {document.Name} | {document.Pages?.ToString(inv) ?? "–"} | {document.Passages} | {document.ProcessingSeconds:0.0} |");
        }

        text.AppendLine().AppendLine("| split | mode | questions | hit@1 | hit@5 | MRR@10 | mean ms |").AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var split in Splits)
        {
            foreach (var mode in modes)
            {
                var scored = Of(split, mode);
                text.AppendLine(inv, $"| {split} | {Name(mode)} | {scored.Count} | {HitAt(scored, 1):0.000} | {HitAt(scored, 5):0.000} | {Mrr(scored):0.000} | {scored.Average(o => o.Milliseconds):0.0} |");
            }
        }

        text.AppendLine().Append("| split | questions of | count |");
        foreach (var mode in modes)
        {
            text.Append(inv, $" {Name(mode)} hit@1 | {Name(mode)} hit@5 |");
        }

        text.AppendLine().Append("|---|---|---:|").AppendLine(string.Concat(Enumerable.Repeat("---:|---:|", modes.Count)));
        foreach (var split in Splits)
        {
            foreach (var (group, members) in Groups())
            {
                var ids = members.Where(q => q.Split == split).Select(q => q.Id).ToList();
                text.Append(inv, $"| {split} | {group} | {ids.Count} |");
                foreach (var mode in modes)
                {
                    var scored = ids.ConvertAll(id => byQuestionAndMode[(id, mode)]);
                    text.Append(inv, $" {HitAt(scored, 1):0.00} | {HitAt(scored, 5):0.00} |");
                }

                text.AppendLine();
            }
        }

        text.AppendLine();
        foreach (var split in Splits)
        {
            var inSplit = questions.Where(q => q.Split == split).ToList();
            var unreachable = inSplit.Where(q => !passages.CanBeHit(q)).Select(q => q.Id).ToList();
            text.AppendLine(inv, $"{split}: {inSplit.Count - unreachable.Count} of {inSplit.Count} gold units are cited by some passage{(unreachable.Count > 0 ? $" (never cited: {string.Join(", ", unreachable)})" : "")}.");
        }

        text.AppendLine().AppendLine("Dev misses (no gold passage in the top 5), with each missing mode's top 3 and the gold rank within 10:").AppendLine();
        foreach (var question in questions.Where(q => q.Split == Question.Dev))
        {
            var missed = modes.Select(m => byQuestionAndMode[(question.Id, m)]).Where(o => o.Rank is null or > 5).ToList();
            if (missed.Count == 0)
            {
                continue;
            }

            text.AppendLine(inv, $"- {question.Id} ({question.Style}) \"{question.Text}\" — gold {question.Gold}{(passages.CanBeHit(question) ? "" : " (never cited)")}");
            foreach (var outcome in missed)
            {
                var top = string.Join(", ", outcome.Hits.Take(3).Select(h => h.Page is { } p ? $"{h.Document} p.{p}" : h.Document));
                text.AppendLine(inv, $"  - {Name(outcome.Mode)}: rank {outcome.Rank?.ToString(inv) ?? "–"}; top: {top}");
            }
        }

        return text.ToString();
    }

    public object Details() => new
    {
        provider,
        ingestion,
        questions = questions.Select(q => new
        {
            q.Id,
            q.Split,
            q.Style,
            q.Text,
            gold = q.Gold,
            can_be_hit = passages.CanBeHit(q),
            modes = modes.ToDictionary(Name, m => byQuestionAndMode[(q.Id, m)]),
        }),
        summary = Splits.SelectMany(split => modes.Select(mode =>
        {
            var scored = Of(split, mode);
            return new { split, mode = Name(mode), questions = scored.Count, hit_at_1 = HitAt(scored, 1), hit_at_5 = HitAt(scored, 5), mrr_at_10 = Mrr(scored) };
        })),
    };

    /// <summary>Each style, then each format: PDF questions are scored on a page, HTML ones on a whole section.</summary>
    private IEnumerable<(string Group, IEnumerable<Question> Members)> Groups()
    {
        foreach (var style in questions.Select(q => q.Style).Distinct().Order(StringComparer.Ordinal))
        {
            yield return ($"style {style}", questions.Where(q => q.Style == style));
        }

        yield return ("PDF (page)", questions.Where(q => q.Page is not null));
        yield return ("HTML (section)", questions.Where(q => q.Section is not null));
    }

    private List<Outcome> Of(string split, SearchMode mode) =>
        questions.Where(q => q.Split == split).Select(q => byQuestionAndMode[(q.Id, mode)]).ToList();

    private static double HitAt(List<Outcome> scored, int k) => scored.Count(o => o.Rank <= k) / (double)scored.Count;

    private static double Mrr(List<Outcome> scored) => scored.Sum(o => o.Rank is { } rank ? 1.0 / rank : 0) / scored.Count;

    private static string Name(SearchMode mode) => mode switch
    {
        SearchMode.FullText => "full-text",
        SearchMode.Vector => "vector",
        _ => "hybrid",
    };
}
