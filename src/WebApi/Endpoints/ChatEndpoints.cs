using Mediator;
using Planck.Application.Chat.Answering;
using Planck.Application.Common.Exceptions;
using Planck.WebApi.Http;

namespace Planck.WebApi.Endpoints;

/// <summary>Questions answered from a workspace's documents and databases: stateless, or as a turn of a conversation.</summary>
public static class ChatEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/workspaces/{workspaceId}/chat", Chat).WithTags("Chat");
        api.MapPost("/workspaces/{workspaceId}/conversations/{conversationId}/messages", PostMessage).WithTags("Conversations");
    }

    /// <summary>One answer; nothing is saved but its cost.</summary>
    public static Task<AnswerResult> Chat(Guid workspaceId, ChatRequest? body, ISender sender, ChatSettings settings, CancellationToken cancellationToken)
    {
        var question = Question.From(body);
        return AnswerResult.StartAsync(
            sender.CreateStream(new AskWorkspaceQuestion(workspaceId, question.Message, question.DocumentIds, question.DatabaseId), cancellationToken),
            question.Stream, settings, cancellationToken);
    }

    /// <summary>An answer with the conversation's earlier turns as context; the question is saved before the model is asked.</summary>
    public static Task<AnswerResult> PostMessage(
        Guid workspaceId, Guid conversationId, ChatRequest? body, ISender sender, ChatSettings settings, CancellationToken cancellationToken)
    {
        var question = Question.From(body);
        return AnswerResult.StartAsync(
            sender.CreateStream(
                new AskConversationQuestion(workspaceId, conversationId, question.Message, question.DocumentIds, question.DatabaseId), cancellationToken),
            question.Stream, settings, cancellationToken);
    }

    private sealed record Question(string Message, IReadOnlyList<Guid>? DocumentIds, Guid? DatabaseId, bool Stream)
    {
        public static Question From(ChatRequest? body)
        {
            if (body is null)
            {
                throw new RequestValidationException("message", "The body must be JSON with a message, for example {\"message\": \"...\"}.");
            }

            var metadata = body.Settings?.ChatMetadata;
            return new Question(body.Message ?? string.Empty, ParseDocumentIds(metadata?.Documents), ParseDatabaseId(metadata?.Database), body.Stream ?? true);
        }

        private static Guid? ParseDatabaseId(ChatReference? database)
        {
            if (database?.Id is not { } id)
            {
                return null;
            }

            // An id that is not a database id names nothing, exactly like an id outside the workspace.
            return Guid.TryParse(id, out var databaseId) ? databaseId : throw new NotFoundException($"Database {id} not found.");
        }

        private static List<Guid>? ParseDocumentIds(Dictionary<string, ChatReference?>? documents)
        {
            if (documents is null)
            {
                return null;
            }

            var ids = new List<Guid>(documents.Count);
            foreach (var (name, reference) in documents)
            {
                if (!Guid.TryParse(reference?.Id, out var id))
                {
                    throw new RequestValidationException(
                        "settings.chat_metadata.documents", $"The document \"{name}\" needs an \"id\" that is a document id.");
                }

                ids.Add(id);
            }

            return ids;
        }
    }
}
