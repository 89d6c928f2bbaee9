using System.Globalization;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>Text of a PDF page by page, in content order, split into paragraphs at the gaps PdfPig finds between them.</summary>
internal static class PdfExtractor
{
    public const string Encrypted = "The PDF is encrypted; upload a copy without a password.";
    public const string Invalid = "The file is not a valid PDF.";

    private static readonly ContentOrderTextExtractor.Options TextOptions = new() { SeparateParagraphsWithDoubleNewline = true };

    public static string TooManyPages(int pages, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"The PDF has {pages} pages; the limit is {limit}.");

    public static ExtractedDocument Extract(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        var blocks = new List<ExtractedBlock>();
        int pageCount;
        try
        {
            // Lenient parsing repairs common damage (a broken cross-reference table); a file that still fails to open is invalid.
            using var document = PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            pageCount = document.NumberOfPages;
            if (pageCount > limits.MaxPages)
            {
                throw new DocumentRejectedException(TooManyPages(pageCount, limits.MaxPages));
            }

            for (var number = 1; number <= pageCount; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = document.GetPage(number);
                var text = ContentOrderTextExtractor.GetText(page, TextOptions);
                foreach (var paragraph in TextBlocks.Paragraphs(text))
                {
                    blocks.Add(new ExtractedBlock(BlockKind.Paragraph, paragraph, Page: number));
                }
            }
        }
        catch (PdfDocumentEncryptedException exception)
        {
            throw new DocumentRejectedException(Encrypted, exception);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or DocumentRejectedException or OutOfMemoryException))
        {
            // PdfPig reports damage through many exception types (format, key-not-found, index, invalid-operation).
            throw new DocumentRejectedException(Invalid, exception);
        }

        return new ExtractedDocument(blocks, [], pageCount);
    }
}
