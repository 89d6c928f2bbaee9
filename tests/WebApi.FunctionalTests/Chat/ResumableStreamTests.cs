using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Tests.Fixtures;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Chat;

/// <summary>
/// Streams that survive a dropped connection: every event has an id, and <c>Last-Event-ID</c> on the stream routes
/// replays what came after it from the stored stream, then the rest as the answer runs.
/// </summary>
public abstract class ResumableStreamTests(PlanckApiFactory api)
{
    private const string Slow = "[[fake:slow 100]] [[fake:deltas 40]]";

    [Fact]
    public async Task Every_event_has_an_id_counting_from_one()
    {
        var setup = await SetUpAsync();

        var events = await (await setup.Client.AskAsync(setup.Workspace, "How did revenue grow?")).ReadEventsAsync();

        AnswerEvents.ShouldBeWellFormed(events);
        events.Select(e => e.Id).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (int?)i));
    }

    [Fact]
    public async Task A_running_answer_resumed_after_event_n_gets_exactly_the_events_after_n_then_the_rest_live()
    {
        var setup = await SetUpAsync();
        using var response = await setup.Client.AskStreamingAsync(setup.Workspace, $"Revenue? {Slow}");
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var original = new List<SseEvent>();
        while (original.Count(e => !e.IsComment) < 5 && await reader.ReadAsync() is { } next)
        {
            original.Add(next);
        }

        var messageId = original[0].Data.GetProperty("id").GetGuid();
        var resumed = await ResumeAsync(setup.Client, $"/api/v1/workspaces/{setup.Workspace}/chat/streams/{messageId}", lastEventId: "5");
        while (await reader.ReadAsync() is { } next)
        {
            original.Add(next);
        }

resumed.ShouldNotBeEmpty();
        resumed[^1].Name.ShouldBe("message_stop");
        resumed.Count(e => e.Name == "content_block_delta").ShouldBeGreaterThan(10, "the answer was still running when it was resumed");
        Describe(resumed).ShouldBe(Describe(original.Where(e => e.Id > 5)));
    }

    [Fact]
    public async Task An_ended_conversation_answer_replays_to_its_end_from_the_query_id_and_closes()
    {
        var setup = await SetUpAsync();
        var conversation = await setup.Client.CreateConversationAsync(setup.Workspace);
        var original = await (await setup.Client.SayAsync(setup.Workspace, conversation, "Revenue?")).ReadEventsAsync();
        var messageId = original[0].Data.GetProperty("id").GetGuid();
        var route = $"/api/v1/workspaces/{setup.Workspace}/conversations/{conversation}/messages/{messageId}/stream";

        var fromThree = await ResumeAsync(setup.Client, $"{route}?last_event_id=3", lastEventId: null);
        var whole = await ResumeAsync(setup.Client, route, lastEventId: null);
        var afterLast = await ResumeAsync(setup.Client, route, lastEventId: original[^1].Id!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Describe(fromThree).ShouldBe(Describe(original.Skip(3)));
        Describe(whole).ShouldBe(Describe(original));
        afterLast.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_conversation_answer_is_saved_incomplete_while_it_runs_and_complete_when_it_ends()
    {
        var setup = await SetUpAsync();
        var conversation = await setup.Client.CreateConversationAsync(setup.Workspace);
        using var response = await setup.Client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, $"/api/v1/workspaces/{setup.Workspace}/conversations/{conversation}/messages")
            {
                Content = JsonContent.Create(new { message = "Revenue? [[fake:slow 100]] [[fake:deltas 70]]" }),
            },
            HttpCompletionOption.ResponseHeadersRead);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        (await reader.ReadAsync())!.Name.ShouldBe("message_start");

        JsonElement? partial = null;
        (await Eventually.HoldsAsync(async () =>
        {
            partial = await AnswerAsync(setup.Client, setup.Workspace, conversation);
            return partial is { } answer && answer.GetProperty("content").GetArrayLength() > 0;
        })).ShouldBeTrue("the answer in progress is saved");
        var last = (SseEvent?)null;
        while (await reader.ReadAsync() is { } next)
        {
            last = next;
        }

        partial!.Value.GetProperty("complete").GetBoolean().ShouldBeFalse();
        last!.Name.ShouldBe("message_stop", "the answer was still running when its partial form was read");
        var final = (await AnswerAsync(setup.Client, setup.Workspace, conversation))!.Value;
        final.GetProperty("complete").GetBoolean().ShouldBeTrue();
        final.GetProperty("credits_consumed").GetInt32().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Someone_else_s_unknown_or_wrongly_routed_stream_is_404_and_a_malformed_last_event_id_is_400()
    {
        var setup = await SetUpAsync();
        var conversation = await setup.Client.CreateConversationAsync(setup.Workspace);
        var turn = await (await setup.Client.SayAsync(setup.Workspace, conversation, "Revenue?")).ReadEventsAsync();
        var stateless = await (await setup.Client.AskAsync(setup.Workspace, "Revenue?")).ReadEventsAsync();
        var turnId = turn[0].Data.GetProperty("id").GetGuid();
        var statelessId = stateless[0].Data.GetProperty("id").GetGuid();
        var colleague = await api.CreateUserAsync();
        await api.Admin.PostAsync($"/api/v1/admin/workspaces/{setup.Workspace}/members", JsonContent.Create(new { user_ids = new[] { colleague.Id } }));
        using var colleagueClient = setup.With.ClientFor(colleague);
        var messages = $"/api/v1/workspaces/{setup.Workspace}/conversations/{conversation}/messages";
        var streams = $"/api/v1/workspaces/{setup.Workspace}/chat/streams";

        (await colleagueClient.GetAsync($"{messages}/{turnId}/stream")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await colleagueClient.GetAsync($"{streams}/{statelessId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await setup.Client.GetAsync($"{messages}/{Guid.NewGuid()}/stream")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await setup.Client.GetAsync($"{messages}/{statelessId}/stream")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await setup.Client.GetAsync($"{streams}/{turnId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var malformed = new HttpRequestMessage(HttpMethod.Get, $"{messages}/{turnId}/stream");
        malformed.Headers.TryAddWithoutValidation("Last-Event-ID", "abc:7");
        var refused = await setup.Client.SendAsync(malformed);
        (await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail.ShouldContain("Last-Event-ID must be the id of an event");
        (await setup.Client.GetAsync($"{streams}/{statelessId}?last_event_id=-1")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static List<string> Describe(IEnumerable<SseEvent> events) =>
        events.Where(e => !e.IsComment).Select(e => $"{e.Id} {e.Name} {JsonSerializer.Serialize(e.Data)}").ToList();

    private static async Task<List<SseEvent>> ResumeAsync(HttpClient client, string path, string? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        return await response.ReadEventsAsync();
    }

    private static async Task<JsonElement?> AnswerAsync(HttpClient client, Guid workspace, Guid conversation)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/workspaces/{workspace}/conversations/{conversation}/messages"));
        var items = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement : json.RootElement.GetProperty("data");
        return items.EnumerateArray().Where(m => m.GetProperty("role").GetString() == "assistant").Select(m => (JsonElement?)m.Clone()).FirstOrDefault();
    }

    private async Task<Setup> SetUpAsync()
    {
        var with = await api.WithFakeModelAsync();
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var revenue = await member.Client.UploadOkAsync(workspace, "revenue.txt", "Quarterly report. Revenue grew by 12% in the third quarter, mostly from Europe.");
        (await member.Client.WaitUntilProcessedAsync(revenue.Id)).Status.ShouldBe("ready");
        return new Setup(with, with.ClientFor(member), workspace);
    }

    private sealed record Setup(WithModel With, HttpClient Client, Guid Workspace);
}

[Collection(SqliteServer.Name)]
public sealed class SqliteResumableStreamTests(SqliteApiFactory api) : ResumableStreamTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresResumableStreamTests(PostgresApiFactory api) : ResumableStreamTests(api);
