using Microsoft.Extensions.Options;
using Planck.Application.Common.Abstractions;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.Documents.Storage;

/// <summary>Files under <c>&lt;DataDirectory&gt;/files</c>. A file is written under a temporary name and moved into place, so a reader never sees half a file.</summary>
public sealed class FileSystemFileStore(IOptions<PlanckOptions> options) : IFileStore
{
    private const int BufferSize = 81920;

    private readonly string _root = Path.Combine(options.Value.FullDataDirectory, "files");

    public async Task SaveAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".partial-" + Guid.NewGuid().ToString("N");
        try
        {
            await using (var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                await content.CopyToAsync(target, BufferSize, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, useAsync: true));
        }
        catch (DirectoryNotFoundException)
        {
            throw new FileNotFoundException("No stored file has that key.", key);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    /// <summary>Keys are made by the application from ids and a sanitised name; this refuses anything that would leave the root anyway.</summary>
    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_root, key));
        return path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException("The storage key leaves the file store's directory.", nameof(key));
    }
}
