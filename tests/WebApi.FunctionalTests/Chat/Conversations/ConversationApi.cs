using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Planck.Domain.Chat;
using Planck.WebApi.FunctionalTests.Support;

namespace Planck.WebApi.FunctionalTests.Chat.Conversations;

public sealed record ConversationResponse(Guid Id, string Name, Guid WorkspaceId, bool IsOwner, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record MessageResponse(Guid Id, string Role, JsonElement Content, DateTimeOffset CreatedAt, int CreditsConsumed, bool Complete);

/// <summary>The conversation routes as a test calls them.</summary>
public static class ConversationApi
{
    public static string ConversationsUrl(Guid workspaceId) => $"/api/v1/workspaces/{workspaceId}/conversations";

    public static string ConversationUrl(Guid workspaceId, Guid conversationId) => $"{ConversationsUrl(workspaceId)}/{conversationId}";

    public static string MessagesUrl(Guid workspaceId, Guid conversationId) => $"{ConversationUrl(workspaceId, conversationId)}/messages";

    public static async Task<ConversationResponse> CreateConversationAsync(this HttpClient client, Guid workspaceId, string name = "Planning") =>
        await (await client.PostAsJsonAsync(ConversationsUrl(workspaceId), new { name })).ShouldBeAsync<ConversationResponse>(HttpStatusCode.Created);

    /// <summary>Saves messages straight into the database: answering is another endpoint's job, and history must be testable without a model.</summary>
    public static Task AddMessagesAsync(this PlanckApiFactory api, params ChatMessage[] messages) =>
        api.QueryDatabaseAsync(db =>
        {
            db.ChatMessages.AddRange(messages);
            return db.SaveChangesAsync();
        });

    /// <summary>A text block array as the answering pipeline stores it.</summary>
    public static string TextContent(string text) => JsonSerializer.Serialize(new[] { new { type = "text", text } });
}
