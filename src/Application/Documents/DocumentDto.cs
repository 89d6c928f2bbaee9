using Planck.Domain.Documents;

namespace Planck.Application.Documents;

/// <summary>The document as the API shows it. <c>status</c> is lower-case: <c>pending</c>, <c>processing</c>, <c>ready</c>, <c>failed</c>, <c>cancelled</c>.</summary>
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
        new(d.Id, d.WorkspaceId, d.Name, StatusName(d.Status), d.ContentType, d.SizeBytes, d.Sha256, d.Error, d.PageCount, d.ChunkCount, d.CreatedAt, d.UpdatedAt);
}
