using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using Planck.Infrastructure.Tokens;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>
/// Cuts a document into passages of about <see cref="TargetTokens"/> cl100k_base tokens along its structure.
/// Each text passage starts with its heading path ("Travel policy › Per diems") so it carries its context into
/// search and into a prompt; the document name is not added, because every hit already carries it and repeating
/// it in every passage would make all of a file's passages match a query that names the file. Table rows are
/// written "column: value; column: value" under a header line naming the table and its columns: a row then reads
/// on its own, so full-text and embedding search can match "Europe" with "revenue" without lining up columns
/// by position as a Markdown table would need.
/// A passage never spans two pages, two sheets or two top-level sections, so the page it cites is the page of every
/// word in it: a short page is its own short passage rather than the tail of the page before (whose citation would
/// send the reader one page too early).
/// </summary>
internal sealed partial class TokenChunker : IChunker
{
    public const int TargetTokens = 500;
    public const int MaxTokens = 600;
    public const int OverlapTokens = 60;

    /// <summary>A heading ends the current passage once it holds this much; a smaller passage runs on into the next section.</summary>
    public const int HeadingBreakTokens = 200;

    /// <summary>
    /// Headings at this level or above (h1, a Markdown "#") always end the current passage: a top-level section is a
    /// unit a citation names on its own.
    /// </summary>
    public const int TopLevelHeading = 1;

    /// <summary>The heading path is cut (outermost headings first) beyond this, so a deep outline cannot crowd out the text.</summary>
    public const int MaxContextTokens = 60;

    public const string PathSeparator = " › ";

    /// <summary>Room for separators between parts, whose tokens are not counted part by part.</summary>
    private const int SeparatorTokens = 2;

    /// <summary>The largest piece of one paragraph: with a full overlap before it and a full heading path, a passage stays under <see cref="MaxTokens"/>.</summary>
    private const int MaxPieceTokens = TargetTokens - OverlapTokens;

    internal static Tokenizer Tokenizer => Cl100k.Tokenizer;

    public static int CountTokens(string text) => Cl100k.CountTokens(text);

    public IReadOnlyList<ChunkDraft> Chunk(ExtractedDocument document, string documentName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var chunks = new List<ChunkDraft>();
        var text = new TextPassages(chunks);
        foreach (var block in document.Blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            text.Add(block);
        }

        text.Flush(keepOverlap: false);
        foreach (var table in document.Tables)
        {
            ChunkTable(table, chunks, cancellationToken);
        }

        return chunks;
    }

    /// <summary>Rows grouped up to the target size, every group under the same header line.</summary>
    private static void ChunkTable(ExtractedTable table, List<ChunkDraft> chunks, CancellationToken cancellationToken)
    {
        var header = $"{table.Name} — columns: {string.Join(", ", table.Columns.Select(column => column.Name))}";
        header = CutToTokens(header, MaxContextTokens);
        var headerTokens = CountTokens(header);
        var rowBudget = TargetTokens - headerTokens - SeparatorTokens;
        var rows = new StringBuilder();
        var rowsTokens = 0;
        var passages = 0;

        void Emit()
        {
            if (rows.Length == 0)
            {
                return;
            }

            var text = $"{header}\n{rows}";
            chunks.Add(new ChunkDraft(text, null, table.Name, CountTokens(text), passages++));
            rows.Clear();
            rowsTokens = 0;
        }

        foreach (var row in table.Rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = RowLine(table.Columns, row);
            if (line.Length == 0)
            {
                continue;
            }

            var lineTokens = CountTokens(line);
            if (lineTokens > rowBudget)
            {
                Emit();
                foreach (var piece in SplitByTokens(line, rowBudget))
                {
                    rows.Append(piece);
                    Emit();
                }

                continue;
            }

            if (rowsTokens + lineTokens + 1 > rowBudget)
            {
                Emit();
            }

            if (rows.Length > 0)
            {
                rows.Append('\n');
            }

            rows.Append(line);
            rowsTokens += lineTokens + 1;
        }

        Emit();
    }

