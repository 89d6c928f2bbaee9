using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Planck.WebApi.FunctionalTests.Support;

/// <summary>One event of a stream: <c>Name</c> is null for a comment line, whose text is then in <c>Comment</c>.</summary>
public sealed record SseEvent(string? Name, JsonElement Data, string? Comment = null, int? Id = null)
{
    public bool IsComment => Name is null;
}

/// <summary>Reads Server-Sent Events as a client would, line by line, strictly to the spec's framing.</summary>
public sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>The next event or comment, or null at the end of the stream.</summary>
    public async Task<SseEvent?> ReadAsync(CancellationToken cancellationToken = default)
    {
        string? name = null;
        string? data = null;
        int? id = null;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is null && data is null)
                {
                    continue;
                }

                name.ShouldNotBeNull("an event without an event: line");
                data.ShouldNotBeNull($"event {name} without a data: line");
                return new SseEvent(name, JsonDocument.Parse(data).RootElement.Clone(), Id: id);
            }

            if (line.StartsWith(':'))
            {
                (await _reader.ReadLineAsync(cancellationToken)).ShouldBe(string.Empty, "a comment line ends with a blank line");
                return new SseEvent(null, default, line[1..].Trim());
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id.ShouldBeNull("one id: line per event");
                id = int.Parse(line["id: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.ShouldBeNull("one data: line per event");
                data = line["data: ".Length..];
            }
            else
            {
                throw new ShouldAssertException($"Unexpected SSE line: {line}");
            }
        }

        return null;
    }

    public async Task<List<SseEvent>> ReadAllAsync(bool keepComments = false)
    {
        var events = new List<SseEvent>();
        while (await ReadAsync() is { } next)
        {
            if (keepComments || !next.IsComment)
            {
                events.Add(next);
            }
        }

        return events;
    }

    public void Dispose() => _reader.Dispose();
}

public static class ChatRequests
{
    public static Task<HttpResponseMessage> AskAsync(this HttpClient client, Guid workspaceId, string message, bool? stream = null, params Guid[] documentIds) =>
        client.PostAsJsonAsync($"/api/v1/workspaces/{workspaceId}/chat", Body(message, stream, documentIds));

    public static Task<HttpResponseMessage> SayAsync(
        this HttpClient client, Guid workspaceId, Guid conversationId, string message, bool? stream = null, params Guid[] documentIds) =>
        client.PostAsJsonAsync($"/api/v1/workspaces/{workspaceId}/conversations/{conversationId}/messages", Body(message, stream, documentIds));

    /// <summary>Sends and returns at once with the headers, leaving the body to be read as it streams.</summary>
    public static Task<HttpResponseMessage> AskStreamingAsync(this HttpClient client, Guid workspaceId, string message, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/chat") { Content = JsonContent.Create(Body(message, true, [])) };
        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public static async Task<List<SseEvent>> ReadEventsAsync(this HttpResponseMessage response, bool keepComments = false)
    {
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        return await reader.ReadAllAsync(keepComments);
    }

    public static async Task<Guid> CreateConversationAsync(this HttpClient client, Guid workspaceId, string name = "Questions")
    {
        var response = await client.PostAsJsonAsync($"/api/v1/workspaces/{workspaceId}/conversations", new { name });
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        ((int)response.StatusCode).ShouldBe(201, document.RootElement.ToString());
        return document.RootElement.GetProperty("id").GetGuid();
    }

    private static object Body(string message, bool? stream, Guid[] documentIds)
    {
        var documents = documentIds.Select((id, i) => (Key: $"document-{i}.txt", Value: new { id })).ToDictionary(p => p.Key, p => p.Value);
        object settings = new { chat_metadata = new { documents } };
        return stream is null
            ? new { message, settings }
            : new { message, settings, stream = stream.Value };
    }
}

/// <summary>An answer's events folded into blocks, the way a client would assemble them.</summary>
public static class AnswerEvents
{
    public static List<JsonElement> AssembleBlocks(IEnumerable<SseEvent> events)
    {
        var blocks = new List<Dictionary<string, object?>>();
        foreach (var e in events)
        {
            switch (e.Name)
            {
                case "content_block_start":
                    e.Data.GetProperty("index").GetInt32().ShouldBe(blocks.Count, "blocks are numbered from 0 in order");
                    var block = e.Data.EnumerateObject().Where(p => p.Name != "index").ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
                    blocks.Add(block);
                    break;
                case "content_block_delta":
                    var open = blocks[e.Data.GetProperty("index").GetInt32()];
                    var field = (string)((JsonElement)open["type"]!).GetString()! == "code" ? "code" : "text";
                    open[field] = JsonSerializer.SerializeToElement(((JsonElement)open[field]!).GetString() + e.Data.GetProperty("delta").GetProperty("text").GetString());
                    break;
            }
        }

        return [.. blocks.Select(b => JsonSerializer.SerializeToElement(b))];
    }

    /// <summary>One spelling of a JSON value, so values that differ only in escaping compare equal.</summary>
    public static string Normalized(JsonElement element) => JsonSerializer.Serialize(element);

    /// <summary>Checks the stream's grammar: message_start, blocks that open, take deltas and close one at a time, then one ending.</summary>
    public static void ShouldBeWellFormed(IReadOnlyList<SseEvent> events, string ending = "message_stop")
    {
        events[0].Name.ShouldBe("message_start");
        events[^1].Name.ShouldBe(ending);
        int? open = null;
        var next = 0;
        foreach (var e in events.Skip(1).SkipLast(1))
        {
            var index = e.Data.GetProperty("index").GetInt32();
            switch (e.Name)
            {
                case "content_block_start":
                    open.ShouldBeNull("blocks never interleave");
                    index.ShouldBe(next++);
                    open = index;
                    break;
                case "content_block_delta":
                    index.ShouldBe(open.ShouldNotBeNull());
                    e.Data.GetProperty("delta").GetProperty("type").GetString().ShouldBe("text_delta");
                    e.Data.GetProperty("delta").GetProperty("text").GetString().ShouldNotBeNullOrEmpty();
                    break;
                case "content_block_stop":
                    index.ShouldBe(open.ShouldNotBeNull());
                    open = null;
                    break;
                default:
                    throw new ShouldAssertException($"Unexpected event {e.Name} inside the answer.");
            }
        }

        open.ShouldBeNull("every block is stopped");
    }
}
