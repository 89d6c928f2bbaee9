using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Planck.Tests.Fixtures;

/// <summary>
/// An OpenAI-compatible chat completions server on 127.0.0.1 and a random port, for tests and benchmarks:
/// <c>POST /v1/chat/completions</c>, streamed (SSE, ending <c>data: [DONE]</c>) or not. What it answers is steered
/// by <c>[[fake:…]]</c> directives in the last user message (see <see cref="FakeScript"/>); without one it gives a
/// short Markdown answer citing [1]. It records every request and every stream the client dropped.
/// Everything is asynchronous, so a thousand streams at once cost no threads.
/// </summary>
public sealed class FakeModelServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    /// <summary>Ollama's native chat API (NDJSON), so the Ollama provider can be tested too.</summary>
    public const string OllamaChatPath = "/api/chat";

    private static readonly TimeSpan MidstreamFailurePause = TimeSpan.FromMilliseconds(200);
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeModelRequest> _requests = new();
    private readonly ConcurrentQueue<FakeModelRequest> _aborted = new();
    private readonly ConcurrentDictionary<string, byte> _failedOnce = new(StringComparer.Ordinal);
    private TaskCompletionSource _abortSignal = NewSignal();
    private long _nextId;

    private FakeModelServer(WebApplication app)
    {
        _app = app;
        _app.Run(HandleAsync);
    }

    /// <summary>The OpenAI base URL, ending <c>/v1</c>: give it to a client as its endpoint.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The server's root, for Ollama's native API (<c>/api/chat</c>).</summary>
    public string OllamaUrl => BaseUrl[..^"/v1".Length];

    /// <summary>The server's root, for Anthropic's Messages API (the SDK adds <c>/v1/messages</c>).</summary>
    public string AnthropicUrl => OllamaUrl;

    /// <summary>Every request received, in order of arrival.</summary>
    public IReadOnlyList<FakeModelRequest> Requests => [.. _requests];

    /// <summary>Streaming requests the client dropped before the answer ended.</summary>
    public IReadOnlyList<FakeModelRequest> AbortedRequests => [.. _aborted];

    public static async Task<FakeModelServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
            // A benchmark opens a thousand streams at once; the defaults would already allow it, this says so.
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Limits.MinResponseDataRate = null;
        });
        var server = new FakeModelServer(builder.Build());
        await server._app.StartAsync(cancellationToken);
        var address = new Uri(server._app.Urls.First());
        server.BaseUrl = $"http://127.0.0.1:{address.Port.ToString(CultureInfo.InvariantCulture)}/v1";
        return server;
    }

    /// <summary>Waits until a dropped stream matching <paramref name="match"/> (any, when null) is recorded, and returns it.</summary>
    /// <exception cref="TimeoutException">None came within <paramref name="timeout"/> (10 seconds when not given).</exception>
    public async Task<FakeModelRequest> WaitForAbortAsync(Func<FakeModelRequest, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            // Take the signal before looking, so an abort recorded between the look and the wait still wakes us.
            var signal = Volatile.Read(ref _abortSignal).Task;
            var found = _aborted.FirstOrDefault(r => match is null || match(r));
            if (found is not null)
            {
                return found;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("The fake model server saw no matching request aborted by its client.");
            }

            await Task.WhenAny(signal, Task.Delay(left)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || (context.Request.Path != "/v1/chat/completions" && context.Request.Path != OllamaChatPath && context.Request.Path != AnthropicDialect.MessagesPath))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, "Unknown path.").ConfigureAwait(false);
            return;
        }

        FakeModelRequest request;
        try
        {
            request = await ReadRequestAsync(context).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "The body is not JSON.").ConfigureAwait(false);
            return;
        }

        _requests.Enqueue(request);
        var script = FakeScript.For(request);
        var anthropic = request.Path == AnthropicDialect.MessagesPath;
        if (script.Status is { } status)
        {
            await WriteErrorAsync(context, status, "Failing as the [[fake:status]] directive asked.", anthropic).ConfigureAwait(false);
            return;
        }

        if (script.StatusOnce is { } onceStatus && _failedOnce.TryAdd(request.LastUserText, 0))
        {
            await WriteErrorAsync(context, onceStatus, "Failing once as the [[fake:status-once]] directive asked.", anthropic).ConfigureAwait(false);
            return;
        }

        try
        {
            if (request.Path == OllamaChatPath)
            {
                await OllamaDialect.AnswerAsync(context, request, script).ConfigureAwait(false);
            }
            else if (anthropic)
            {
                await AnthropicDialect.AnswerAsync(context, request, script).ConfigureAwait(false);
            }
            else if (request.Stream)
            {
                await StreamAsync(context, request, script).ConfigureAwait(false);
            }
            else
            {
                await AnswerWholeAsync(context, request, script).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            if (request.Stream && script.Answer != FakeAnswerKind.FailMidstream)
            {
                RecordAbort(request);
            }
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            RecordAbort(request);
        }
    }

    private static async Task StreamAsync(HttpContext context, FakeModelRequest request, FakeScript script)
    {
        var aborted = context.RequestAborted;
        if (script.Answer == FakeAnswerKind.StallBefore)
        {
            await Task.Delay(Timeout.Infinite, aborted).ConfigureAwait(false);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(aborted).ConfigureAwait(false);

        var deltas = FakeAnswers.For(script, request);
        var writer = context.Response.BodyWriter;
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var sent = new StringBuilder();
        for (var i = 0; i < deltas.Count; i++)
        {
            await BeforeDeltaAsync(script, aborted).ConfigureAwait(false);
            var delta = i == 0 ? new Delta("assistant", deltas[i]) : new Delta(null, deltas[i]);
            WriteEvent(writer, new Chunk(request.Id, "chat.completion.chunk", created, request.Model, [new StreamChoice(0, delta, null)]));
            sent.Append(deltas[i]);

            // Many tiny deltas (a benchmark's) go out in batches; an ordinary answer delta by delta, as a model streams.
            if (script.Answer != FakeAnswerKind.Deltas || i % 64 == 63)
            {
                await writer.FlushAsync(aborted).ConfigureAwait(false);
            }

            if (!await AfterDeltaAsync(context, script, i).ConfigureAwait(false))
            {
                return;
            }
        }

        WriteEvent(writer, new Chunk(request.Id, "chat.completion.chunk", created, request.Model, [new StreamChoice(0, new Delta(null, null), "stop")]));
        if (request.IncludeUsage)
        {
            WriteEvent(writer, new Chunk(request.Id, "chat.completion.chunk", created, request.Model, [], Usage(request, sent.ToString())));
        }

        writer.Write(Done);
        await writer.FlushAsync(aborted).ConfigureAwait(false);
    }

    private static async Task AnswerWholeAsync(HttpContext context, FakeModelRequest request, FakeScript script)
    {
        var aborted = context.RequestAborted;
        if (script.Answer is FakeAnswerKind.StallBefore or FakeAnswerKind.Stall)
        {
            await Task.Delay(Timeout.Infinite, aborted).ConfigureAwait(false);
        }

        if (script.Answer == FakeAnswerKind.FailMidstream)
        {
            context.Abort();
            return;
        }

        var text = string.Concat(FakeAnswers.For(script, request));
        var completion = new Completion(
            request.Id, "chat.completion", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), request.Model,
            [new WholeChoice(0, new Delta("assistant", text), "stop")], Usage(request, text));
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, completion, Json, aborted).ConfigureAwait(false);
    }

    private async Task<FakeModelRequest> ReadRequestAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
        var root = body.RootElement;
        var messages = new List<FakeMessage>();
        if (AnthropicDialect.SystemText(root) is { Length: > 0 } system)
        {
            messages.Add(new FakeMessage("system", system));
        }

        if (root.TryGetProperty("messages", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            messages.AddRange(items.EnumerateArray().Select(m => new FakeMessage(
                m.TryGetProperty("role", out var role) ? role.GetString() ?? "" : "",
                m.TryGetProperty("content", out var content) ? ContentText(content) : "")));
        }

        var id = "chatcmpl-fake" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        return new FakeModelRequest(
            id,
            context.Request.Path,
            String(root, "model"),
            messages,
            Int(root, "max_completion_tokens") ?? Int(root, "max_tokens") ?? OllamaDialect.MaxTokens(root),
            root.TryGetProperty("stream", out var stream)
                ? stream.ValueKind == JsonValueKind.True
                : context.Request.Path == OllamaChatPath, // Ollama streams unless told not to
            root.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object
                && options.TryGetProperty("include_usage", out var usage) && usage.ValueKind == JsonValueKind.True,
            context.Request.Headers.TryGetValue("x-api-key", out var key) ? "x-api-key " + key : context.Request.Headers.Authorization.FirstOrDefault());
    }

    /// <summary>Content is a string, or (newer clients) an array of parts of which the text ones count.</summary>
    private static string ContentText(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? "",
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out _))
            .Select(p => p.GetProperty("text").GetString())),
        _ => "",
    };

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    /// <summary>About four characters a token, so a test can reason about credits from the prompt's length.</summary>
    internal static UsageCounts Usage(FakeModelRequest request, string answer)
    {
        var prompt = Math.Max(1, request.Messages.Sum(m => m.Content.Length) / 4);
        var completion = Math.Max(1, answer.Length / 4);
        return new UsageCounts(prompt, completion, prompt + completion);
    }

    private static void WriteEvent(System.IO.Pipelines.PipeWriter writer, Chunk chunk)
    {
        writer.Write("data: "u8);
        using (var json = new Utf8JsonWriter(writer))
        {
            JsonSerializer.Serialize(json, chunk, Json);
        }

        writer.Write("\n\n"u8);
    }

    internal static async Task WriteErrorAsync(HttpContext context, int status, string message, bool anthropic = false)
    {
        if (anthropic)
        {
            await AnthropicDialect.WriteErrorAsync(context, status, message).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var type = status is 401 or 403 ? "invalid_request_error" : status == 429 ? "rate_limit_exceeded" : "server_error";
        await JsonSerializer.SerializeAsync(context.Response.Body, new ErrorBody(new ErrorDetail(message, type, null)), Json, context.RequestAborted)
            .ConfigureAwait(false);
    }

    /// <summary>The pause <c>[[fake:slow MS]]</c> asks for before every delta.</summary>
    internal static Task BeforeDeltaAsync(FakeScript script, CancellationToken aborted) =>
        script.DelayPerDelta > TimeSpan.Zero ? Task.Delay(script.DelayPerDelta, aborted) : Task.CompletedTask;

    /// <summary>
    /// What a script does once a delta is flushed, in every dialect: a stall holds the stream until the client leaves;
    /// a mid-stream failure cuts the connection after the third delta. False when the answer ends there.
    /// </summary>
    internal static async Task<bool> AfterDeltaAsync(HttpContext context, FakeScript script, int index)
    {
        if (script.Answer == FakeAnswerKind.Stall)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(false);
        }

        if (script.Answer == FakeAnswerKind.FailMidstream && index == 2)
        {
            // An abort resets the connection, and a reset can make the client drop bytes it has not read yet;
            // the pause lets the deltas already sent reach it, so the failure is truly mid-answer.
            await Task.Delay(MidstreamFailurePause, context.RequestAborted).ConfigureAwait(false);
            context.Abort();
            return false;
        }

        return true;
    }

    private void RecordAbort(FakeModelRequest request)
    {
        _aborted.Enqueue(request);
        Interlocked.Exchange(ref _abortSignal, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Chunk(string Id, string Object, long Created, string? Model, IReadOnlyList<StreamChoice> Choices, UsageCounts? Usage = null);

    private sealed record StreamChoice(int Index, Delta Delta, string? FinishReason);

    private sealed record Completion(string Id, string Object, long Created, string? Model, IReadOnlyList<WholeChoice> Choices, UsageCounts Usage);

    private sealed record WholeChoice(int Index, Delta Message, string FinishReason);

    private sealed record Delta(string? Role, string? Content);

    internal sealed record UsageCounts(int PromptTokens, int CompletionTokens, int TotalTokens);

    private sealed record ErrorBody(ErrorDetail Error);

    private sealed record ErrorDetail(string Message, string Type, string? Code);
}