    private static string RowLine(IReadOnlyList<TableColumn> columns, IReadOnlyList<object?> row)
    {
        var line = new StringBuilder();
        for (var column = 0; column < row.Count && column < columns.Count; column++)
        {
            if (row[column] is not { } value)
            {
                continue;
            }

            var text = TableBuilder.FormatCell(value);
            if (text.Length == 0)
            {
                continue;
            }

            if (line.Length > 0)
            {
                line.Append("; ");
            }

            line.Append(columns[column].Name).Append(": ").Append(text);
        }

        return line.ToString();
    }

    /// <summary>Pieces of at most <paramref name="maxTokens"/>: at sentence ends where possible, else at the last space before the limit, else mid-word.</summary>
    internal static IEnumerable<string> SplitToPieces(string text, int maxTokens)
    {
        var piece = new StringBuilder();
        var pieceTokens = 0;
        foreach (var sentence in SentenceEnd().Split(text))
        {
            if (sentence.Length == 0)
            {
                continue;
            }

            var sentenceTokens = CountTokens(sentence);
            if (pieceTokens + sentenceTokens + 1 > maxTokens && piece.Length > 0)
            {
                yield return piece.ToString();
                piece.Clear();
                pieceTokens = 0;
            }

            if (sentenceTokens > maxTokens)
            {
                foreach (var part in SplitByTokens(sentence, maxTokens))
                {
                    yield return part;
                }

                continue;
            }

            if (piece.Length > 0)
            {
                piece.Append(' ');
            }

            piece.Append(sentence);
            pieceTokens += sentenceTokens + 1;
        }

        if (piece.Length > 0)
        {
            yield return piece.ToString();
        }
    }

    private static IEnumerable<string> SplitByTokens(string text, int maxTokens)
    {
        var rest = text;
        while (rest.Length > 0)
        {
            var end = Tokenizer.GetIndexByTokenCount(rest, maxTokens, out _, out _);
            if (end >= rest.Length)
            {
                yield return rest;
                yield break;
            }

            // Prefer the last space in the final fifth of the window over cutting a word in two.
            var space = rest.LastIndexOf(' ', Math.Max(0, end - 1));
            if (space > end * 4 / 5)
            {
                end = space;
            }

            end = Math.Max(end, 1);
            yield return rest[..end].Trim();
            rest = rest[end..].TrimStart();
        }
    }

    private static string CutToTokens(string text, int maxTokens)
    {
        var end = Tokenizer.GetIndexByTokenCount(text, maxTokens, out _, out _);
        return end >= text.Length ? text : text[..end].TrimEnd() + "…";
    }

    /// <summary>Ends of sentences (., !, ? followed by space) and line breaks.</summary>
    [GeneratedRegex(@"(?<=[.!?…])\s+|\s*\n\s*")]
    private static partial Regex SentenceEnd();

    /// <summary>Accumulates text blocks into passages, remembering the heading path and page as it goes.</summary>
    private sealed class TextPassages(List<ChunkDraft> chunks)
    {
        private readonly List<(int Level, string Text)> headingPath = [];
        private readonly List<string> parts = [];
        private int bodyTokens;
        private string context = string.Empty;
        private int contextTokens;
        private int? firstPage;
        private int? lastPage;
        private string? sheet;
        private bool lastPartIsHeading;

        public void Add(ExtractedBlock block)
        {
            if (parts.Count > 0 && StartsNewUnit(block))
            {
                Flush(keepOverlap: false);
            }

            if (block.Kind == BlockKind.Heading)
            {
                AddHeading(block);
                return;
            }

            var tokens = CountTokens(block.Text);
            if (tokens <= MaxPieceTokens)
            {
                AddPiece(block.Text, tokens, block.Page, block.Sheet);
                return;
            }

            foreach (var piece in SplitToPieces(block.Text, MaxPieceTokens))
            {
                AddPiece(piece, CountTokens(piece), block.Page, block.Sheet);
            }
        }

