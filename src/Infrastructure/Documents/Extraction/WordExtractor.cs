using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>Paragraphs of a .docx in document order; heading styles become headings, table rows become "cell | cell" lines.</summary>
internal static class WordExtractor
{
    public const string Invalid = "The file is not a valid Word document.";

    public static ExtractedDocument Extract(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        PackageGuard.EnsureWithinLimit(content, limits, Invalid, "document");
        var blocks = new List<ExtractedBlock>();
        try
        {
            using var document = WordprocessingDocument.Open(content, isEditable: false);
            var body = document.MainDocumentPart?.Document?.Body ?? throw new DocumentRejectedException(Invalid);
            var headingLevels = HeadingLevelsByStyleId(document.MainDocumentPart.StyleDefinitionsPart?.Styles);
            AddBlocks(body, headingLevels, blocks, cancellationToken);
        }
        catch (Exception exception) when (exception is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or FileFormatException or InvalidOperationException)
        {
            throw new DocumentRejectedException(Invalid, exception);
        }

        return new ExtractedDocument(blocks, [], null);
    }

    private static void AddBlocks(OpenXmlElement container, Dictionary<string, int> headingLevels, List<ExtractedBlock> blocks, CancellationToken cancellationToken)
    {
        foreach (var element in container.ChildElements)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (element)
            {
                case Paragraph paragraph:
                    var text = ParagraphText(paragraph).Trim();
                    if (text.Length == 0)
                    {
                        break;
                    }

                    var styleId = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
                    var level = styleId is not null && headingLevels.TryGetValue(styleId, out var styled) ? styled : HeadingLevelOfId(styleId);
                    blocks.Add(level > 0 ? new ExtractedBlock(BlockKind.Heading, text, HeadingLevel: level) : new ExtractedBlock(BlockKind.Paragraph, text));
                    break;
                case Table table:
                    foreach (var row in table.Elements<TableRow>())
                    {
                        var cells = row.Elements<TableCell>().Select(CellText).ToList();
                        if (cells.Exists(cell => cell.Length > 0))
                        {
                            blocks.Add(new ExtractedBlock(BlockKind.Paragraph, string.Join(" | ", cells)));
                        }
                    }

                    break;
                case SdtBlock or CustomXmlBlock or SdtContentBlock:
                    AddBlocks(element, headingLevels, blocks, cancellationToken);
                    break;
            }
        }
    }

    private static string CellText(TableCell cell) =>
        string.Join(" ", cell.Descendants<Paragraph>().Select(paragraph => TextBlocks.CollapseWhitespace(ParagraphText(paragraph))).Where(text => text.Length > 0));

    private static string ParagraphText(Paragraph paragraph)
    {
        var builder = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text text:
                    builder.Append(text.Text);
                    break;
                case TabChar:
                    builder.Append('\t');
                    break;
                case Break or CarriageReturn:
                    builder.Append('\n');
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Heading levels by style id, read from the style names ("heading 2", "Title") so that localised or renamed ids still count.</summary>
    private static Dictionary<string, int> HeadingLevelsByStyleId(Styles? styles)
    {
        var levels = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (styles is null)
        {
            return levels;
        }

        foreach (var style in styles.Elements<Style>())
        {
            var id = style.StyleId?.Value;
            if (id is null)
            {
                continue;
            }

            var level = HeadingLevelOfId(style.StyleName?.Val?.Value?.Replace(" ", string.Empty, StringComparison.Ordinal));
            if (level == 0)
            {
                level = HeadingLevelOfId(id);
            }

            if (level > 0)
            {
                levels[id] = level;
            }
        }

        return levels;
    }

    /// <summary>"Heading1".."Heading9" give levels 1 to 9; "Title" counts as level 1, the top of the outline.</summary>
    private static int HeadingLevelOfId(string? styleId)
    {
        if (styleId is null)
        {
            return 0;
        }

        if (styleId.Equals("Title", StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }

        return styleId.StartsWith("Heading", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(styleId.AsSpan("Heading".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var level)
            && level is >= 1 and <= 9
                ? level
                : 0;
    }
}
