using Microsoft.Extensions.Logging.Abstractions;
using Planck.Domain.Documents;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>Reads a stored file with the reader for its kind. Every reader checks the token as it goes (per page, per row) so a time limit can stop a pathological file.</summary>
internal sealed class DocumentExtractor(OcrPageReader ocr) : IDocumentExtractor
{
    /// <summary>With OCR as configured by default, for callers outside dependency injection.</summary>
    public DocumentExtractor()
        : this(new OcrPageReader(Microsoft.Extensions.Options.Options.Create(new OcrOptions()), NullLogger<OcrPageReader>.Instance))
    {
    }

    public ExtractedDocument Extract(Stream content, DocumentKind kind, string name, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(limits);
        cancellationToken.ThrowIfCancellationRequested();

        if (kind is DocumentKind.Pdf or DocumentKind.Spreadsheet or DocumentKind.Word && !content.CanSeek)
        {
            using var buffered = new MemoryStream();
            content.CopyTo(buffered);
            buffered.Position = 0;
            return ExtractSeekable(buffered, kind, name, limits, cancellationToken);
        }

        return ExtractSeekable(content, kind, name, limits, cancellationToken);
    }

    private ExtractedDocument ExtractSeekable(Stream content, DocumentKind kind, string name, ExtractionLimits limits, CancellationToken cancellationToken) => kind switch
    {
        DocumentKind.Pdf => PdfExtractor.Extract(content, limits, ocr, cancellationToken),
        DocumentKind.Word => WordExtractor.Extract(content, limits, cancellationToken),
        DocumentKind.Spreadsheet => SpreadsheetExtractor.Extract(content, limits, cancellationToken),
        DocumentKind.Csv => CsvExtractor.Extract(content, name, limits, cancellationToken),
        DocumentKind.Markdown => MarkdownExtractor.Extract(content, cancellationToken),
        DocumentKind.Html => HtmlExtractor.Extract(content, cancellationToken),
        DocumentKind.Text => PlainTextExtractor.Extract(content, cancellationToken),
        _ => throw new DocumentRejectedException("This file type is not supported."),
    };
}
