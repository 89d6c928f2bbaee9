using Planck.Domain.Documents;

namespace Planck.Application.Documents;

/// <summary>
/// The document as the API shows it. <c>status</c> is lower-case: <c>pending</c>, <c>processing</c>, <c>ready</c>,
/// <c>failed</c>, <c>cancelled</c>. <c>searchable</c> says whether search serves passages of it now: a first index is
/// searchable by full text while still processing (stage <c>embedding</c>), a re-indexed one by its old passages.
/// </summary>
public sealed record DocumentDto(
    Guid Id,
    Guid WorkspaceId,
    string Name,
    string Status,
    string ContentType,
    long SizeBytes,
    string? Sha256,
    string? Error,
    int? PageCount,
    int? ChunkCount,
    DocumentProgressDto Progress,
    bool Searchable,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static string StatusName(DocumentStatus status) => status switch
    {
        DocumentStatus.Pending => "pending",
        DocumentStatus.Processing => "processing",
        DocumentStatus.Ready => "ready",
        DocumentStatus.Failed => "failed",
        DocumentStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static DocumentDto From(Document d) =>
        new(d.Id, d.WorkspaceId, d.Name, StatusName(d.Status), d.ContentType, d.SizeBytes, d.Sha256, d.Error, d.PageCount, d.ChunkCount,
            new DocumentProgressDto(StageName(d.Stage), d.ProgressPercent, d.PassagesDone), d.IsIndexed, d.CreatedAt, d.UpdatedAt);

    public static string StageName(DocumentStage stage) => stage switch
    {
        DocumentStage.Queued => "queued",
        DocumentStage.Extracting => "extracting",
        DocumentStage.Embedding => "embedding",
        DocumentStage.Indexing => "indexing",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };
}

/// <summary>How far the work on a document got: <c>stage</c> is <c>queued</c>, <c>extracting</c>, <c>embedding</c> or <c>indexing</c>; <c>percent</c> is 100 once ready.</summary>
public sealed record DocumentProgressDto(string Stage, int Percent, int PassagesDone);
