using Planck.Domain.Documents;

namespace Planck.Infrastructure.Documents.Extraction;

/// <summary>Caps that stop a pathological file without stopping the worker.</summary>
public sealed record ExtractionLimits(int MaxPages, int MaxRows, long MaxUncompressedBytes)
{
    public static ExtractionLimits Default { get; } = new(5000, 1_000_000, 1L * 1024 * 1024 * 1024);
}

public enum BlockKind
{
    Heading,
    Paragraph,
}

/// <summary>A piece of running text in reading order, with where it sits.</summary>
public sealed record ExtractedBlock(BlockKind Kind, string Text, int? Page = null, string? Sheet = null, int HeadingLevel = 0);

/// <summary>A column of a table; <c>Type</c> is one of <c>string</c>, <c>number</c>, <c>boolean</c>, <c>date</c>.</summary>
public sealed record TableColumn(string Name, string Type);

/// <summary>A sheet of a workbook or a whole CSV file: the header row as columns, then the data rows (cells as string, double, bool, DateTime or null).</summary>
public sealed record ExtractedTable(string Name, IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>Text blocks in reading order, tables kept whole, and the page count for paged formats.</summary>
public sealed record ExtractedDocument(IReadOnlyList<ExtractedBlock> Blocks, IReadOnlyList<ExtractedTable> Tables, int? PageCount);

/// <summary>Reads a stored file of a known kind. Throws <see cref="DocumentRejectedException"/> for a file that can never be read.</summary>
public interface IDocumentExtractor
{
    ExtractedDocument Extract(Stream content, DocumentKind kind, string name, ExtractionLimits limits, CancellationToken cancellationToken);
}

/// <summary>
/// The file can never be processed (encrypted, corrupt, over a limit). Permanent: not retried. The message is
/// shown to users as the document's error, so it is plain language: "the PDF is encrypted".
/// </summary>
public sealed class DocumentRejectedException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// A passage ready to store: about 500 tokens, with the page or sheet it came from. <paramref name="TablePassage"/> is
/// the passage's place among its table's row passages (from 0), null for running text.
/// </summary>
public sealed record ChunkDraft(string Text, int? Page, string? Sheet, int TokenCount, int? TablePassage = null);

/// <summary>Cuts a document into passages along its structure (headings, paragraphs, pages; table rows in groups with the header repeated).</summary>
public interface IChunker
{
    /// <summary>The passages in document order; the token is checked per block and per table row, so a time limit stops a huge sheet.</summary>
    IReadOnlyList<ChunkDraft> Chunk(ExtractedDocument document, string documentName, CancellationToken cancellationToken = default);
}
