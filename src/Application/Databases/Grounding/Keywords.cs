using System.Globalization;
using System.Text;

namespace Planck.Application.Databases.Grounding;

/// <summary>
/// Turns questions and identifiers into comparable keywords: split at anything that is not a letter or digit and at
/// camelCase humps, lower-cased, stemmed so that plural and singular, <c>-ing</c> and <c>-ed</c> forms meet.
/// </summary>
/// <remarks>
/// The stemmer is deliberately crude: both forms of a word only have to land on the same stem, not on a real word
/// ("invoices" and "invoice" both become "invoic"). A dictionary stemmer would be better English and no better here.
/// </remarks>
internal static class Keywords
{
    // Words that carry no meaning about which tables a question needs; everything else is left to the weighting,
    // which makes words found in many tables count for little anyway.
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "for", "in", "on", "at", "by", "to", "from", "with", "without", "and", "or", "not", "no",
        "is", "are", "was", "were", "be", "been", "do", "does", "did", "has", "have", "had", "it", "its", "this", "that",
        "these", "those", "there", "their", "them", "they", "we", "our", "us", "i", "me", "my", "you", "your",
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "many", "much", "each", "every", "per",
        "all", "any", "some", "more", "most", "less", "than", "over", "under", "between", "into", "about", "as",
        "show", "list", "give", "get", "find", "tell", "display", "please", "can", "could", "would", "should",
        "top", "total", "number", "count", "average", "sum", "last", "first", "next", "ever", "still", "yet",
    };

    /// <summary>The stems of the words of <paramref name="text"/>, stop words left out, in order, repeats kept.</summary>
    public static IEnumerable<string> Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        foreach (var word in Words(text))
        {
            if (word.Length > 1 && !StopWords.Contains(word) && !IsNumber(word))
            {
                yield return Stem(word);
            }
        }
    }

    /// <summary>Lower-cased words; <c>order_lines</c>, <c>orderLines</c> and <c>OrderLines</c> all give "order", "lines".</summary>
    internal static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }

                continue;
            }

            // A hump starts a word: "orderId" at 'I', "HTTPServer" at the 'S' that a lower-case letter follows.
            var hump = word.Length > 0 && char.IsUpper(c)
                && (char.IsLower(text[i - 1]) || char.IsDigit(text[i - 1])
                    || (char.IsUpper(text[i - 1]) && i + 1 < text.Length && char.IsLower(text[i + 1])));
            if (hump)
            {
                yield return word.ToString();
                word.Clear();
            }

            word.Append(char.ToLowerInvariant(c));
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    // Past tenses and plurals no suffix rule reaches, mapped to a form the rules then stem like the rest.
    private static readonly Dictionary<string, string> Irregular = new(StringComparer.Ordinal)
    {
        ["sold"] = "sale", ["bought"] = "buy", ["paid"] = "pay", ["spent"] = "spend", ["sent"] = "send",
        ["people"] = "person", ["children"] = "child", ["went"] = "go", ["made"] = "make", ["won"] = "win", ["lost"] = "lose",
    };

    internal static string Stem(string word)
    {
        var stem = Irregular.GetValueOrDefault(word, word);
        if (stem.EndsWith("ies", StringComparison.Ordinal) && stem.Length > 4)
        {
            stem = string.Concat(stem.AsSpan(0, stem.Length - 3), "y");
        }
        else if (stem.EndsWith("es", StringComparison.Ordinal) && stem.Length > 4 && EndsWithSibilant(stem.AsSpan(0, stem.Length - 2)))
        {
            stem = stem[..^2];
        }
        else if (stem.EndsWith('s') && stem.Length > 3 && !stem.EndsWith("ss", StringComparison.Ordinal)
            && !stem.EndsWith("us", StringComparison.Ordinal) && !stem.EndsWith("is", StringComparison.Ordinal))
        {
            stem = stem[..^1];
        }

        // "applicant" and "application", "cancellation" and "cancel", "quotation" and "quote": one root.
        if (stem.EndsWith("ation", StringComparison.Ordinal) && stem.Length > 7)
        {
            stem = stem[..^5];
        }
        else if (stem.EndsWith("ant", StringComparison.Ordinal) && stem.Length > 6)
        {
            stem = stem[..^3];
        }
        else if (stem.EndsWith("ing", StringComparison.Ordinal) && stem.Length > 5)
        {
            stem = stem[..^3];
        }
        else if (stem.EndsWith("ed", StringComparison.Ordinal) && stem.Length > 4)
        {
            stem = stem[..^2];
        }

        // "price"/"priced", "employee"/"employees" and "cancel"/"cancelled"/"billing"/"bill" meet only once a final
        // e is gone and a final double consonant is single.
        if (stem.EndsWith('e') && stem.Length > 3)
        {
            stem = stem[..^1];
        }

        if (stem.Length > 3 && stem[^1] == stem[^2] && !IsVowel(stem[^1]))
        {
            stem = stem[..^1];
        }

        return stem;
    }

    // "boxes", "statuses", "branches": the plural added "es"; "invoices" and "employees" keep their e and lose the s.
    private static bool EndsWithSibilant(ReadOnlySpan<char> stem) =>
        stem.EndsWith("s") || stem.EndsWith("x") || stem.EndsWith("z") || stem.EndsWith("ch") || stem.EndsWith("sh");

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static bool IsNumber(string word) => double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
