namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>Plain text: paragraphs split at blank lines.</summary>
internal static class PlainTextExtractor
{
    public static ExtractedDocument Extract(Stream content, CancellationToken cancellationToken)
    {
        var blocks = new List<ExtractedBlock>();
        foreach (var paragraph in TextBlocks.Paragraphs(TextBlocks.ReadAllText(content)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            blocks.Add(new ExtractedBlock(BlockKind.Paragraph, paragraph));
        }

        return new ExtractedDocument(blocks, [], null);
    }
}
