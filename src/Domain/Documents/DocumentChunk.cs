namespace Planck.Domain.Documents;

/// <summary>A passage of a document as search finds it: about 500 tokens, with where it came from.</summary>
public sealed class DocumentChunk
{
    private DocumentChunk()
    {
        Text = string.Empty;
    }

    public DocumentChunk(Guid documentId, Guid workspaceId, int ordinal, string text, int? page, string? sheet, int tokenCount, byte[]? embedding, int generation = 1)
    {
        Generation = generation;
        DocumentId = documentId;
        WorkspaceId = workspaceId;
        Ordinal = ordinal;
        Text = text;
        Page = page;
        Sheet = sheet;
        TokenCount = tokenCount;
        Embedding = embedding;
    }

    /// <summary>Database-generated; an integer so that SQLite's full-text index can use it as its row id.</summary>
    public long Id { get; private set; }

    public Guid DocumentId { get; private set; }
    public Guid WorkspaceId { get; private set; }

    /// <summary>The document's index generation this passage belongs to; search serves only the document's current one.</summary>
    public int Generation { get; private set; }

    /// <summary>Position in the document, from 0.</summary>
    public int Ordinal { get; private set; }

    public string Text { get; private set; }

    /// <summary>1-based page for paged formats (PDF); null otherwise.</summary>
    public int? Page { get; private set; }

    /// <summary>Sheet name for spreadsheets; null otherwise.</summary>
    public string? Sheet { get; private set; }

    public int TokenCount { get; private set; }

    /// <summary>The passage's embedding as little-endian float32, or null when embeddings are off.</summary>
    public byte[]? Embedding { get; private set; }
}
