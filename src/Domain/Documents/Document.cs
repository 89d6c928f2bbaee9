namespace Planck.Domain.Documents;

/// <summary>
/// A file a member put into a workspace. The row is also the unit of background work: a worker claims it
/// with a lease, and a lease that runs out (a crashed node) lets another worker take it again.
/// </summary>
public sealed class Document
{
    public const int MaxNameLength = 255;
    public const int MaxErrorLength = 1000;

    /// <summary>Transient failures are retried; after this many attempts the document fails for good.</summary>
    public const int MaxAttempts = 3;

    private Document()
    {
        Name = string.Empty;
        StorageKey = string.Empty;
        ContentType = string.Empty;
        Sha256 = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid WorkspaceId { get; private set; }

    /// <summary>The name as the uploader gave it; for display only, never a path.</summary>
    public string Name { get; private set; }

    /// <summary>Where the original bytes are, in the file store's own terms.</summary>
    public string StorageKey { get; private set; }

    public DocumentKind Kind { get; private set; }
    public string ContentType { get; private set; }
    public long SizeBytes { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the original bytes.</summary>
    public string Sha256 { get; private set; }

    public Guid UploadedBy { get; private set; }
    public DocumentStatus Status { get; private set; }
    public string? Error { get; private set; }
    public int? PageCount { get; private set; }
    public int? ChunkCount { get; private set; }

    /// <summary>How many times a worker has started on it.</summary>
    public int Attempts { get; private set; }

    /// <summary>A pending document is not claimed before this time (the backoff after a transient failure).</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>The worker that holds the document while it is <c>processing</c>.</summary>
    public string? LeaseOwner { get; private set; }

    /// <summary>When the holder's claim lapses unless renewed; after it, another worker may take the document.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? ProcessingStartedAt { get; private set; }
    public DateTimeOffset? ProcessedAt { get; private set; }

    public static Document Upload(
        Guid id, Guid workspaceId, string name, string storageKey, DocumentKind kind, long sizeBytes, string sha256, Guid uploadedBy, DateTimeOffset now) =>
        new()
        {
            Id = id,
            WorkspaceId = workspaceId,
            Name = name,
            StorageKey = storageKey,
            Kind = kind,
            ContentType = kind.ContentType(),
            SizeBytes = sizeBytes,
            Sha256 = sha256,
            UploadedBy = uploadedBy,
            Status = DocumentStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };

    /// <summary>The display name with what must never be shown or stored raw removed: paths, control characters, excess length.</summary>
    public static string DisplayName(string? given)
    {
        var name = (given ?? string.Empty).Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > MaxNameLength)
        {
            var extension = Path.GetExtension(name);
            name = extension.Length is > 0 and <= 16
                ? string.Concat(name.AsSpan(0, MaxNameLength - extension.Length), extension)
                : name[..MaxNameLength];
        }

        return name.Length == 0 ? "document" : name;
    }

    public static string TrimError(string error) => error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
}
