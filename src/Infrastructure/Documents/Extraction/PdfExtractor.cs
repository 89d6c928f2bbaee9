using System.Globalization;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>
/// Text of a PDF page by page, in content order, split into paragraphs at the gaps PdfPig finds between them. A page
/// with no text layer but an image (a scan) is read by OCR when the machine has it, keeping its page number.
/// </summary>
internal static class PdfExtractor
{
    public const string Encrypted = "The PDF is encrypted; upload a copy without a password.";
    public const string Invalid = "The file is not a valid PDF.";

    private static readonly ContentOrderTextExtractor.Options TextOptions = new() { SeparateParagraphsWithDoubleNewline = true };

    public static string TooManyPages(int pages, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"The PDF has {pages} pages; the limit is {limit}.");

    public static ExtractedDocument Extract(Stream content, ExtractionLimits limits, OcrPageReader ocr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ocr);
        var blocks = new List<ExtractedBlock>();
        var scanned = new List<ScannedPage>();
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
                if (string.IsNullOrWhiteSpace(text) && page.GetImages().Any())
                {
                    scanned.Add(new ScannedPage(number, page.Width, page.Height));
                    continue;
                }

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

        if (scanned.Count > 0)
        {
            blocks = AddScannedPages(content, blocks, scanned, ocr, cancellationToken);
        }

        return new ExtractedDocument(blocks, [], pageCount);
    }

    /// <summary>
    /// Outside the PDF parser's error handling on purpose: a tool that fails or runs out of time says so, rather than
    /// calling the file an invalid PDF.
    /// </summary>
    private static List<ExtractedBlock> AddScannedPages(
        Stream content, List<ExtractedBlock> blocks, List<ScannedPage> scanned, OcrPageReader ocr, CancellationToken cancellationToken)
    {
        if (ocr.WhyUnavailable() is { } unavailable)
        {
            // Pages with text are still worth indexing; only a document that is all scan fails, with what to install.
            return blocks.Count > 0 ? blocks : throw new DocumentRejectedException(unavailable);
        }

        var texts = ocr.ReadPages(content, scanned, cancellationToken);
        foreach (var page in scanned)
        {
            blocks.AddRange(TextBlocks.Paragraphs(texts[page.Number]).Select(paragraph => new ExtractedBlock(BlockKind.Paragraph, paragraph, Page: page.Number)));
        }

        // A stable sort: pages back in order, each page's paragraphs in their reading order.
        return [.. blocks.OrderBy(block => block.Page)];
    }
}
