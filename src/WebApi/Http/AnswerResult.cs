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
/// An answer as Server-Sent Events (the default) or as one JSON object. The events are written by hand rather than
/// through the framework's SSE result because idle streams need comment lines (keep-alives), which it cannot send.
/// </summary>
public sealed class AnswerResult(ChatAnswerer answerer, PreparedAnswer answer, IDisposable slot, bool stream, TimeSpan keepAlive)
    : IResult, IEndpointMetadataProvider
{
    private static readonly byte[] KeepAliveComment = ": keep-alive\n\n"u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    /// <summary>An event stream is never HTML, so text need not be escaped beyond JSON's rules; answers stay readable and small.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = ContentBlockJson.Encoder };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            if (stream)
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
            slot.Dispose();
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
        var events = answerer.AnswerAsync(answer, cancellationToken).GetAsyncEnumerator(cancellationToken);
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

            await events.DisposeAsync();
        }
    }

    /// <summary>Waits for the next event, sending a comment line each time the stream has been idle for the keep-alive interval.</summary>
    private async Task<bool> WithKeepAlivesAsync(Task<bool> next, PipeWriter body, CancellationToken cancellationToken)
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
        await foreach (var answerEvent in answerer.AnswerAsync(answer, httpContext.RequestAborted))
        {
            switch (answerEvent)
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
            json.WriteString("id", answer.MessageId);
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
