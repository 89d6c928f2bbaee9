using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Planck.Application.Chat.Conversations;
using Planck.Application.Chat.Conversations.Commands.CreateConversation;
using Planck.Application.Chat.Conversations.Commands.DeleteConversation;
using Planck.Application.Chat.Conversations.Commands.RenameConversation;
using Planck.Application.Chat.Conversations.Queries.GetConversation;
using Planck.Application.Chat.Conversations.Queries.ListConversationMessages;
using Planck.Application.Chat.Conversations.Queries.ListConversations;
using Planck.Application.Common.Paging;

namespace Planck.WebApi.Endpoints;

/// <summary>A member's own conversations in a workspace. Answering a message is the chat endpoints' job.</summary>
public static class ConversationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var conversations = api.MapGroup("/workspaces/{workspaceId}/conversations").WithTags("Conversations");
        conversations.MapPost("", CreateConversation);
        conversations.MapGet("", ListConversations);
        conversations.MapGet("/{conversationId}", GetConversation);
        conversations.MapPatch("/{conversationId}", RenameConversation);
        conversations.MapDelete("/{conversationId}", DeleteConversation);
        conversations.MapGet("/{conversationId}/messages", ListMessages);
    }

    public static async Task<Created<ConversationDto>> CreateConversation(
        Guid workspaceId, NewConversationRequest body, ISender sender, CancellationToken cancellationToken)
    {
        var conversation = await sender.Send(new CreateConversationCommand(workspaceId, body.Name, body.Prompt), cancellationToken);
        return TypedResults.Created($"/api/v1/workspaces/{workspaceId}/conversations/{conversation.Id}", conversation);
    }

    public static async Task<Ok<Page<ConversationDto>>> ListConversations(
        Guid workspaceId, ISender sender, CancellationToken cancellationToken, int? limit = null, int? offset = null) =>
        TypedResults.Ok(await sender.Send(new ListConversationsQuery(workspaceId, limit ?? Paging.DefaultLimit, offset ?? 0), cancellationToken));

    public static async Task<Ok<ConversationDto>> GetConversation(Guid workspaceId, Guid conversationId, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new GetConversationQuery(workspaceId, conversationId), cancellationToken));

    public static async Task<Ok<ConversationDto>> RenameConversation(
        Guid workspaceId, Guid conversationId, RenameConversationRequest body, ISender sender, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sender.Send(new RenameConversationCommand(workspaceId, conversationId, body.Name), cancellationToken));

    public static async Task<NoContent> DeleteConversation(Guid workspaceId, Guid conversationId, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteConversationCommand(workspaceId, conversationId), cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<Page<ConversationMessageDto>>> ListMessages(
        Guid workspaceId, Guid conversationId, ISender sender, CancellationToken cancellationToken, int? limit = null, int? offset = null) =>
        TypedResults.Ok(await sender.Send(
            new ListConversationMessagesQuery(workspaceId, conversationId, limit ?? Paging.DefaultLimit, offset ?? 0), cancellationToken));
}

/// <summary>Exactly one of the two: a name, or a prompt the server names the conversation after.</summary>
public sealed record NewConversationRequest(string? Name, string? Prompt);

public sealed record RenameConversationRequest(string? Name);
