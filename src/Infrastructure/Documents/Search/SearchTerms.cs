using System.Text;

namespace Planck.Infrastructure.Documents.Search;

/// <summary>
/// The words of a user's query, with every bit of query syntax gone: runs of letters and digits only, so
/// quotes, <c>*</c>, <c>NEAR</c>, <c>-</c>, <c>:</c> and parentheses are plain separators to both engines.
/// </summary>
internal static class SearchTerms
{
    /// <summary>More words than this add little to ranking and make the full-text query costly; the rest are ignored.</summary>
    public const int MaxTerms = 32;

    /// <summary>Longer "words" are noise (hashes, base64) and no index holds such a token usefully.</summary>
    public const int MaxTermLength = 64;

    /// <summary>
    /// English function words (PostgreSQL's <c>english</c> stop list, which SQLite's FTS5 lacks). They occur in
    /// nearly every passage, so they add nothing to ranking but make every passage a match that must be ranked.
    /// A query made only of them ("to be or not to be") keeps them.
    /// </summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be",
        "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "did", "do", "does",
        "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her",
        "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself",
        "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
        "other", "our", "ours", "ourselves", "out", "over", "own", "s", "same", "she", "should", "so", "some", "such",
        "t", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
        "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "whom", "why", "will", "with", "you", "your", "yours", "yourself", "yourselves",
    };

    public static IReadOnlyList<string> From(string? query)
    {
        var words = Words(query);
        var content = words.Where(word => !StopWords.Contains(word)).ToList();
        return content.Count > 0 ? content : words;
    }

    private static List<string> Words(string? query)
    {
        var terms = new List<string>();
        if (string.IsNullOrEmpty(query))
        {
            return terms;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var word = new StringBuilder();
        foreach (var rune in query.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                word.Append(rune.ToString());
                continue;
            }

            if (Add(word, terms, seen))
            {
                return terms;
            }
        }

        Add(word, terms, seen);
        return terms;
    }

    /// <returns>True when the list is full.</returns>
    private static bool Add(StringBuilder word, List<string> terms, HashSet<string> seen)
    {
        if (word.Length is > 0 and <= MaxTermLength)
        {
            var term = word.ToString();
            if (seen.Add(term))
            {
                terms.Add(term);
            }
        }

        word.Clear();
        return terms.Count >= MaxTerms;
    }
}
