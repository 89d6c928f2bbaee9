using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>Markdown as plain text: headings with their level, paragraphs, lists and quotes without markup, code kept verbatim, table rows as "cell | cell".</summary>
internal static class MarkdownExtractor
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseGridTables().Build();

    public static ExtractedDocument Extract(Stream content, CancellationToken cancellationToken)
    {
        var document = Markdown.Parse(TextBlocks.ReadAllText(content), Pipeline);
        var blocks = new List<ExtractedBlock>();
        AddBlocks(document, blocks, cancellationToken);
        return new ExtractedDocument(blocks, [], null);
    }

    private static void AddBlocks(ContainerBlock container, List<ExtractedBlock> blocks, CancellationToken cancellationToken)
    {
        foreach (var block in container)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (block)
            {
                case HeadingBlock heading:
                    AddIfText(blocks, BlockKind.Heading, InlineText(heading.Inline), heading.Level);
                    break;
                case ParagraphBlock paragraph:
                    AddIfText(blocks, BlockKind.Paragraph, InlineText(paragraph.Inline));
                    break;
                case CodeBlock code:
                    AddIfText(blocks, BlockKind.Paragraph, code.Lines.ToString());
                    break;
                case Table table:
                    foreach (var row in table.OfType<TableRow>())
                    {
                        var cells = row.OfType<TableCell>().Select(cell => TextBlocks.CollapseWhitespace(LeafText(cell))).ToList();
                        if (cells.Exists(cell => cell.Length > 0))
                        {
                            blocks.Add(new ExtractedBlock(BlockKind.Paragraph, string.Join(" | ", cells)));
                        }
                    }

                    break;
                case ListBlock list:
                    // A list stays one passage: its items make sense together.
                    AddIfText(blocks, BlockKind.Paragraph, LeafText(list));
                    break;
                case ContainerBlock nested:
                    AddBlocks(nested, blocks, cancellationToken);
                    break;
            }
        }
    }

    private static void AddIfText(List<ExtractedBlock> blocks, BlockKind kind, string text, int level = 0)
    {
        text = text.Trim();
        if (text.Length > 0)
        {
            blocks.Add(new ExtractedBlock(kind, text, HeadingLevel: kind == BlockKind.Heading ? level : 0));
        }
    }

    /// <summary>The text of every paragraph, heading and code block under a container, one per line.</summary>
    private static string LeafText(ContainerBlock container)
    {
        var lines = new List<string>();
        foreach (var leaf in container.Descendants<LeafBlock>())
        {
            var text = leaf switch
            {
                CodeBlock code => code.Lines.ToString(),
                _ => InlineText(leaf.Inline),
            };
            if (!string.IsNullOrWhiteSpace(text))
            {
                lines.Add(text.Trim());
            }
        }

        return string.Join('\n', lines);
    }

    private static string InlineText(ContainerInline? inline)
    {
        var builder = new StringBuilder();
        AppendInline(inline, builder);
        return builder.ToString();
    }

    private static void AppendInline(Inline? inline, StringBuilder builder)
    {
        switch (inline)
        {
            case null:
                return;
            case LiteralInline literal:
                builder.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                builder.Append(code.Content);
                break;
            case LineBreakInline:
                builder.Append('\n');
                break;
            case HtmlEntityInline entity:
                builder.Append(entity.Transcoded.AsSpan());
                break;
            case AutolinkInline autolink:
                builder.Append(autolink.Url);
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    AppendInline(child, builder);
                }

                break;
        }
    }
}