        /// <summary>A new page, sheet or top-level section: the current passage must not run on into it.</summary>
        private bool StartsNewUnit(ExtractedBlock block) =>
            block.Sheet != sheet
            || block.Page != lastPage
            || (block.Kind == BlockKind.Heading && Math.Max(1, block.HeadingLevel) <= TopLevelHeading);

        public void Flush(bool keepOverlap)
        {
            if (parts.Count == 0)
            {
                return;
            }

            var body = string.Join("\n\n", parts);
            var text = context.Length > 0 ? $"{context}\n\n{body}" : body;
            chunks.Add(new ChunkDraft(text, firstPage, sheet, CountTokens(text)));

            parts.Clear();
            bodyTokens = 0;
            if (keepOverlap)
            {
                var tail = Tail(body);
                if (tail.Length > 0)
                {
                    StartPassage(lastPage);
                    parts.Add(tail);
                    bodyTokens = CountTokens(tail);
                }
            }
        }

        private void AddHeading(ExtractedBlock heading)
        {
            if (bodyTokens >= HeadingBreakTokens)
            {
                Flush(keepOverlap: false);
            }

            var level = Math.Max(1, heading.HeadingLevel);
            headingPath.RemoveAll(entry => entry.Level >= level);
            headingPath.Add((level, TextBlocks.CollapseWhitespace(heading.Text)));

            // Run on into the new section: the heading stays visible inside the passage it now shares.
            if (parts.Count > 0)
            {
                parts.Add(heading.Text);
                bodyTokens += CountTokens(heading.Text) + SeparatorTokens;
                lastPartIsHeading = true;
            }
        }

        private void AddPiece(string piece, int tokens, int? page, string? pieceSheet)
        {
            if (parts.Count > 0)
            {
                var total = bodyTokens + SeparatorTokens + tokens;
                var overTarget = total > TargetTokens - contextTokens;
                var overMax = total > MaxTokens - contextTokens - SeparatorTokens;
                if (overMax || (overTarget && bodyTokens >= TargetTokens / 2))
                {
                    Flush(keepOverlap: !lastPartIsHeading && lastPage == page);
                }
            }

            if (parts.Count == 0)
            {
                StartPassage(page);
            }

            sheet = pieceSheet;
            parts.Add(piece);
            bodyTokens += tokens + (parts.Count > 1 ? SeparatorTokens : 0);
            lastPage = page;
            lastPartIsHeading = false;
        }

        private void StartPassage(int? page)
        {
            firstPage = page;
            lastPage = page;
            context = HeadingContext();
            contextTokens = context.Length == 0 ? 0 : CountTokens(context) + SeparatorTokens;
        }

        /// <summary>The heading path, dropping outer headings (then cutting the innermost) until it fits its budget.</summary>
        private string HeadingContext()
        {
            for (var skip = 0; skip < headingPath.Count; skip++)
            {
                var path = string.Join(PathSeparator, headingPath.Skip(skip).Select(entry => entry.Text));
                if (CountTokens(path) <= MaxContextTokens)
                {
                    return path;
                }
            }

            return headingPath.Count == 0 ? string.Empty : CutToTokens(headingPath[^1].Text, MaxContextTokens - 1);
        }

        /// <summary>The last <see cref="OverlapTokens"/> tokens of a passage, starting at a word boundary.</summary>
        private static string Tail(string body)
        {
            var start = Tokenizer.GetIndexByTokenCountFromEnd(body, OverlapTokens, out _, out _);
            if (start <= 0)
            {
                return body.Trim();
            }

            if (!char.IsWhiteSpace(body[start - 1]))
            {
                var nextSpace = body.AsSpan(start).IndexOfAny(' ', '\n');
                if (nextSpace < 0)
                {
                    return string.Empty;
                }

                start += nextSpace;
            }

            return body[start..].Trim();
        }
    }
}
