using Microsoft.AspNetCore.Http.Features;
using Planck.Application.Common.Exceptions;

namespace Planck.WebApi.Endpoints;

/// <summary>
/// Lets a client that is still sending an oversized upload read its 413. Node's fetch and browsers write the whole body
/// before they read any answer; a server that answers and closes with the body half sent makes the client's TCP stack
/// see a reset, and the client reports a broken pipe instead of the problem's <c>detail</c>. So the server reads and
/// discards the rest of the body, up to as much again as the limit (at least 64 MB) and for at most <see cref="DiscardTime"/>, then
/// answers and closes the connection.
/// </summary>
internal static class UploadOverLimit
{
    public static readonly TimeSpan DiscardTime = TimeSpan.FromSeconds(15);

    private const int BufferBytes = 64 * 1024;

    private const long MinimumAllowanceBytes = 64L * 1024 * 1024;

    /// <summary>Raises Kestrel's per-request body limit to the upload's bound plus the discard allowance; our own bound is <see cref="BoundedBody"/>.</summary>
    public static void AllowDiscarding(HttpRequest request, long bodyBytes)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrelLimit)
        {
            kestrelLimit.MaxRequestBodySize = bodyBytes + Allowance(bodyBytes);
        }
    }

    /// <summary>
    /// Reads and drops what is left of the body, within the allowance and the time; the problem handler then answers
    /// 413 with <c>Connection: close</c>. Skipped when the client waits for <c>100 Continue</c> before sending (it has sent nothing, and
    /// reading would invite it to) or when the declared length is past the allowance (it could not be read to the end).
    /// </summary>
    public static async Task DiscardRestAsync(HttpRequest request, long bodyBytes, CancellationToken cancellationToken)
    {
        var allowance = Allowance(bodyBytes);
        var awaitsContinue = request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase);
        if (awaitsContinue || request.ContentLength > bodyBytes + allowance)
        {
            return;
        }

        if (request.ContentLength is not null)
        {
            // The Content-Length check refused the body before any read, so Kestrel's limit still needs raising.
            AllowDiscarding(request, bodyBytes);
        }

        using var time = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        time.CancelAfter(DiscardTime);
        var buffer = new byte[BufferBytes];
        long discarded = 0;
        try
        {
            while (discarded <= allowance && await request.Body.ReadAsync(buffer, time.Token) is > 0 and var read)
            {
                discarded += read;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Out of time: a slow client gets the 413 and the closed connection without the rest of its body read.
        }
        catch (BadHttpRequestException)
        {
            // Past Kestrel's limit, or a body that ended early: nothing more to read.
        }
        catch (IOException)
        {
            // The client went away.
        }
    }

    /// <summary>
    /// As much again as the upload's bound, and at least 64 MB: a body up to about twice the limit (or the limit plus
    /// 64 MB) is read to its end. Past Kestrel's own default of 30 MB, which a small limit would otherwise fall back to.
    /// </summary>
    private static long Allowance(long bodyBytes) => Math.Max(bodyBytes, MinimumAllowanceBytes);

    /// <summary>The request body with the upload's bound on every byte read from it, multipart framing included.</summary>
    internal sealed class BoundedBody(Stream body, long limit, string tooLarge) : Stream
    {
        private long _read;

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
            var read = await body.ReadAsync(buffer, cancellationToken);
            _read += read;
            return _read > limit ? throw new PayloadTooLargeException(tooLarge) : read;
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
}
