namespace Planck.Domain.Documents;

/// <summary>Where the work on a document is: waiting for a worker, reading the file, embedding passages, storing them.</summary>
public enum DocumentStage
{
    Queued,
    Extracting,
    Embedding,
    Indexing,
}
