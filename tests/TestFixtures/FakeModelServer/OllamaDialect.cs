using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Planck.Tests.Fixtures;

/// <summary>
/// Ollama's native <c>/api/chat</c>: one JSON object a line, the last with <c>done: true</c> and the token counts
/// (<c>prompt_eval_count</c>, <c>eval_count</c>). The same scripts as the OpenAI dialect steer it.
/// </summary>
internal static class OllamaDialect
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static int? MaxTokens(JsonElement root) =>
        root.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("num_predict", out var limit) && limit.ValueKind == JsonValueKind.Number && limit.TryGetInt32(out var value)
            ? value
            : null;

    public static async Task AnswerAsync(HttpContext context, FakeModelRequest request, FakeScript script)
    {
        var aborted = context.RequestAborted;
        if (script.Answer == FakeAnswerKind.StallBefore)
        {
            await Task.Delay(Timeout.Infinite, aborted).ConfigureAwait(false);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = request.Stream ? "application/x-ndjson" : "application/json";
        await context.Response.StartAsync(aborted).ConfigureAwait(false);

        var deltas = FakeAnswers.For(script, request);
        var writer = context.Response.BodyWriter;
        var sent = new StringBuilder();
        if (!request.Stream)
        {
            deltas = [string.Concat(deltas)];
        }

        for (var i = 0; i < deltas.Count && request.Stream; i++)
        {
            await FakeModelServer.BeforeDeltaAsync(script, aborted).ConfigureAwait(false);
            WriteLine(writer, new Line(request.Model, Now(), new Message("assistant", deltas[i]), false));
            sent.Append(deltas[i]);
            await writer.FlushAsync(aborted).ConfigureAwait(false);
            if (!await FakeModelServer.AfterDeltaAsync(context, script, i).ConfigureAwait(false))
            {
                return;
            }
        }

        var whole = request.Stream ? "" : deltas[0];
        var usage = FakeModelServer.Usage(request, request.Stream ? sent.ToString() : whole);
        WriteLine(writer, new Line(request.Model, Now(), new Message("assistant", whole), true, "stop", usage.PromptTokens, usage.CompletionTokens));
        await writer.FlushAsync(aborted).ConfigureAwait(false);
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteLine(PipeWriter writer, Line line)
    {
        using (var json = new Utf8JsonWriter(writer))
        {
            JsonSerializer.Serialize(json, line, Json);
        }

        writer.Write("\n"u8);
    }

    private sealed record Line(
        string? Model, string CreatedAt, Message Message, bool Done, string? DoneReason = null, int? PromptEvalCount = null, int? EvalCount = null);

    private sealed record Message(string Role, string Content);
}
