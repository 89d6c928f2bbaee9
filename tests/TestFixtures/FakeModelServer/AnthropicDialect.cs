using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Planck.Tests.Fixtures;

/// <summary>
/// Anthropic's Messages API (<c>/v1/messages</c>): server-sent events <c>message_start</c> (with the input tokens),
/// one text <c>content_block_start</c>, <c>content_block_delta</c>s, <c>content_block_stop</c>, <c>message_delta</c>
/// (stop reason and output tokens) and <c>message_stop</c>; a whole message as one JSON object. The same scripts as
/// the OpenAI dialect steer it.
/// </summary>
internal static class AnthropicDialect
{
    public const string MessagesPath = "/v1/messages";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The system prompt travels beside the messages, as a string or as text blocks.</summary>
    public static string? SystemText(JsonElement root) =>
        root.TryGetProperty("system", out var system) ? system.ValueKind switch
        {
            JsonValueKind.String => system.GetString(),
            JsonValueKind.Array => string.Concat(system.EnumerateArray()
                .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out _))
                .Select(p => p.GetProperty("text").GetString())),
            _ => null,
        } : null;

    public static async Task AnswerAsync(HttpContext context, FakeModelRequest request, FakeScript script)
    {
        var aborted = context.RequestAborted;
        if (script.Answer == FakeAnswerKind.StallBefore || (!request.Stream && script.Answer == FakeAnswerKind.Stall))
        {
            await Task.Delay(Timeout.Infinite, aborted).ConfigureAwait(false);
        }

        var deltas = FakeAnswers.For(script, request);
        var id = "msg_" + request.Id;
        if (!request.Stream)
        {
            var text = string.Concat(deltas);
            var usage = FakeModelServer.Usage(request, text);
            context.Response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(
                    context.Response.Body,
                    new Message(id, "message", "assistant", [new TextBlock("text", text)], request.Model, "end_turn", null, new Usage(usage.PromptTokens, usage.CompletionTokens)),
                    Json,
                    aborted)
                .ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(aborted).ConfigureAwait(false);

        var writer = context.Response.BodyWriter;
        var inputTokens = FakeModelServer.Usage(request, "").PromptTokens;
        Write(writer, "message_start", new MessageStart("message_start", new Message(id, "message", "assistant", [], request.Model, null, null, new Usage(inputTokens, 1))));
        Write(writer, "content_block_start", new BlockStart("content_block_start", 0, new TextBlock("text", "")));
        await writer.FlushAsync(aborted).ConfigureAwait(false);

        var sent = new StringBuilder();
        for (var i = 0; i < deltas.Count; i++)
        {
            await FakeModelServer.BeforeDeltaAsync(script, aborted).ConfigureAwait(false);
            Write(writer, "content_block_delta", new BlockDelta("content_block_delta", 0, new TextDelta("text_delta", deltas[i])));
            sent.Append(deltas[i]);
            await writer.FlushAsync(aborted).ConfigureAwait(false);
            if (!await FakeModelServer.AfterDeltaAsync(context, script, i).ConfigureAwait(false))
            {
                return;
            }
        }

        var outputTokens = FakeModelServer.Usage(request, sent.ToString()).CompletionTokens;
        Write(writer, "content_block_stop", new BlockStop("content_block_stop", 0));
        Write(writer, "message_delta", new MessageDelta("message_delta", new StopDelta("end_turn", null), new OutputUsage(outputTokens)));
        Write(writer, "message_stop", new MessageStop("message_stop"));
        await writer.FlushAsync(aborted).ConfigureAwait(false);
    }

    /// <summary>Anthropic's error body: <c>{"type":"error","error":{"type":…,"message":…}}</c>.</summary>
    public static async Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var type = status switch
        {
            401 => "authentication_error",
            403 => "permission_error",
            429 => "rate_limit_error",
            529 => "overloaded_error",
            _ => "api_error",
        };
        await JsonSerializer.SerializeAsync(context.Response.Body, new ErrorBody("error", new ErrorDetail(type, message)), Json, context.RequestAborted)
            .ConfigureAwait(false);
    }

    private static void Write<T>(PipeWriter writer, string name, T data)
    {
        writer.Write(Encoding.UTF8.GetBytes($"event: {name}\ndata: "));
        using (var json = new Utf8JsonWriter(writer))
        {
            JsonSerializer.Serialize(json, data, Json);
        }

        writer.Write("\n\n"u8);
    }

    private sealed record Message(
        string Id, string Type, string Role, IReadOnlyList<TextBlock> Content, string? Model, string? StopReason, string? StopSequence, Usage Usage);

    private sealed record Usage(int InputTokens, int OutputTokens);

    private sealed record OutputUsage(int OutputTokens);

    private sealed record TextBlock(string Type, string Text);

    private sealed record TextDelta(string Type, string Text);

    private sealed record MessageStart(string Type, Message Message);

    private sealed record BlockStart(string Type, int Index, TextBlock ContentBlock);

    private sealed record BlockDelta(string Type, int Index, TextDelta Delta);

    private sealed record BlockStop(string Type, int Index);

    private sealed record StopDelta(string StopReason, string? StopSequence);

    private sealed record MessageDelta(string Type, StopDelta Delta, OutputUsage Usage);

    private sealed record MessageStop(string Type);

    private sealed record ErrorBody(string Type, ErrorDetail Error);

    private sealed record ErrorDetail(string Type, string Message);
}
