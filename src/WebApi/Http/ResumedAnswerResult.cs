using System.Buffers;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Planck.Application.Chat.Answering;
using Planck.Application.Chat.Resuming;

namespace Planck.WebApi.Http;

/// <summary>An answer's stream resumed after a <c>Last-Event-ID</c>: the stored events, each with its original id, name and data.</summary>
public sealed class ResumedAnswerResult : IResult, IEndpointMetadataProvider
{
    private readonly IAsyncEnumerator<StoredAnswerEvent> _events;
    private readonly TimeSpan _keepAlive;

    private ResumedAnswerResult(IAsyncEnumerator<StoredAnswerEvent> events, TimeSpan keepAlive)
    {
        _events = events;
        _keepAlive = keepAlive;
    }

    /// <summary>Runs up to <see cref="StoredAnswerEvent.Opened"/> before any header is written, so a refusal is a problem response.</summary>
    public static async Task<ResumedAnswerResult> StartAsync(
        IAsyncEnumerable<StoredAnswerEvent> stream, ChatSettings settings, CancellationToken cancellationToken)
    {
        var events = stream.GetAsyncEnumerator(cancellationToken);
        try
        {
            if (!await events.MoveNextAsync() || events.Current != StoredAnswerEvent.Opened)
            {
                throw new InvalidOperationException("A resumed stream must start with StoredAnswerEvent.Opened.");
            }

            return new ResumedAnswerResult(events, TimeSpan.FromSeconds(Math.Max(1, settings.KeepAliveSeconds)));
        }
        catch
        {
            await events.DisposeAsync();
            throw;
        }
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            var body = EventStream.Begin(httpContext);
            await body.FlushAsync(httpContext.RequestAborted);
            await EventStream.PumpAsync(
                _events,
                body,
                stored =>
                {
                    EventStream.WriteHead(body, stored.Sequence, stored.Name);
                    body.Write(Encoding.UTF8.GetBytes(stored.Data));
                    EventStream.WriteEnd(body);
                },
                _keepAlive,
                httpContext.RequestAborted);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The reader left; the answer goes on where it runs.
        }
        finally
        {
            await _events.DisposeAsync();
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(void), ["text/event-stream"]));
    }
}
