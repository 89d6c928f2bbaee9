namespace Planck.Application.Common.Abstractions;

/// <summary>
/// Where original files live: the data directory by default, or the database when several nodes share no disk.
/// Keys are the store's own; callers never turn them into paths.
/// </summary>
public interface IFileStore
{
    /// <summary>Copies the stream into the store under the key, reading it once, front to back, without holding it in memory.</summary>
    Task SaveAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens the stored bytes for reading; the stream is seekable. Throws <see cref="FileNotFoundException"/> when absent.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes the bytes; absent keys are ignored.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
