using Planck.Domain.Documents;

namespace Planck.Application.Documents.Processing;

/// <summary>
/// What an extractor read from a file. Opaque to the use case beyond what decides the document's fate; the chunker
/// and the index that receive it are the extractor's own side and know its concrete shape.
/// </summary>
public abstract class ExtractedContent
{
    public abstract int? PageCount { get; }

    /// <summary>Whether any running text came out (a scanned PDF has none).</summary>
    public abstract bool HasText { get; }

    /// <summary>Whether the file held tables to keep (CSV, spreadsheets).</summary>
    public abstract bool HasTables { get; }
}

/// <summary>
/// A passage cut from the content, before embedding. <paramref name="GetsVector"/> false leaves it to full text (and,
/// for table rows, SQL): the chunking decides which table passages deserve a vector (ADR 0022).
/// </summary>
public sealed record PassageDraft(string Text, int? Page, string? Sheet, int TokenCount, bool GetsVector = true);

/// <summary>A passage ready to store, with its embedding bytes when embeddings are on.</summary>
public sealed record EmbeddedPassage(PassageDraft Draft, byte[]? Embedding);

/// <summary>Everything processing derived from a file, stored in one transaction as the document becomes ready.</summary>
public sealed record IndexedDocument(ExtractedContent Content, IReadOnlyList<EmbeddedPassage> Passages);

/// <summary>Reads a stored file; what it throws for a file that can never be read, <see cref="IProcessingFailureClassifier"/> calls permanent.</summary>
public interface IContentExtraction
{
    Task<ExtractedContent> ExtractAsync(Document document, CancellationToken cancellationToken);
}

/// <summary>Cuts extracted content into passages along its structure.</summary>
public interface IPassageChunking
{
    Task<IReadOnlyList<PassageDraft>> ChunkAsync(ExtractedContent content, string documentName, CancellationToken cancellationToken);
}

/// <summary>Turns passages into stored vectors; when it is off (no embedding generator), passages serve full-text search only.</summary>
public interface IPassageEmbedding
{
    bool IsEnabled { get; }

    /// <summary>How many passages one call should carry.</summary>
    int BatchSize { get; }

    /// <summary>One vector per text, in order, as the bytes the index stores.</summary>
    Task<IReadOnlyList<byte[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}

/// <summary>Where a processed document's passages and tables go, written together with its move to ready or to serving text early.</summary>
public interface IDocumentIndex
{
    /// <summary>
    /// Stores the passages and tables and saves <paramref name="document"/> (already marked ready, or serving its text
    /// early) in one transaction, only while <paramref name="owner"/> still holds the document; false, with nothing
    /// written, when it no longer does.
    /// </summary>
    Task<bool> StoreAsync(Document document, string owner, IndexedDocument content, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the vectors onto the passages <see cref="StoreAsync"/> stored for the text served early, in passage
    /// order, and saves <paramref name="ready"/> in one transaction; false, with nothing written, when the lease is lost.
    /// </summary>
    Task<bool> StoreVectorsAsync(Document ready, string owner, IReadOnlyList<EmbeddedPassage> passages, CancellationToken cancellationToken);

    /// <summary>Deletes what was stored of a document whose early text was withdrawn, unless it serves passages again meanwhile.</summary>
    Task WithdrawAsync(Guid documentId, CancellationToken cancellationToken);
}

/// <summary>Sorts a failed attempt's exception into transient or permanent, with a message a user may read.</summary>
public interface IProcessingFailureClassifier
{
    FailureVerdict Classify(Exception exception);
}

/// <summary>
/// How a failed attempt ends: retried later, or failed for good, with a message a user can read. <c>Unexpected</c> marks
/// a failure nobody foresaw (a bug), logged as an error, unlike a refused file or an unreachable service.
/// </summary>
public readonly record struct FailureVerdict(bool Transient, string Message, bool Unexpected = false);

