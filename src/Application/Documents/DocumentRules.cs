namespace Planck.Application.Documents;

public static class DocumentRules
{
    public const string NotFound = "Document not found.";
}

/// <summary>Limits on what an upload may be; bound from <c>Planck:Documents</c>.</summary>
public sealed class DocumentUploadOptions
{
    public const long DefaultMaxUploadBytes = 100L * 1024 * 1024;

    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;
}
