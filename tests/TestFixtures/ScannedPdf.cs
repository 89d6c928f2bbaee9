using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;
using PageSize = UglyToad.PdfPig.Content.PageSize;

namespace Planck.Tests.Fixtures;

/// <summary>
/// A PDF whose last page is a scan: an image of printed text and no text layer, so only OCR can read it. The image
/// (Scans/lighthouse-log.png, 27 KB) is four lines of Helvetica rendered at 150 dpi by pdftoppm; its words occur
/// nowhere else in the fixtures.
/// </summary>
public static class ScannedPdf
{
    /// <summary>
    /// The page that carries the scan. The pages before it have a text layer of 300 words (about 400 tokens) each:
    /// enough that a passage ends at each page break, not so much that a page's tail joins the scan's passage.
    /// </summary>
    public const int ScannedPageNumber = 3;

    /// <summary>Lines printed in the scanned image, as OCR should read them.</summary>
    public static IReadOnlyList<string> ScannedLines { get; } =
    [
        "Scanned page: the lighthouse keeper's log.",
        "Every morning the keeper reads the barometer",
        "and writes the pressure into the harbour ledger.",
        "A falling barometer means the ferry stays in port.",
    ];

    /// <summary>Its size as placed on the page, in points: 1000 x 396 pixels at 150 dpi.</summary>
    private static readonly (double Width, double Height) ImageSize = (480, 190);

    /// <summary>Two text pages, then the scan alone on page 3.</summary>
    public static byte[] Pdf() => Pdf(textPages: ScannedPageNumber - 1);

    /// <summary><paramref name="textPages"/> text pages (none makes a scan-only PDF), then the scanned page.</summary>
    public static byte[] Pdf(int textPages)
    {
        var builder = new PdfDocumentBuilder();
        if (textPages > 0)
        {
            using var text = PdfDocument.Open(DocumentFixtures.Pdf(TextPages(textPages)));
            for (var number = 1; number <= textPages; number++)
            {
                builder.AddPage(text, number);
            }
        }

        var scan = builder.AddPage(PageSize.A4);
        var top = scan.PageSize.Height - 60;
        scan.AddPng(ScanImage(), new PdfRectangle(60, top - ImageSize.Height, 60 + ImageSize.Width, top));
        return builder.Build();
    }

    private static List<IReadOnlyList<string>> TextPages(int count)
    {
        const int WordsPerPage = 300;
        var words = FixtureCorpus.Documents.SelectMany(document => document.Paragraphs)
            .SelectMany(paragraph => paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        return Enumerable.Range(0, count)
            .Select(page => (IReadOnlyList<string>)[$"Page {page + 1} of {count}.", .. words.Skip(page * WordsPerPage).Take(WordsPerPage).Chunk(60).Select(line => string.Join(' ', line))])
            .ToList();
    }

    public static byte[] ScanImage()
    {
        using var resource = typeof(ScannedPdf).Assembly.GetManifestResourceStream("Planck.Tests.Fixtures.Scans.lighthouse-log.png")
            ?? throw new InvalidOperationException("The scanned page's image is not embedded in the fixtures assembly.");
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    }
}
