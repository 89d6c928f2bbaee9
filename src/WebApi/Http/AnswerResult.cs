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
/// HTTP, through <see cref="EventStream"/>.
/// </summary>
public sealed class AnswerResult : IResult, IEndpointMetadataProvider
{
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
        catch (Exception exception) when (httpContext.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            // The client left. The answer goes on, unseen, recording its events for a client that resumes, until it ends
            // or its own token (the grace after a disconnect, or the server stopping) ends it.
            await DrainAsync();
        }
        finally
        {
            // Ends the answer's stream, which saves what it has and releases its slot.
            await _events.DisposeAsync();
        }
    }

    private async Task DrainAsync()
    {
        try
        {
            while (await _events.MoveNextAsync())
            {
            }
        }
        catch (OperationCanceledException)
        {
            // Past the grace: the answer has saved what it had and ended its stored stream.
        }
    }

    private async Task StreamAsync(HttpContext httpContext)
    {
        var body = EventStream.Begin(httpContext);
        var json = new Utf8JsonWriter(body, AnswerEventJson.WriterOptions);
        WriteEvent(body, json, _started);
        await body.FlushAsync(httpContext.RequestAborted);

        // Writing stops as soon as the client leaves; the answer itself runs under its own token.
        await EventStream.PumpAsync(_events, body, answerEvent => WriteEvent(body, json, answerEvent), _keepAlive, httpContext.RequestAborted);
    }

    private static void WriteEvent(PipeWriter body, Utf8JsonWriter json, AnswerEvent answerEvent)
    {
        EventStream.WriteHead(body, answerEvent.Sequence, AnswerEventJson.Name(answerEvent));
        json.Reset(body);
        AnswerEventJson.WriteData(json, answerEvent);
        json.Flush();
        EventStream.WriteEnd(body);
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
        await using (var json = new Utf8JsonWriter(response.BodyWriter, AnswerEventJson.WriterOptions))
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
