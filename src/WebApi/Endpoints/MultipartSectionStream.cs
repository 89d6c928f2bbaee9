using Planck.Application.Common.Exceptions;

namespace Planck.WebApi.Endpoints;

/// <summary>
/// The file part of an upload as the handler reads it. The multipart reader reports a body cut short (no closing
/// boundary) as an <see cref="IOException"/>; this turns that one case into a 400 so it is not mistaken for a
/// server failure, while storage errors, which happen on the writing side, stay what they are.
/// </summary>
internal sealed class MultipartSectionStream(Stream section) : Stream
{
    public const string Malformed = "The multipart form is malformed or ends before its closing boundary.";

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await section.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RequestValidationException("file", Malformed);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
