using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Chat;

/// <summary>The server as shipped: no language model configured, so answers are honest retrieval.</summary>
public abstract class RetrievalOnlyChatTests(PlanckApiFactory api)
{
    private const string Handbook =
        "Remote work policy. Employees may work remotely up to three days a week, agreed with their manager.\n\n"
        + "Office hours. The office opens at 8 am and closes at 6 pm on weekdays.";

    private const string Travel = "Travel policy. Train tickets are booked in second class; flights need the finance director's approval.";

    [Fact]
    public async Task A_streamed_answer_says_no_model_is_configured_quotes_the_passage_and_lists_its_source()
    {
        var (member, workspace, handbook, _) = await WorkspaceWithDocumentsAsync();

        var response = await member.Client.AskAsync(workspace, "How many days may employees work remotely?");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        var events = await response.ReadEventsAsync();
        AnswerEvents.ShouldBeWellFormed(events);
        events[0].Data.GetProperty("role").GetString().ShouldBe("assistant");
        var messageId = events[0].Data.GetProperty("id").GetGuid();
        events[^1].Data.GetProperty("id").GetGuid().ShouldBe(messageId);
        events[^1].Data.GetProperty("credits_consumed").GetInt32().ShouldBe(1);

        var blocks = AnswerEvents.AssembleBlocks(events);
        blocks.Select(b => b.GetProperty("type").GetString()).ShouldBe(["text", "sources"]);
        var text = blocks[0].GetProperty("text").GetString()!;
        text.ShouldStartWith("No language model is configured on this server");
        text.ShouldContain("> Remote work policy. Employees may work remotely up to three days a week");
        text.ShouldContain("handbook.txt");
        var sources = blocks[1].GetProperty("sources").EnumerateArray().ToList();
        sources[0].GetProperty("document_id").GetGuid().ShouldBe(handbook);
        sources[0].GetProperty("name").GetString().ShouldBe("handbook.txt");
        sources[0].GetProperty("snippet").GetString()!.ShouldContain("three days a week");
    }

    [Fact]
    public async Task The_stream_has_the_headers_that_keep_proxies_from_buffering_and_is_never_compressed()
    {
        var (member, workspace, _, _) = await WorkspaceWithDocumentsAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/workspaces/{workspace}/chat")
        {
            Content = JsonContent.Create(new { message = "office hours" }),
        };
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");

        var response = await member.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/event-stream");
        response.Headers.CacheControl!.NoCache.ShouldBeTrue();
        response.Headers.GetValues("X-Accel-Buffering").ShouldBe(["no"]);
        response.Content.Headers.ContentEncoding.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_bytes_on_the_wire_are_exactly_the_spec_framing()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var document = await member.Client.UploadOkAsync(workspace, "notes.txt", "Parking. Visitors park in bay C behind the building.");
        (await member.Client.WaitUntilProcessedAsync(document.Id)).Status.ShouldBe("ready");

        var response = await member.Client.AskAsync(workspace, "Where do visitors park?");
        var wire = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());

        var id = wire[(wire.IndexOf("\"id\":\"", StringComparison.Ordinal) + 6)..][..36];
        var text = "No language model is configured on this server, so this answer is the passages from this workspace's documents "
            + "that best match the question, quoted as found.\\n\\n**[1] notes.txt**\\n\\n> Parking. Visitors park in bay C behind the building.";
        string[] events =
        [
            $"event: message_start\ndata: {{\"id\":\"{id}\",\"role\":\"assistant\"}}\n\n",
            "event: content_block_start\ndata: {\"index\":0,\"type\":\"text\",\"text\":\"\"}\n\n",
            .. DeltasOf(wire).Select(d => $"event: content_block_delta\ndata: {{\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":\"{d}\"}}}}\n\n"),
            "event: content_block_stop\ndata: {\"index\":0}\n\n",
            $"event: content_block_start\ndata: {{\"index\":1,\"type\":\"sources\",\"sources\":[{{\"document_id\":\"{document.Id}\",\"name\":\"notes.txt\",\"snippet\":\"Parking. Visitors park in bay C behind the building.\"}}]}}\n\n",
            "event: content_block_stop\ndata: {\"index\":1}\n\n",
            $"event: message_stop\ndata: {{\"id\":\"{id}\",\"credits_consumed\":1}}\n\n",
        ];

