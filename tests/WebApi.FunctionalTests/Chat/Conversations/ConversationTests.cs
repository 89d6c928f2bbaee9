using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Planck.Domain.Chat;
using Planck.WebApi.FunctionalTests.Support;
using static Planck.WebApi.FunctionalTests.Chat.Conversations.ConversationApi;

namespace Planck.WebApi.FunctionalTests.Chat.Conversations;

public abstract class ConversationTests(PlanckApiFactory api)
{
    [Fact]
    public async Task A_member_creates_a_named_conversation_and_finds_it_at_its_location()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        var response = await member.Client.PostAsJsonAsync(ConversationsUrl(workspace), new { name = "  Quarterly   planning " });

        var created = await response.ShouldBeAsync<ConversationResponse>(HttpStatusCode.Created);
        created.Name.ShouldBe("Quarterly planning");
        created.WorkspaceId.ShouldBe(workspace);
        created.IsOwner.ShouldBeTrue();
        created.UpdatedAt.ShouldBe(created.CreatedAt);
        response.Headers.Location!.ToString().ShouldBe(ConversationUrl(workspace, created.Id));
        var found = await (await member.Client.GetAsync(response.Headers.Location)).ShouldBeAsync<ConversationResponse>(HttpStatusCode.OK);
        found.ShouldBe(created);
        var owner = await api.QueryDatabaseAsync(db => db.Conversations.Where(c => c.Id == created.Id).Select(c => c.OwnerId).SingleAsync());
        owner.ShouldBe(member.Id);
    }

    [Fact]
    public async Task The_conversation_json_has_the_contract_fields()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        var names = await (await member.Client.PostAsJsonAsync(ConversationsUrl(workspace), new { name = "Fields" })).ReadPropertyNamesAsync();

        names.ShouldBe(["created_at", "id", "is_owner", "name", "updated_at", "workspace_id"]);
    }

    [Fact]
    public async Task Without_a_model_a_prompt_names_the_conversation_after_its_first_words_and_is_not_saved()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        const string prompt = "What did the board decide about the new office lease in Lyon last spring?";

        var created = await (await member.Client.PostAsJsonAsync(ConversationsUrl(workspace), new { prompt })).ShouldBeAsync<ConversationResponse>(HttpStatusCode.Created);

        created.Name.ShouldBe("What did the board decide about the new…");
        var messages = await api.QueryDatabaseAsync(db => db.ChatMessages.CountAsync(m => m.ConversationId == created.Id));
        messages.ShouldBe(0);
    }

    [Fact]
    public async Task A_short_prompt_becomes_the_whole_name()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        var created = await (await member.Client.PostAsJsonAsync(ConversationsUrl(workspace), new { prompt = "Lease terms\nin Lyon" }))
            .ShouldBeAsync<ConversationResponse>(HttpStatusCode.Created);

        created.Name.ShouldBe("Lease terms in Lyon");
    }

    [Theory]
    [InlineData("""{}""", "body")]
    [InlineData("""{"name": "A", "prompt": "B"}""", "body")]
    [InlineData("""{"name": "   "}""", "name")]
    [InlineData("""{"prompt": ""}""", "prompt")]
    [InlineData("""{"name": null, "prompt": null}""", "body")]
    public async Task A_create_request_needs_exactly_one_non_blank_name_or_prompt(string body, string field)
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        await (await member.Client.SendRawAsync(HttpMethod.Post, ConversationsUrl(workspace), body)).ShouldBeValidationProblemAsync(field);

        (await ConversationCountAsync(workspace)).ShouldBe(0);
    }

    [Fact]
    public async Task Names_over_200_characters_and_prompts_over_32000_are_refused()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        var longName = await (await member.Client.PostAsJsonAsync(ConversationsUrl(workspace), new { name = new string('n', 201) })).ShouldBeValidationProblemAsync("name");
        var longPrompt = await (await member.Client.PostAsJsonAsync(ConversationsUrl(workspace), new { prompt = new string('p', 32_001) })).ShouldBeValidationProblemAsync("prompt");

        longName.Detail.ShouldContain("200");
        longPrompt.Detail.ShouldContain("32,000");
        await (await member.Client.PostAsJsonAsync(ConversationsUrl(workspace), new { name = new string('n', 200) })).ShouldBeAsync<ConversationResponse>(HttpStatusCode.Created);
        await (await member.Client.PostAsJsonAsync(ConversationsUrl(workspace), new { prompt = "word " + new string('p', 31_990) })).ShouldBeAsync<ConversationResponse>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Malformed_json_and_a_malformed_workspace_id_are_400_with_a_readable_detail()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        var malformed = await (await member.Client.SendRawAsync(HttpMethod.Post, ConversationsUrl(workspace), "not json")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var wrongType = await (await member.Client.SendRawAsync(HttpMethod.Post, ConversationsUrl(workspace), """{"name": 5}""")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var badId = await (await member.Client.GetAsync("/api/v1/workspaces/not-a-uuid/conversations")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        malformed.Detail.ShouldContain("JSON");
        wrongType.Detail.ShouldContain("name");
        badId.Detail.ShouldContain("workspace_id");
    }

    [Fact]
    public async Task The_list_shows_the_callers_conversations_newest_first_and_pages()
    {
        var member = await api.CreateUserAsync();
        var colleague = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id, colleague.Id);
        var otherWorkspace = await api.CreateWorkspaceAsync(null, member.Id);
        var created = new List<ConversationResponse>();
        foreach (var name in (string[])["First", "Second", "Third"])
        {
            created.Add(await member.Client.CreateConversationAsync(workspace, name));
        }

        await colleague.Client.CreateConversationAsync(workspace, "Colleague's");
        await member.Client.CreateConversationAsync(otherWorkspace, "Elsewhere");

        var all = await (await member.Client.GetAsync(ConversationsUrl(workspace))).ShouldBeAsync<ListResponse<ConversationResponse>>(HttpStatusCode.OK);
        var firstPage = await (await member.Client.GetAsync($"{ConversationsUrl(workspace)}/?limit=2")).ShouldBeAsync<ListResponse<ConversationResponse>>(HttpStatusCode.OK);
        var secondPage = await (await member.Client.GetAsync($"{ConversationsUrl(workspace)}?limit=2&offset=2")).ShouldBeAsync<ListResponse<ConversationResponse>>(HttpStatusCode.OK);

        all.Data.Select(c => c.Name).ShouldBe(["Third", "Second", "First"]);
        all.Count.ShouldBe(3);
        all.Data.ShouldAllBe(c => c.IsOwner && c.WorkspaceId == workspace);
        firstPage.Data.Select(c => c.Id).ShouldBe([created[2].Id, created[1].Id]);
        firstPage.Count.ShouldBe(3);
        secondPage.Data.Select(c => c.Id).ShouldBe([created[0].Id]);
        secondPage.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("offset=-1", "offset")]
    public async Task Paging_outside_its_bounds_is_400(string query, string field)
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        await (await member.Client.GetAsync($"{ConversationsUrl(workspace)}?{query}")).ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task The_owner_renames_a_conversation_and_its_update_time_moves()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var conversation = await member.Client.CreateConversationAsync(workspace, "Old name");

        var renamed = await (await member.Client.PatchAsJsonAsync(ConversationUrl(workspace, conversation.Id) + "/", new { name = " New   name " }))
            .ShouldBeAsync<ConversationResponse>(HttpStatusCode.OK);

        renamed.Name.ShouldBe("New name");
        renamed.Id.ShouldBe(conversation.Id);
        renamed.CreatedAt.ShouldBe(conversation.CreatedAt);
        renamed.UpdatedAt.ShouldBeGreaterThan(conversation.UpdatedAt);
        (await (await member.Client.GetAsync(ConversationUrl(workspace, conversation.Id))).ShouldBeAsync<ConversationResponse>(HttpStatusCode.OK)).Name.ShouldBe("New name");
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"name": ""}""")]
    [InlineData("""{"name": "  "}""")]
    public async Task A_rename_needs_a_non_blank_name(string body)
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var conversation = await member.Client.CreateConversationAsync(workspace, "Kept");

        var problem = await (await member.Client.SendRawAsync(HttpMethod.Patch, ConversationUrl(workspace, conversation.Id), body)).ShouldBeValidationProblemAsync("name");

        problem.Errors!["name"].ShouldHaveSingleItem();
        (await (await member.Client.GetAsync(ConversationUrl(workspace, conversation.Id))).ShouldBeAsync<ConversationResponse>(HttpStatusCode.OK)).Name.ShouldBe("Kept");
    }

    [Fact]
    public async Task Deleting_a_conversation_removes_it_and_its_messages_but_not_its_usage()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var conversation = await member.Client.CreateConversationAsync(workspace, "Doomed");
        var kept = await member.Client.CreateConversationAsync(workspace, "Kept");
        var now = DateTimeOffset.UtcNow;
        var answer = ChatMessage.FromAssistant(Guid.CreateVersion7(now), conversation.Id, "Hi", TextContent("Hi"), 1, true, now);
        await api.AddMessagesAsync(
            ChatMessage.FromUser(conversation.Id, "Hello", TextContent("Hello"), now),
            answer,
            ChatMessage.FromUser(kept.Id, "Still here", TextContent("Still here"), now));
        await api.QueryDatabaseAsync(db =>
        {
            db.UsageEntries.Add(UsageEntry.ForAnswer(member.Id, workspace, answer.Id, 100, 20, now));
            return db.SaveChangesAsync();
        });

        var response = await member.Client.DeleteAsync(ConversationUrl(workspace, conversation.Id));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var problem = await (await member.Client.GetAsync(ConversationUrl(workspace, conversation.Id))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.Detail.ShouldBe("Conversation not found.");
        await (await member.Client.DeleteAsync(ConversationUrl(workspace, conversation.Id))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await api.QueryDatabaseAsync(db => db.ChatMessages.CountAsync(m => m.ConversationId == conversation.Id))).ShouldBe(0);
        (await api.QueryDatabaseAsync(db => db.ChatMessages.CountAsync(m => m.ConversationId == kept.Id))).ShouldBe(1);
        (await api.QueryDatabaseAsync(db => db.UsageEntries.CountAsync(u => u.MessageId == answer.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task A_conversation_that_never_existed_is_404_with_the_same_detail()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);

        var problem = await (await member.Client.GetAsync(ConversationUrl(workspace, Guid.NewGuid()))).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.Detail.ShouldBe("Conversation not found.");
    }

    [Fact]
    public async Task Deleting_a_workspace_deletes_its_conversations()
    {
        var member = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, member.Id);
        var conversation = await member.Client.CreateConversationAsync(workspace);

        (await api.Admin.DeleteAsync($"/api/v1/admin/workspaces/{workspace}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await api.QueryDatabaseAsync(db => db.Conversations.CountAsync(c => c.Id == conversation.Id))).ShouldBe(0);
    }

    private Task<int> ConversationCountAsync(Guid workspace) =>
        api.QueryDatabaseAsync(db => db.Conversations.CountAsync(c => c.WorkspaceId == workspace));
}

[Collection(SqliteServer.Name)]
public sealed class SqliteConversationTests(SqliteApiFactory api) : ConversationTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresConversationTests(PostgresApiFactory api) : ConversationTests(api);
