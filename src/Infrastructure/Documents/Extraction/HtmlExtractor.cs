using System.Text;
using HtmlAgilityPack;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>
/// The visible text of an HTML page: h1–h6 become headings, block elements end a paragraph, table rows become
/// "cell | cell" lines; scripts, styles, templates and the head are dropped, entities decoded.
/// </summary>
internal static class HtmlExtractor
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "svg", "iframe", "object", "canvas", "select", "button",
    };

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "figure", "figcaption", "form", "fieldset", "address", "hr", "caption", "body", "html",
        "details", "summary", "table", "thead", "tbody", "tfoot", "legend", "center",
    };

    public static ExtractedDocument Extract(Stream content, CancellationToken cancellationToken)
    {
        var html = new HtmlDocument { OptionMaxNestedChildNodes = 1000 };
        html.LoadHtml(TextBlocks.ReadAllText(content));
        var walker = new Walker(cancellationToken);
        walker.Visit(html.DocumentNode);
        walker.Flush();
        return new ExtractedDocument(walker.Blocks, [], null);
    }

    private sealed class Walker(CancellationToken cancellationToken)
    {
        /// <summary>Marks a &lt;br&gt; so that it survives the folding of the source's own whitespace.</summary>
        private const char LineBreak = '\u2028';

        private readonly StringBuilder inline = new();

        public List<ExtractedBlock> Blocks { get; } = [];

        public void Visit(HtmlNode node)
        {
            foreach (var child in node.ChildNodes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (child.NodeType)
                {
                    case HtmlNodeType.Text:
                        inline.Append(HtmlEntity.DeEntitize(((HtmlTextNode)child).Text));
                        break;
                    case HtmlNodeType.Element:
                        VisitElement(child);
                        break;
                }
            }
        }

        public void Flush()
        {
            var lines = inline.ToString().Split(LineBreak).Select(TextBlocks.CollapseWhitespace).Where(line => line.Length > 0);
            var text = string.Join('\n', lines);
            inline.Clear();
            if (text.Length > 0)
            {
                Blocks.Add(new ExtractedBlock(BlockKind.Paragraph, text));
            }
        }

        private void VisitElement(HtmlNode element)
        {
            var name = element.Name;
            if (Dropped.Contains(name))
            {
                return;
            }

            if (name.Length == 2 && (name[0] is 'h' or 'H') && name[1] is >= '1' and <= '6')
            {
                Flush();
                var heading = Text(element);
                if (heading.Length > 0)
                {
                    Blocks.Add(new ExtractedBlock(BlockKind.Heading, heading, HeadingLevel: name[1] - '0'));
                }

                return;
            }

            if (name.Equals("tr", StringComparison.OrdinalIgnoreCase))
            {
                Flush();
                var cells = element.ChildNodes.Where(cell => cell.Name is "td" or "th").Select(Text).ToList();
                if (cells.Exists(cell => cell.Length > 0))
                {
                    Blocks.Add(new ExtractedBlock(BlockKind.Paragraph, string.Join(" | ", cells)));
                }

                return;
            }

            if (name.Equals("pre", StringComparison.OrdinalIgnoreCase))
            {
                Flush();
                var code = HtmlEntity.DeEntitize(element.InnerText).Trim('\r', '\n');
                if (code.Trim().Length > 0)
                {
                    Blocks.Add(new ExtractedBlock(BlockKind.Paragraph, code));
                }

                return;
            }

            if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
            {
                inline.Append(LineBreak);
                return;
            }

            if (!BlockElements.Contains(name))
            {
                Visit(element);
                return;
            }

            Flush();
            Visit(element);
            Flush();
        }

        private static string Text(HtmlNode node)
        {
            var nested = new Walker(CancellationToken.None);
            nested.Visit(node);
            nested.Flush();
            return TextBlocks.CollapseWhitespace(string.Join(" ", nested.Blocks.Select(block => block.Text)));
        }
    }
}
