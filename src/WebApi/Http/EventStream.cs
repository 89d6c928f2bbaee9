using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Planck.WebApi.Http;

/// <summary>
/// Server-Sent Events written by hand: the framework's SSE result cannot send comment lines, which idle streams need
/// as keep-alives. Every event carries its <c>id</c>, which a client sends back as <c>Last-Event-ID</c> to resume.
/// </summary>
internal static class EventStream
{
    private static readonly byte[] KeepAliveComment = ": keep-alive\n\n"u8.ToArray();

    /// <summary>Status, headers, no buffering (here, or in a proxy that honours <c>X-Accel-Buffering</c>).</summary>
    public static PipeWriter Begin(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        return response.BodyWriter;
    }

    /// <summary>The lines before an event's data: <c>id</c> and <c>event</c>.</summary>
    public static void WriteHead(PipeWriter body, int sequence, string name)
    {
        body.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {sequence}\nevent: {name}\ndata: ")));
    }

    public static void WriteEnd(PipeWriter body) => body.Write("\n\n"u8);

    /// <summary>
    /// Writes each item as it comes, flushing after each, with a comment line each time the stream has been idle for
    /// <paramref name="keepAlive"/>. An enumerator may not be disposed while it is moving, so a move in flight when the
    /// client leaves is awaited before returning.
    /// </summary>
    public static async Task PumpAsync<T>(
        IAsyncEnumerator<T> events, PipeWriter body, Action<T> write, TimeSpan keepAlive, CancellationToken cancellationToken)
    {
        Task<bool>? pending = null;
        try
        {
            while (true)
            {
                var next = events.MoveNextAsync();
                bool more;
                if (next.IsCompleted)
                {
                    more = await next;
                }
                else
                {
                    pending = next.AsTask();
                    more = await WithKeepAlivesAsync(pending, body, keepAlive, cancellationToken);
                    pending = null;
                }

                if (!more)
                {
                    break;
                }

                write(events.Current);
                await body.FlushAsync(cancellationToken);
            }
        }
        finally
        {
            if (pending is not null)
            {
                await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static async Task<bool> WithKeepAlivesAsync(Task<bool> next, PipeWriter body, TimeSpan keepAlive, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await next.WaitAsync(keepAlive, cancellationToken);
            }
            catch (TimeoutException)
            {
                body.Write(KeepAliveComment);
                await body.FlushAsync(cancellationToken);
            }
        }
    }
}
