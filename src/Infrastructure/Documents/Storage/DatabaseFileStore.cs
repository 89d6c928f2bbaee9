using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Common.Abstractions;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.Documents.Storage;

/// <summary>One piece of a stored file. Files are cut into pieces so neither side ever holds a whole large file in memory.</summary>
public sealed class StoredFilePart
{
    public required string Key { get; init; }
    public required int PartNumber { get; init; }
    public required byte[] Bytes { get; init; }
}

/// <summary>
/// Files in the database, for several nodes that share PostgreSQL but no disk. Each piece is written with its own
/// short-lived context so an upload never keeps more than one piece tracked in memory.
/// </summary>
public sealed class DatabaseFileStore(IServiceScopeFactory scopes) : IFileStore
{
    internal const int PartSize = 1024 * 1024;

    public async Task SaveAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        await DeleteAsync(key, cancellationToken);
        var buffer = new byte[PartSize];
        var partNumber = 0;
        try
        {
            while (true)
            {
                var filled = await content.ReadAtLeastAsync(buffer, PartSize, throwOnEndOfStream: false, cancellationToken);
                if (filled == 0 && partNumber > 0)
                {
                    break;
                }

                await using (var scope = scopes.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
                    db.Set<StoredFilePart>().Add(new StoredFilePart { Key = key, PartNumber = partNumber, Bytes = buffer[..filled] });
                    await db.SaveChangesAsync(cancellationToken);
                }

                partNumber++;
                if (filled < PartSize)
                {
                    break;
                }
            }
        }
        catch
        {
            await DeleteAsync(key, CancellationToken.None);
            throw;
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
        var parts = await db.Set<StoredFilePart>().AsNoTracking().Where(p => p.Key == key)
            .Select(p => new { p.PartNumber, Length = p.Bytes.Length }).OrderBy(p => p.PartNumber).ToListAsync(cancellationToken);
        return parts.Count == 0
            ? throw new FileNotFoundException("No stored file has that key.", key)
            : new DatabaseFileStream(scopes, key, parts.ConvertAll(p => (long)p.Length));
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
        await db.Set<StoredFilePart>().Where(p => p.Key == key).ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>A seekable read of a file stored in pieces; it loads one piece at a time.</summary>
internal sealed class DatabaseFileStream(IServiceScopeFactory scopes, string key, IReadOnlyList<long> partLengths) : Stream
{
    private readonly long _length = partLengths.Sum();
    private long _position;
    private int _loadedPart = -1;
    private byte[] _loaded = [];

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= _length || buffer.Length == 0)
        {
            return 0;
        }

        var part = (int)(_position / DatabaseFileStore.PartSize);
        if (part != _loadedPart)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
            _loaded = await db.Set<StoredFilePart>().AsNoTracking()
                .Where(p => p.Key == key && p.PartNumber == part).Select(p => p.Bytes).FirstOrDefaultAsync(cancellationToken)
                ?? throw new FileNotFoundException("The stored file was deleted while it was being read.", key);
            _loadedPart = part;
        }

        var within = (int)(_position - ((long)part * DatabaseFileStore.PartSize));
        var count = Math.Min(buffer.Length, _loaded.Length - within);
        _loaded.AsMemory(within, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
