using System.Globalization;
using System.Text;
using Planck.Application.Chat.Streaming;
using Planck.Application.Documents.Queries.SearchWorkspace;

namespace Planck.Application.Chat.Answering;

/// <summary>
/// The answer when no language model is configured: it says so, then quotes the best passages as found.
/// Honest retrieval, never invented prose.
/// </summary>
public static class RetrievalOnlyAnswer
{
    public const int PassagesQuoted = 5;
    private const int QuoteCharacters = 700;
    private const int SnippetCharacters = 200;

    public static string Markdown(IReadOnlyList<SearchResultDto> passages)
    {
        if (passages.Count == 0)
        {
            return "No language model is configured on this server, and nothing in this workspace's documents matches the question. "
                + "Try other words, or upload documents that cover it.";
        }

        var text = new StringBuilder(
            "No language model is configured on this server, so this answer is the passages from this workspace's documents "
            + "that best match the question, quoted as found.");
        for (var i = 0; i < Math.Min(PassagesQuoted, passages.Count); i++)
        {
            var passage = passages[i];
            var quoted = Shorten(passage.Text.Trim(), QuoteCharacters).Split('\n').Select(line => line.TrimEnd('\r') is { Length: > 0 } kept ? "> " + kept : ">");
            text.Append(CultureInfo.InvariantCulture, $"\n\n**[{i + 1}] {Where(passage)}**\n\n").AppendJoin('\n', quoted);
        }

        return text.ToString();
    }

    /// <summary>The sources block entry for a passage: its document and a short snippet.</summary>
    public static SourceReference Source(SearchResultDto passage) =>
        new(passage.DocumentId, passage.DocumentName, Shorten(passage.Text.Trim(), SnippetCharacters), passage.Page);

    private static string Where(SearchResultDto passage) =>
        passage switch
        {
            { Page: { } page } => string.Create(CultureInfo.InvariantCulture, $"{passage.DocumentName}, page {page}"),
            { Sheet: { } sheet } => $"{passage.DocumentName}, sheet {sheet}",
            _ => passage.DocumentName,
        };

    /// <summary>Cuts at a word boundary and says so with an ellipsis.</summary>
    private static string Shorten(string text, int characters)
    {
        if (text.Length <= characters)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', characters);
        return string.Concat(text.AsSpan(0, cut > characters / 2 ? cut : characters).TrimEnd(), "…");
    }
}
