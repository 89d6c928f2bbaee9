using System.Buffers;
using System.IO.Pipelines;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Planck.Application.Chat.Answering;
using Planck.Application.Chat.Streaming;

namespace Planck.WebApi.Http;

/// <summary>
/// An answer as Server-Sent Events (the default) or as one JSON object: it only maps <see cref="AnswerEvent"/>s to
/// HTTP. The events are written by hand rather than through the framework's SSE result because idle streams need
/// comment lines (keep-alives), which it cannot send.
/// </summary>
public sealed class AnswerResult : IResult, IEndpointMetadataProvider
{
    private static readonly byte[] KeepAliveComment = ": keep-alive\n\n"u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    /// <summary>An event stream is never HTML, so text need not be escaped beyond JSON's rules; answers stay readable and small.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = ContentBlockJson.Encoder };

    private readonly IAsyncEnumerator<AnswerEvent> _events;
    private readonly AnswerStarted _started;
    private readonly bool _stream;
    private readonly TimeSpan _keepAlive;

    private AnswerResult(IAsyncEnumerator<AnswerEvent> events, AnswerStarted started, bool stream, TimeSpan keepAlive)
    {
        _events = events;
        _started = started;
        _stream = stream;
        _keepAlive = keepAlive;
    }

    /// <summary>
    /// Runs the question up to its first event before any header is written, so that every refusal (authorization,
    /// validation, a busy answer slot, a database not found) is still an ordinary problem response.
    /// </summary>
    public static async Task<AnswerResult> StartAsync(
        IAsyncEnumerable<AnswerEvent> answer, bool stream, ChatSettings settings, CancellationToken cancellationToken)
    {
        var events = answer.GetAsyncEnumerator(cancellationToken);
        try
        {
            if (!await events.MoveNextAsync() || events.Current is not AnswerStarted started)
            {
                throw new InvalidOperationException("An answer must start with AnswerStarted.");
            }

            return new AnswerResult(events, started, stream, TimeSpan.FromSeconds(Math.Max(1, settings.KeepAliveSeconds)));
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
            if (_stream)
            {
                await StreamAsync(httpContext);
            }
            else
            {
                await WriteWholeAsync(httpContext);
            }
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client left; the answer so far has been saved, and there is nobody to tell.
        }
        finally
        {
            // Ends the answer's stream, which saves what it has and releases its slot.
            await _events.DisposeAsync();
        }
    }

    private async Task StreamAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var cancellationToken = httpContext.RequestAborted;
        var body = response.BodyWriter;
        var json = new Utf8JsonWriter(body, WriterOptions);
        var events = _events;
        WriteEvent(body, json, _started);
        await body.FlushAsync(cancellationToken);
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
                    more = await WithKeepAlivesAsync(pending, body, cancellationToken);
                    pending = null;
                }

                if (!more)
                {
                    break;
                }

                WriteEvent(body, json, events.Current);
                await body.FlushAsync(cancellationToken);
            }
        }
        finally
        {
            // An answer still in progress ends promptly once the request is cancelled (and saves what it has); an
            // enumerator may not be disposed while it is moving.
            if (pending is not null)
            {
                await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Waits for the next event, sending a comment line each time the stream has been idle for the keep-alive interval.</summary>
    private async Task<bool> WithKeepAlivesAsync(Task<bool> next, PipeWriter body, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await next.WaitAsync(_keepAlive, cancellationToken);
            }
            catch (TimeoutException)
            {
                body.Write(KeepAliveComment);
                await body.FlushAsync(cancellationToken);
            }
        }
    }

    private static void WriteEvent(PipeWriter body, Utf8JsonWriter json, AnswerEvent answerEvent)
    {
        json.Reset(body);
        switch (answerEvent)
        {
            case AnswerStarted started:
                body.Write("event: message_start\ndata: "u8);
                json.WriteStartObject();
                json.WriteString("id", started.MessageId);
                json.WriteString("role", "assistant");
                break;
            case AnswerBlockEvent { Event: BlockStarted blockStarted }:
                body.Write("event: content_block_start\ndata: "u8);
                json.WriteStartObject();
                json.WriteNumber("index", blockStarted.Index);
                ContentBlockJson.WriteFields(json, blockStarted.Block);
                break;
            case AnswerBlockEvent { Event: BlockDelta delta }:
                body.Write("event: content_block_delta\ndata: "u8);
                json.WriteStartObject();
                json.WriteNumber("index", delta.Index);
                json.WriteStartObject("delta");
                json.WriteString("type", "text_delta");
                json.WriteString("text", delta.Text);
                json.WriteEndObject();
                break;
            case AnswerBlockEvent { Event: BlockStopped stopped }:
                body.Write("event: content_block_stop\ndata: "u8);
                json.WriteStartObject();
                json.WriteNumber("index", stopped.Index);
                break;
            case AnswerStopped messageStopped:
                body.Write("event: message_stop\ndata: "u8);
                json.WriteStartObject();
                json.WriteString("id", messageStopped.MessageId);
                json.WriteNumber("credits_consumed", messageStopped.CreditsConsumed);
                break;
            case AnswerFailed failed:
                body.Write("event: error\ndata: "u8);
                json.WriteStartObject();
                json.WriteString("detail", failed.Detail);
                break;
            default:
                throw new InvalidOperationException($"No SSE form for {answerEvent.GetType().Name}.");
        }

        json.WriteEndObject();
        json.Flush();
        body.Write(EventEnd);
    }

    /// <summary>
    /// <c>"stream": false</c>: the same events, assembled into the same blocks, as one object. A model failure is a 502
    /// whose detail says what went wrong; what arrived before it is saved all the same.
    /// </summary>
    private async Task WriteWholeAsync(HttpContext httpContext)
    {
        var assembler = new BlockAssembler();
        AnswerStopped? stopped = null;
        while (await _events.MoveNextAsync())
        {
            switch (_events.Current)
            {
                case AnswerBlockEvent block:
                    assembler.Apply(block.Event);
                    break;
                case AnswerStopped done:
                    stopped = done;
                    break;
                case AnswerFailed failed:
                    await Problems.WriteAsync(httpContext, StatusCodes.Status502BadGateway, failed.Detail);
                    return;
            }
        }

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using (var json = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("id", _started.MessageId);
            json.WriteString("role", "assistant");
            json.WritePropertyName("content");
            ContentBlockJson.WriteArray(json, assembler.Blocks);
            json.WriteNumber("credits_consumed", stopped?.CreditsConsumed ?? 0);
            json.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(AnswerDocument), ["text/event-stream", "application/json"]));
    }

    /// <summary>The shape of a non-streamed answer, for the OpenAPI document only.</summary>
    private sealed record AnswerDocument(Guid Id, string Role, IReadOnlyList<JsonElement> Content, int CreditsConsumed);
}