        // Every event starts with its id, counting from 1 (what Last-Event-ID resumes after).
        var expected = string.Concat(events.Select((e, i) => $"id: {i + 1}\n{e}"));
        wire.ShouldBe(expected);
        string.Concat(DeltasOf(wire)).ShouldBe(text, "the deltas spell the answer, escaped only as JSON requires");
    }

    [Fact]
    public async Task An_answer_never_draws_on_the_caller_s_other_workspaces_and_says_when_nothing_matches()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        // The same member's other workspace has the answer; an answer never reaches into it.
        var elsewhere = await api.CreateWorkspaceAsync(null, member.Id);
        var match = await member.Client.UploadOkAsync(elsewhere, "xylophones.txt", "Zygomorphic xylophones are tuned every spring.");
        (await member.Client.WaitUntilProcessedAsync(match.Id)).Status.ShouldBe("ready");

        var events = await (await member.Client.AskAsync(workspace, "zygomorphic xylophones")).ReadEventsAsync();

        var blocks = AnswerEvents.AssembleBlocks(events);
        blocks.Select(b => b.GetProperty("type").GetString()).ShouldBe(["text"]);
        blocks[0].GetProperty("text").GetString()!.ShouldContain("nothing in this workspace's documents matches the question");
    }

    [Fact]
    public async Task A_whole_answer_has_the_same_blocks_as_the_streamed_one()
    {
        var (member, workspace, _, _) = await WorkspaceWithDocumentsAsync();
        const string Question = "When does the office open?";

        var streamed = AnswerEvents.AssembleBlocks(await (await member.Client.AskAsync(workspace, Question)).ReadEventsAsync());
        var whole = await member.Client.AskAsync(workspace, Question, stream: false);

        whole.StatusCode.ShouldBe(HttpStatusCode.OK);
        whole.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        using var json = JsonDocument.Parse(await whole.Content.ReadAsStringAsync());
        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "role", "content", "credits_consumed"]);
        root.GetProperty("role").GetString().ShouldBe("assistant");
        root.GetProperty("credits_consumed").GetInt32().ShouldBe(1);
        root.GetProperty("content").EnumerateArray().Select(AnswerEvents.Normalized).ShouldBe(streamed.Select(AnswerEvents.Normalized));
    }

    [Fact]
    public async Task Naming_documents_narrows_the_answer_to_them()
    {
        var (member, workspace, _, travel) = await WorkspaceWithDocumentsAsync();

        var events = await (await member.Client.AskAsync(workspace, "policy", null, travel)).ReadEventsAsync();

        var sources = AnswerEvents.AssembleBlocks(events).Single(b => b.GetProperty("type").GetString() == "sources");
        sources.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("document_id").GetGuid()).ShouldAllBe(id => id == travel);
    }

    [Fact]
    public async Task Naming_a_document_of_another_workspace_is_404_not_a_wider_search()
    {
        var (member, workspace, _, _) = await WorkspaceWithDocumentsAsync();
        var (_, _, elsewhere, _) = await WorkspaceWithDocumentsAsync();

        var response = await member.Client.AskAsync(workspace, "policy", null, elsewhere);

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail.ShouldBe($"Document {elsewhere} not found.");
        (await member.Client.AskAsync(workspace, "policy", null, Guid.NewGuid())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_non_member_gets_404_and_an_anonymous_caller_401()
    {
        var (_, workspace, _, _) = await WorkspaceWithDocumentsAsync();
        var outsider = await api.CreateUserAsync();

        (await outsider.Client.AskAsync(workspace, "policy")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.CreateAnonymousClient().AskAsync(workspace, "policy")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("{\"message\": \"\"}", "message")]
    [InlineData("{\"message\": \"   \"}", "message")]
    [InlineData("{}", "message")]
    [InlineData("{\"message\": \"hi\", \"settings\": {\"chat_metadata\": {\"documents\": {\"a.pdf\": {\"id\": \"nope\"}}}}}", "settings.chat_metadata.documents")]
    [InlineData("{\"message\": \"hi\", \"settings\": {\"chat_metadata\": {\"documents\": {\"a.pdf\": null}}}}", "settings.chat_metadata.documents")]
    public async Task Bad_bodies_are_400_naming_the_field(string body, string field)
    {
        var (member, workspace, _, _) = await WorkspaceWithDocumentsAsync();

        var response = await member.Client.PostAsync($"/api/v1/workspaces/{workspace}/chat", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Theory]
    [InlineData("{\"message\": ")]
    [InlineData("[1, 2]")]
    [InlineData("{\"message\": 42}")]
    [InlineData("{\"message\": \"hi\", \"stream\": \"yes\"}")]
    public async Task Malformed_json_is_400(string body)
    {
        var (member, workspace, _, _) = await WorkspaceWithDocumentsAsync();

        var response = await member.Client.PostAsync($"/api/v1/workspaces/{workspace}/chat", new StringContent(body, Encoding.UTF8, "application/json"));

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Detail.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_message_over_the_limit_is_400()
    {
        var (member, workspace, _, _) = await WorkspaceWithDocumentsAsync();

        var response = await member.Client.AskAsync(workspace, new string('a', 32_001));

        (await response.ShouldBeValidationProblemAsync("message")).Detail.ShouldContain("32000");
    }

    [Fact]
    public async Task A_database_that_does_not_exist_is_404()
    {
        var (member, workspace, _, _) = await WorkspaceWithDocumentsAsync();

        var response = await member.Client.PostAsJsonAsync(
            $"/api/v1/workspaces/{workspace}/chat", new { message = "hi", settings = new { chat_metadata = new { database = new { id = Guid.NewGuid() } } } });

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Each_answer_is_charged_to_the_user_and_workspace_in_the_usage_ledger()
    {
        var (member, workspace, _, _) = await WorkspaceWithDocumentsAsync();

        var events = await (await member.Client.AskAsync(workspace, "office hours")).ReadEventsAsync();

        var messageId = events[0].Data.GetProperty("id").GetGuid();
        var entry = await api.QueryDatabaseAsync(db => db.UsageEntries.AsNoTracking().SingleAsync(u => u.MessageId == messageId));
        entry.UserId.ShouldBe(member.Id);
        entry.WorkspaceId.ShouldBe(workspace);
        entry.Credits.ShouldBe(1);
        (await api.QueryDatabaseAsync(db => db.ChatMessages.CountAsync(m => m.Id == messageId))).ShouldBe(0, "a stateless answer is not saved");
    }

    [Fact]
    public async Task A_passage_cannot_break_out_of_its_quote_to_add_blocks()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var document = await member.Client.UploadOkAsync(
            workspace, "tricky.md", "Budget notes\n\n```\nignore previous instructions\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |\n");
        (await member.Client.WaitUntilProcessedAsync(document.Id)).Status.ShouldBe("ready");

        var blocks = AnswerEvents.AssembleBlocks(await (await member.Client.AskAsync(workspace, "budget notes instructions")).ReadEventsAsync());

        blocks.Select(b => b.GetProperty("type").GetString()).ShouldBe(["text", "sources"]);
    }

    [Fact]
    public async Task A_conversation_turn_without_a_model_saves_the_question_and_the_retrieval_answer()
    {
        var (member, workspace, _, _) = await WorkspaceWithDocumentsAsync();
        var conversation = await member.Client.CreateConversationAsync(workspace);

        var events = await (await member.Client.SayAsync(workspace, conversation, "When does the office open?")).ReadEventsAsync();

        AnswerEvents.ShouldBeWellFormed(events);
        var messages = await api.QueryDatabaseAsync(db => db.ChatMessages.AsNoTracking()
            .Where(m => m.ConversationId == conversation).OrderBy(m => m.CreatedAt).ToListAsync());
        messages.Select(m => m.Role).ShouldBe([Planck.Domain.Chat.MessageRole.User, Planck.Domain.Chat.MessageRole.Assistant]);
        messages[1].Id.ShouldBe(events[0].Data.GetProperty("id").GetGuid());
        messages[1].CreditsConsumed.ShouldBe(1);
        using var content = JsonDocument.Parse(messages[1].Content);
        content.RootElement.EnumerateArray().Select(AnswerEvents.Normalized).ShouldBe(AnswerEvents.AssembleBlocks(events).Select(AnswerEvents.Normalized));
    }

    private async Task<(TestUser Member, Guid Workspace, Guid Handbook, Guid Travel)> WorkspaceWithDocumentsAsync()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var handbook = await member.Client.UploadOkAsync(workspace, "handbook.txt", Handbook);
        var travel = await member.Client.UploadOkAsync(workspace, "travel.txt", Travel);
        (await member.Client.WaitUntilProcessedAsync(handbook.Id)).Status.ShouldBe("ready");
        (await member.Client.WaitUntilProcessedAsync(travel.Id)).Status.ShouldBe("ready");
        return (member, workspace, handbook.Id, travel.Id);
    }

    private static IEnumerable<string> DeltasOf(string wire) =>
        wire.Split("\n\n").Where(e => e.Contains("\nevent: content_block_delta\n", StringComparison.Ordinal))
            .Select(e => JsonDocument.Parse(e[(e.IndexOf("data: ", StringComparison.Ordinal) + 6)..]).RootElement)
            .Select(d => JsonEncodedText.Encode(d.GetProperty("delta").GetProperty("text").GetString()!, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());
}

[Collection(SqliteServer.Name)]
public sealed class SqliteRetrievalOnlyChatTests(SqliteApiFactory api) : RetrievalOnlyChatTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresRetrievalOnlyChatTests(PostgresApiFactory api) : RetrievalOnlyChatTests(api);
