using System.Net;
using System.Text;
using System.Text.Json;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Tests.Fixtures;

namespace Planck.Infrastructure.IntegrationTests.Chat.Models;

/// <summary>The fake model server speaks the OpenAI wire format plainly, before any SDK reads it.</summary>
public sealed class FakeModelServerTests : IAsyncLifetime
{
    private FakeModelServer _model = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _model = await FakeModelServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task A_streamed_answer_is_server_sent_events_ending_with_usage_and_done()
    {
        using var response = await PostAsync("What grew?", stream: true);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        events[^1].ShouldBe("data: [DONE]");
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        var text = string.Concat(chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray())
            .Select(c => c.GetProperty("delta").TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String ? content.GetString() : ""));
        text.ShouldBe(string.Concat(FakeAnswers.DefaultAnswer));
        text.ShouldContain("[1]");
        chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray())
            .Count(c => c.GetProperty("finish_reason").ValueKind == JsonValueKind.String && c.GetProperty("finish_reason").GetString() == "stop").ShouldBe(1);
        var usage = chunks[^1].GetProperty("usage");
        usage.GetProperty("prompt_tokens").GetInt32().ShouldBe("What grew?".Length / 4);
        usage.GetProperty("completion_tokens").GetInt32().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_whole_answer_is_one_completion_object()
    {
        using var response = await PostAsync("[[fake:table]] Revenue by region?", stream: false);

        var completion = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!.ShouldContain("| Europe | 120 |");
        completion.GetProperty("usage").GetProperty("total_tokens").GetInt32().ShouldBeGreaterThan(0);
        var request = _model.Requests.ShouldHaveSingleItem();
        request.Stream.ShouldBeFalse();
        request.Model.ShouldBe("fake-model");
        request.MaxTokens.ShouldBe(64);
        request.Messages.Select(m => m.Role).ShouldBe(["system", "user"]);
    }

    [Fact]
    public async Task Status_once_fails_the_first_request_with_that_text_and_answers_the_next()
    {
        using var first = await PostAsync("[[fake:status-once 503]] again", stream: true);
        using var second = await PostAsync("[[fake:status-once 503]] again", stream: true);

        first.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await first.Content.ReadAsStringAsync()).ShouldContain("\"error\"");
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_client_that_drops_a_stalled_stream_is_recorded_as_an_abort()
    {
        using var cancel = new CancellationTokenSource();
        using var response = await PostAsync("[[fake:stall]]", stream: true, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[256];
        (await body.ReadAsync(buffer)).ShouldBeGreaterThan(0);

        response.Dispose();

        var aborted = await _model.WaitForAbortAsync();
        aborted.LastUserText.ShouldBe("[[fake:stall]]");
    }

    [Fact]
    public async Task A_thousand_streams_stay_open_at_once_and_each_drop_is_recorded()
    {
        const int Streams = 1000;
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Streams });
        var opened = await Task.WhenAll(Enumerable.Range(0, Streams).Select(async i =>
        {
            var response = await PostAsync($"[[fake:stall]] stream {i}", stream: true, HttpCompletionOption.ResponseHeadersRead, client);
            var body = await response.Content.ReadAsStreamAsync();
            (await body.ReadAsync(new byte[256])).ShouldBeGreaterThan(0);
            return response;
        }));

        // Every stream has its first delta and is stalled: all thousand are open together.
        _model.AbortedRequests.ShouldBeEmpty();
        foreach (var response in opened)
        {
            response.Dispose();
        }

        (await Eventually.HoldsAsync(() => Task.FromResult(_model.AbortedRequests.Count == Streams))).ShouldBeTrue();
    }

    [Theory]
    [InlineData("plain question", FakeAnswerKind.Default)]
    [InlineData("[[fake:code]] show me", FakeAnswerKind.Code)]
    [InlineData("[[fake:chart]] plot it", FakeAnswerKind.Chart)]
    [InlineData("[[fake:map]]", FakeAnswerKind.Map)]
    [InlineData("[[fake:slow 20]] [[fake:rich]]", FakeAnswerKind.Rich)]
    [InlineData("[[fake:bad-chart]]", FakeAnswerKind.BadChart)]
    [InlineData("[[fake:stall-before]]", FakeAnswerKind.StallBefore)]
    [InlineData("[[fake:fail-midstream]]", FakeAnswerKind.FailMidstream)]
    [InlineData("[[fake:echo]]", FakeAnswerKind.Echo)]
    public void Directives_choose_the_answer(string text, FakeAnswerKind expected) =>
        FakeScript.Parse(text).Answer.ShouldBe(expected);

    [Fact]
    public void Directive_arguments_are_read()
    {
        FakeScript.Parse("[[fake:cite 2,3]]").Citations.ShouldBe([2, 3]);
        FakeScript.Parse("[[fake:deltas 500]]").DeltaCount.ShouldBe(500);
        FakeScript.Parse("[[fake:status 429]]").Status.ShouldBe(429);
        FakeScript.Parse("[[fake:status-once 503]] [[fake:table]]").ShouldBe(new FakeScript(FakeAnswerKind.Table, StatusOnce: 503));
    }

    private async Task<HttpResponseMessage> PostAsync(
        string userText, bool stream, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, HttpClient? client = null)
    {
        var body = new
        {
            model = "fake-model",
            stream,
            max_completion_tokens = 64,
            stream_options = stream ? new { include_usage = true } : null,
            messages = stream
                ? new object[] { new { role = "user", content = userText } }
                : [new { role = "system", content = "Answer from the passages and cite them." }, new { role = "user", content = userText }],
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, _model.BaseUrl + "/chat/completions")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        return await (client ?? _http).SendAsync(request, completion);
    }
}
