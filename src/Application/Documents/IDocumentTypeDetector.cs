using Planck.Domain.Documents;

namespace Planck.Application.Documents;

/// <summary>Decides a file's format from its bytes (magic numbers, zip structure), using the name only to tell text formats apart.</summary>
public interface IDocumentTypeDetector
{
    /// <summary>The format, or null when it is not one Planck reads. The stream is seekable and is left at an unspecified position.</summary>
    Task<DocumentKind?> DetectAsync(Stream content, string fileName, CancellationToken cancellationToken);
}
