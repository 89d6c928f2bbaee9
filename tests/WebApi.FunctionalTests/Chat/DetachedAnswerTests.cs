using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Planck.Domain.Chat;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Tests.Fixtures;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Chat;

/// <summary>
/// Answers that outlive their connection (<c>Planck:Chat:ContinueAfterDisconnectSeconds</c>) and the explicit Stop,
/// on two servers sharing the collection's database.
/// </summary>
public abstract class DetachedAnswerTests(PlanckApiFactory api)
{
    private const string Slow = "[[fake:slow 100]] [[fake:deltas 40]]";
    private const string VerySlow = "[[fake:slow 100]] [[fake:deltas 600]]";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_client_that_leaves_mid_answer_does_not_stop_it_and_the_answer_is_saved_complete()
    {
        var setup = await SetUpAsync();
        var conversation = await setup.Client.CreateConversationAsync(setup.Workspace);
        var question = $"Revenue? {Guid.NewGuid()} {Slow}";

        using (var response = await SendStreamingAsync(setup.Client, Turn(setup.Workspace, conversation), question))
        {
            using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadAsync() is { } next && next.Name != "content_block_delta")
            {
            }
        }

        (await Eventually.HoldsAsync(async () => await AnswerOfAsync(conversation) is { IsComplete: true }, Generous))
            .ShouldBeTrue("the answer ran to its end after its client left");
        var answer = (await AnswerOfAsync(conversation))!;
        answer.CreditsConsumed.ShouldBeGreaterThan(0);
        setup.Model.AbortedRequests.ShouldNotContain(r => r.LastUserText.Contains(question, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_resume_after_the_client_left_receives_the_remaining_events_live_through_message_stop()
    {
        var setup = await SetUpAsync();
        var seen = new List<SseEvent>();
        using (var response = await setup.Client.AskStreamingAsync(setup.Workspace, $"Revenue? {Slow}"))
        {
            using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
            while (seen.Count < 5 && await reader.ReadAsync() is { } next)
            {
                if (!next.IsComment)
                {
                    seen.Add(next);
                }
            }
        }

        var messageId = seen[0].Data.GetProperty("id").GetGuid();
        var rest = await ResumeAsync(setup.Client, $"{Streams(setup.Workspace)}/{messageId}", lastEventId: 5);

        rest.Select(e => e.Id).ShouldBe(Enumerable.Range(6, rest.Count).Select(i => (int?)i));
        rest.ShouldNotContain(e => e.Name == "error");
        rest[^1].Name.ShouldBe("message_stop");
        rest.Count(e => e.Name == "content_block_delta").ShouldBeGreaterThan(10, "the answer was still running when it was resumed");
        AnswerEvents.ShouldBeWellFormed([.. seen, .. rest]);
    }

    [Fact]
    public async Task Stop_ends_a_running_answer_with_message_stop_cancels_the_model_call_and_keeps_it_incomplete()
    {
        var setup = await SetUpAsync();
        var conversation = await setup.Client.CreateConversationAsync(setup.Workspace);
        var question = $"Revenue? {Guid.NewGuid()} {VerySlow}";
        using var response = await SendStreamingAsync(setup.Client, Turn(setup.Workspace, conversation), question);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var events = await ReadUntilDeltaAsync(reader);
        var messageId = events[0].Data.GetProperty("id").GetGuid();

        var stop = await setup.Client.PostAsync($"{Streams(setup.Workspace)}/{messageId}/stop", null);

        stop.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        while (await reader.ReadAsync() is { } next)
        {
            events.Add(next);
        }

        var ended = events.Where(e => !e.IsComment).ToList();
        ended[^1].Name.ShouldBe("message_stop");
        ended.ShouldNotContain(e => e.Name == "error");
        AnswerEvents.ShouldBeWellFormed(ended);
        await setup.Model.WaitForAbortAsync(r => r.LastUserText.Contains(question, StringComparison.Ordinal), Generous);
        var answer = (await AnswerOfAsync(conversation))!;
        answer.IsComplete.ShouldBeFalse();
        answer.Text.ShouldNotBeEmpty();
        (await setup.Client.PostAsync($"{Streams(setup.Workspace)}/{messageId}/stop", null)).StatusCode
            .ShouldBe(HttpStatusCode.NoContent, "stopping an answer that has ended changes nothing");
        var resumed = await ResumeAsync(setup.Client, $"{Turn(setup.Workspace, conversation)}/{messageId}/stream", lastEventId: 0);
        resumed.Select(e => e.Name).ShouldBe(ended.Select(e => e.Name), "the stored stream ends as the live one did");
    }

    [Fact]
    public async Task Stop_sent_to_another_server_stops_the_answer_where_it_runs()
    {
        var setup = await SetUpAsync();
        var other = await api.WithFakeModelAsync(ModelServers.Node.SecondDetached);
        using var otherClient = other.ClientFor(setup.Member);
        var question = $"Revenue? {Guid.NewGuid()} {VerySlow}";
        using var response = await setup.Client.AskStreamingAsync(setup.Workspace, question);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var events = await ReadUntilDeltaAsync(reader);
        var messageId = events[0].Data.GetProperty("id").GetGuid();

        (await otherClient.PostAsync($"{Streams(setup.Workspace)}/{messageId}/stop", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        while (await reader.ReadAsync() is { } next)
        {
            events.Add(next);
        }

        events.Where(e => !e.IsComment).Last().Name.ShouldBe("message_stop");
        await setup.Model.WaitForAbortAsync(r => r.LastUserText.Contains(question, StringComparison.Ordinal), Generous);
    }

    [Fact]
    public async Task Stop_is_404_for_another_member_and_an_unknown_answer_and_leaves_the_answer_running()
    {
        var setup = await SetUpAsync();
        var colleague = await api.CreateUserAsync();
        await api.Admin.PostAsync($"/api/v1/admin/workspaces/{setup.Workspace}/members", JsonContent.Create(new { user_ids = new[] { colleague.Id } }));
        using var colleagueClient = setup.With.ClientFor(colleague);
        using var response = await setup.Client.AskStreamingAsync(setup.Workspace, $"Revenue? {Slow}");
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var events = await ReadUntilDeltaAsync(reader);
        var messageId = events[0].Data.GetProperty("id").GetGuid();

        var refused = await colleagueClient.PostAsync($"{Streams(setup.Workspace)}/{messageId}/stop", null);
        var unknown = await setup.Client.PostAsync($"{Streams(setup.Workspace)}/{Guid.NewGuid()}/stop", null);

        (await refused.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail.ShouldNotBeNullOrEmpty();
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        while (await reader.ReadAsync() is { } next)
        {
            events.Add(next);
        }

        events.Where(e => !e.IsComment).Last().Name.ShouldBe("message_stop");
        events.Count(e => e.Name == "content_block_delta").ShouldBeGreaterThan(10, "the answer ran to its end");
    }

    private static string Streams(Guid workspace) => $"/api/v1/workspaces/{workspace}/chat/streams";

    private static string Turn(Guid workspace, Guid conversation) => $"/api/v1/workspaces/{workspace}/conversations/{conversation}/messages";

    private static Task<HttpResponseMessage> SendStreamingAsync(HttpClient client, string path, string question) =>
        client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { message = question }) },
            HttpCompletionOption.ResponseHeadersRead);

    private static async Task<List<SseEvent>> ReadUntilDeltaAsync(SseReader reader)
    {
        var events = new List<SseEvent>();
        while (await reader.ReadAsync() is { } next)
        {
            events.Add(next);
            if (next.Name == "content_block_delta")
            {
                break;
            }
        }

        return events;
    }

    private static async Task<List<SseEvent>> ResumeAsync(HttpClient client, string path, int lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.ReadEventsAsync()).Where(e => !e.IsComment).ToList();
    }

    private Task<ChatMessage?> AnswerOfAsync(Guid conversation) =>
        api.QueryDatabaseAsync(db => db.ChatMessages.AsNoTracking().FirstOrDefaultAsync(m => m.ConversationId == conversation && m.Role == MessageRole.Assistant));

    private async Task<Setup> SetUpAsync()
    {
        var with = await api.WithFakeModelAsync(ModelServers.Node.Detached);
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var revenue = await member.Client.UploadOkAsync(workspace, "revenue.txt", "Quarterly report. Revenue grew by 12% in the third quarter, mostly from Europe.");
        (await member.Client.WaitUntilProcessedAsync(revenue.Id)).Status.ShouldBe("ready");
        return new Setup(with, with.ClientFor(member), member, workspace, with.Model);
    }

    private sealed record Setup(WithModel With, HttpClient Client, TestUser Member, Guid Workspace, FakeModelServer Model);
}

[Collection(SqliteServer.Name)]
public sealed class SqliteDetachedAnswerTests(SqliteApiFactory api) : DetachedAnswerTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresDetachedAnswerTests(PostgresApiFactory api) : DetachedAnswerTests(api);
