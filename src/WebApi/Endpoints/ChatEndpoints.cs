using Mediator;
using Planck.Application.Chat.Answering;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;
using Planck.WebApi.Http;

namespace Planck.WebApi.Endpoints;

/// <summary>Questions answered from a workspace's documents: stateless, or as a turn of a conversation.</summary>
public static class ChatEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/workspaces/{workspaceId}/chat", Chat).WithTags("Chat");
        api.MapPost("/workspaces/{workspaceId}/conversations/{conversationId}/messages", PostMessage).WithTags("Conversations");
    }

    /// <summary>One answer; nothing is saved but its cost.</summary>
    public static Task<AnswerResult> Chat(
        Guid workspaceId, ChatRequest? body, ISender sender, ICurrentUser currentUser, AnswerServices services, CancellationToken cancellationToken)
    {
        var question = Question.From(body);
        return StartAsync(
            currentUser, services, question,
            () => sender.Send(new PrepareWorkspaceAnswerQuery(workspaceId, question.Message, question.DocumentIds), cancellationToken));
    }

    /// <summary>An answer with the conversation's earlier turns as context; the question is saved before the model is asked.</summary>
    public static Task<AnswerResult> PostMessage(
        Guid workspaceId, Guid conversationId, ChatRequest? body, ISender sender, ICurrentUser currentUser, AnswerServices services,
        CancellationToken cancellationToken)
    {
        var question = Question.From(body);
        return StartAsync(
            currentUser, services, question,
            () => sender.Send(new PrepareConversationAnswerCommand(workspaceId, conversationId, question.Message, question.DocumentIds), cancellationToken));
    }

    /// <summary>
    /// Takes one of the caller's answer slots before anything is saved (so a refused request leaves nothing behind), and
    /// hands it to the result, which holds it until the answer ends.
    /// </summary>
    private static async Task<AnswerResult> StartAsync(
        ICurrentUser currentUser, AnswerServices services, Question question, Func<ValueTask<PreparedAnswer>> prepare)
    {
        var caller = currentUser.Caller ?? throw new UnauthenticatedException("Invalid or missing API key");
        var slot = services.Limiter.Acquire(caller.UserId);
        try
        {
            var prepared = await prepare();
            return new AnswerResult(services.Answerer, prepared, slot, question.Stream, TimeSpan.FromSeconds(Math.Max(1, services.Settings.KeepAliveSeconds)));
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    private sealed record Question(string Message, IReadOnlyList<Guid>? DocumentIds, bool Stream)
    {
        public static Question From(ChatRequest? body)
        {
            if (body is null)
            {
                throw new RequestValidationException("message", "The body must be JSON with a message, for example {\"message\": \"...\"}.");
            }

            var metadata = body.Settings?.ChatMetadata;
            if (metadata?.Database?.Id is { } databaseId)
            {
                // No database can be connected yet, so any id names something that does not exist.
                throw new NotFoundException($"Database {databaseId} not found.");
            }

            return new Question(body.Message ?? string.Empty, ParseDocumentIds(metadata?.Documents), body.Stream ?? true);
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

/// <summary>What the answering endpoints need besides the mediator, in one parameter.</summary>
public sealed record AnswerServices(ChatAnswerer Answerer, AnswerConcurrencyLimiter Limiter, ChatSettings Settings);
