using System.Net;
using System.Text.Json;
using Planck.Domain.Chat;
using Planck.WebApi.FunctionalTests.Support;
using static Planck.WebApi.FunctionalTests.Chat.Conversations.ConversationApi;

namespace Planck.WebApi.FunctionalTests.Chat.Conversations;

public abstract class ConversationMessageTests(PlanckApiFactory api)
{
    [Fact]
    public async Task The_history_lists_messages_oldest_first_with_their_blocks_as_stored()
    {
        var (client, workspace, conversation) = await ConversationAsync();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        const string answerContent = """[{"type":"text","text":"The lease runs **five** years."},{"type":"sources","sources":[{"document_id":"d1","name":"lease.pdf","snippet":"five years","page":3}]}]""";
        var answerId = Guid.CreateVersion7(start.AddSeconds(2));
        // Saved out of order: the list orders by time, not by insertion.
        await api.AddMessagesAsync(
            ChatMessage.FromAssistant(answerId, conversation, "The lease runs **five** years.", answerContent, 3, isComplete: true, start.AddSeconds(2)),
            ChatMessage.FromUser(conversation, "How long is the lease?", TextContent("How long is the lease?"), start),
            ChatMessage.FromAssistant(Guid.CreateVersion7(start.AddSeconds(4)), conversation, "It", TextContent("It"), 1, isComplete: false, start.AddSeconds(4)));

        var page = await (await client.GetAsync(MessagesUrl(workspace, conversation))).ShouldBeAsync<ListResponse<MessageResponse>>(HttpStatusCode.OK);

        page.Count.ShouldBe(3);
        page.Data.Select(m => m.Role).ShouldBe(["user", "assistant", "assistant"]);
        page.Data[0].Content[0].GetProperty("text").GetString().ShouldBe("How long is the lease?");
        page.Data[0].CreditsConsumed.ShouldBe(0);
        page.Data[1].Id.ShouldBe(answerId);
        page.Data[1].CreditsConsumed.ShouldBe(3);
        page.Data[1].Complete.ShouldBeTrue();
        JsonSerializer.Serialize(page.Data[1].Content).ShouldBe(answerContent);
        page.Data[1].CreatedAt.ShouldBe(start.AddSeconds(2), TimeSpan.FromMilliseconds(1));
        page.Data[2].Complete.ShouldBeFalse();
    }

    [Fact]
    public async Task A_message_has_the_contract_fields_and_its_content_is_a_json_array()
    {
        var (client, workspace, conversation) = await ConversationAsync();
        await api.AddMessagesAsync(ChatMessage.FromUser(conversation, "Hi", TextContent("Hi"), DateTimeOffset.UtcNow));

        using var document = JsonDocument.Parse(await (await client.GetAsync(MessagesUrl(workspace, conversation))).Content.ReadAsStringAsync());

        var message = document.RootElement.GetProperty("data")[0];
        message.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)
            .ShouldBe(["complete", "content", "created_at", "credits_consumed", "id", "role"]);
        message.GetProperty("content").ValueKind.ShouldBe(JsonValueKind.Array);
    }

    [Fact]
    public async Task Messages_at_the_same_moment_are_ordered_by_id_and_the_history_pages()
    {
        var (client, workspace, conversation) = await ConversationAsync();
        var moment = DateTimeOffset.UtcNow.AddMinutes(-5);
        // Ids that sort the same way as text (SQLite) and as uuid (PostgreSQL): they differ in the first hex digit.
        var ids = Enumerable.Range(1, 5).Select(i => Guid.Parse($"{i:x}" + Guid.NewGuid().ToString()[1..])).ToList();
        await api.AddMessagesAsync([.. ids.AsEnumerable().Reverse().Select(id =>
            ChatMessage.FromAssistant(id, conversation, "answer", TextContent("answer"), 1, isComplete: true, moment))]);

        var first = await (await client.GetAsync($"{MessagesUrl(workspace, conversation)}?limit=2")).ShouldBeAsync<ListResponse<MessageResponse>>(HttpStatusCode.OK);
        var rest = await (await client.GetAsync($"{MessagesUrl(workspace, conversation)}/?limit=2&offset=2")).ShouldBeAsync<ListResponse<MessageResponse>>(HttpStatusCode.OK);
        var beyond = await (await client.GetAsync($"{MessagesUrl(workspace, conversation)}?offset=10")).ShouldBeAsync<ListResponse<MessageResponse>>(HttpStatusCode.OK);

        first.Data.Select(m => m.Id).ShouldBe(ids.Take(2));
        first.Count.ShouldBe(5);
        rest.Data.Select(m => m.Id).ShouldBe(ids.Skip(2).Take(2));
        rest.Count.ShouldBe(5);
        beyond.Data.ShouldBeEmpty();
        beyond.Count.ShouldBe(5);
    }

    [Fact]
    public async Task A_new_conversation_has_an_empty_history()
    {
        var (client, workspace, conversation) = await ConversationAsync();

        var page = await (await client.GetAsync(MessagesUrl(workspace, conversation))).ShouldBeAsync<ListResponse<MessageResponse>>(HttpStatusCode.OK);

        page.Data.ShouldBeEmpty();
        page.Count.ShouldBe(0);
    }

    [Fact]
    public async Task History_paging_outside_its_bounds_is_400()
    {
        var (client, workspace, conversation) = await ConversationAsync();

        await (await client.GetAsync($"{MessagesUrl(workspace, conversation)}?limit=500")).ShouldBeValidationProblemAsync("limit");
    }

    private async Task<(HttpClient Client, Guid Workspace, Guid Conversation)> ConversationAsync()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var conversation = await member.Client.CreateConversationAsync(workspace);
        return (member.Client, workspace, conversation.Id);
    }
}

[Collection(SqliteServer.Name)]
public sealed class SqliteConversationMessageTests(SqliteApiFactory api) : ConversationMessageTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresConversationMessageTests(PostgresApiFactory api) : ConversationMessageTests(api);
