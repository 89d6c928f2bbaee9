using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Planck.WebApi.FunctionalTests.Support;
using static Planck.WebApi.FunctionalTests.Chat.Conversations.ConversationApi;

namespace Planck.WebApi.FunctionalTests.Chat.Conversations;

/// <summary>A conversation is private to its owner: everyone else is told it does not exist, whatever they try.</summary>
public abstract class ConversationIsolationTests(PlanckApiFactory api)
{
    private const string ConversationNotFound = "Conversation not found.";
    private const string WorkspaceNotFound = "Workspace not found.";

    [Fact]
    public async Task Another_member_of_the_workspace_gets_404_for_every_route()
    {
        var (workspace, conversation) = await OwnedConversationAsync();
        var colleague = await api.CreateUserAsync();
        await AddMemberAsync(workspace, colleague.Id);

        await EveryRouteShouldBeNotFoundAsync(colleague.Client, workspace, conversation, ConversationNotFound);
        (await (await colleague.Client.GetAsync(ConversationsUrl(workspace))).ShouldBeAsync<ListResponse<ConversationResponse>>(HttpStatusCode.OK)).Count.ShouldBe(0);
    }

    [Fact]
    public async Task An_admin_gets_404_for_every_route_although_they_see_the_workspace()
    {
        var (workspace, conversation) = await OwnedConversationAsync();

        await EveryRouteShouldBeNotFoundAsync(api.Admin, workspace, conversation, ConversationNotFound);
        (await (await api.Admin.GetAsync(ConversationsUrl(workspace))).ShouldBeAsync<ListResponse<ConversationResponse>>(HttpStatusCode.OK)).Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_non_member_is_told_only_that_the_workspace_is_not_found()
    {
        var (workspace, conversation) = await OwnedConversationAsync();
        var outsider = await api.CreateUserAsync();

        await EveryRouteShouldBeNotFoundAsync(outsider.Client, workspace, conversation, WorkspaceNotFound);
        (await (await outsider.Client.GetAsync(ConversationsUrl(workspace))).ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail.ShouldBe(WorkspaceNotFound);
        (await (await outsider.Client.PostAsJsonAsync(ConversationsUrl(workspace), new { name = "Sneaky" })).ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail.ShouldBe(WorkspaceNotFound);
    }

    [Fact]
    public async Task The_owner_gets_404_when_naming_the_conversation_under_another_workspace()
    {
        var owner = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, owner.Id);
        var otherWorkspace = await api.CreateWorkspaceAsync(null, owner.Id);
        var conversation = (await owner.Client.CreateConversationAsync(workspace)).Id;

        await EveryRouteShouldBeNotFoundAsync(owner.Client, otherWorkspace, conversation, ConversationNotFound);
        (await (await owner.Client.GetAsync(ConversationUrl(workspace, conversation))).ShouldBeAsync<ConversationResponse>(HttpStatusCode.OK)).Name.ShouldBe("Planning");
    }

    [Fact]
    public async Task A_member_removed_from_the_workspace_loses_their_own_conversations_too()
    {
        var (workspace, conversation, owner) = await OwnedConversationWithOwnerAsync();

        (await api.Admin.DeleteAsync($"/api/v1/admin/workspaces/{workspace}/members/{owner.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await EveryRouteShouldBeNotFoundAsync(owner.Client, workspace, conversation, WorkspaceNotFound);
    }

    /// <summary>Get, rename, delete and the history all refuse alike, and nothing changed behind the refusals.</summary>
    private async Task EveryRouteShouldBeNotFoundAsync(HttpClient client, Guid workspace, Guid conversation, string detail)
    {
        var responses = new[]
        {
            await client.GetAsync(ConversationUrl(workspace, conversation)),
            await client.PatchAsJsonAsync(ConversationUrl(workspace, conversation), new { name = "Taken over" }),
            await client.GetAsync(MessagesUrl(workspace, conversation)),
            await client.DeleteAsync(ConversationUrl(workspace, conversation)),
        };

        foreach (var response in responses)
        {
            (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail.ShouldBe(detail);
        }

        var stored = await api.QueryDatabaseAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == conversation));
        stored.Name.ShouldBe("Planning");
    }

    private async Task<(Guid Workspace, Guid Conversation)> OwnedConversationAsync()
    {
        var (workspace, conversation, _) = await OwnedConversationWithOwnerAsync();
        return (workspace, conversation);
    }

    private async Task<(Guid Workspace, Guid Conversation, TestUser Owner)> OwnedConversationWithOwnerAsync()
    {
        var owner = await api.CreateUserAsync();
        var workspace = await api.CreateWorkspaceAsync(null, owner.Id);
        var conversation = await owner.Client.CreateConversationAsync(workspace);
        return (workspace, conversation.Id, owner);
    }

    private async Task AddMemberAsync(Guid workspace, Guid userId) =>
        (await api.Admin.PostAsJsonAsync($"/api/v1/admin/workspaces/{workspace}/members", new { user_ids = new[] { userId } })).EnsureSuccessStatusCode();
}

[Collection(SqliteServer.Name)]
public sealed class SqliteConversationIsolationTests(SqliteApiFactory api) : ConversationIsolationTests(api);

[Collection(PostgresServer.Name)]
public sealed class PostgresConversationIsolationTests(PostgresApiFactory api) : ConversationIsolationTests(api);
