using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using Planck.Application.Chat.Answering;
using Planck.Application.Chat.Resuming;
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
        api.MapGet("/workspaces/{workspaceId}/chat/streams/{messageId}", ResumeChat).WithTags("Chat");
        api.MapGet("/workspaces/{workspaceId}/conversations/{conversationId}/messages/{messageId}/stream", ResumeMessage).WithTags("Conversations");
        api.MapPost("/workspaces/{workspaceId}/chat/streams/{messageId}/stop", StopAnswer).WithTags("Chat");
    }

    /// <summary>
    /// Stops an answer in progress, stateless or in a conversation, on whichever node runs it: the asker's only. It is
    /// saved as it stands (incomplete) and its stream ends with <c>message_stop</c>; an answer already ended is left as it is.
    /// </summary>
    public static async Task<NoContent> StopAnswer(Guid workspaceId, Guid messageId, ISender sender, CancellationToken cancellationToken)
    {
        await sender.Send(new StopAnswerCommand(workspaceId, messageId), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// The token an answer runs under: it outlives the request by <see cref="ChatSettings.ContinueAfterDisconnectSeconds"/>
    /// once the client has left, so a client that resumes gets the rest live, and ends with the server. Disposed with the response.
    /// </summary>
    private static CancellationToken AnswerToken(HttpContext httpContext, ChatSettings settings)
    {
        var lifetime = httpContext.RequestServices.GetRequiredService<IHostApplicationLifetime>();
        var answer = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        var grace = TimeSpan.FromSeconds(settings.ContinueAfterDisconnectSeconds);
        var left = httpContext.RequestAborted.Register(() =>
        {
            try
            {
                if (grace == TimeSpan.Zero)
                {
                    answer.Cancel();
                }
                else
                {
                    answer.CancelAfter(grace);
                }
            }
            catch (ObjectDisposedException)
            {
                // The response completed first: the answer is over.
            }
        });
        httpContext.Response.RegisterForDispose(left);
        httpContext.Response.RegisterForDispose(answer);
        return answer.Token;
    }

    /// <summary>A stateless answer's stream again, after the <c>Last-Event-ID</c> header (or <c>last_event_id</c>), for as long as it is kept.</summary>
    public static Task<ResumedAnswerResult> ResumeChat(
        Guid workspaceId, Guid messageId, HttpContext httpContext, ISender sender, ChatSettings settings, CancellationToken cancellationToken) =>
        ResumedAnswerResult.StartAsync(
            sender.CreateStream(new ResumeWorkspaceAnswer(workspaceId, messageId, LastEventId(httpContext.Request)), cancellationToken),
            settings, cancellationToken);

    /// <summary>A conversation answer's stream again, after the <c>Last-Event-ID</c> header (or <c>last_event_id</c>): the owner's only.</summary>
    public static Task<ResumedAnswerResult> ResumeMessage(
        Guid workspaceId, Guid conversationId, Guid messageId, HttpContext httpContext, ISender sender, ChatSettings settings,
        CancellationToken cancellationToken) =>
        ResumedAnswerResult.StartAsync(
            sender.CreateStream(new ResumeConversationAnswer(workspaceId, conversationId, messageId, LastEventId(httpContext.Request)), cancellationToken),
            settings, cancellationToken);

    /// <summary>The id of the last event the client has, 0 (from the start) when it sends none.</summary>
    private static int LastEventId(HttpRequest request)
    {
        var value = request.Headers["Last-Event-ID"].ToString();
        if (value.Length == 0)
        {
            value = request.Query["last_event_id"].ToString();
        }

        if (value.Length == 0)
        {
            return 0;
        }

        return int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new RequestValidationException(
                "Last-Event-ID", $"Last-Event-ID must be the id of an event of this answer's stream (a whole number from 0), not \"{Truncated(value)}\".");
    }

    private static string Truncated(string value) => value.Length <= 40 ? value : value[..40] + "…";

    /// <summary>One answer; nothing is saved but its cost.</summary>
    public static Task<AnswerResult> Chat(Guid workspaceId, ChatRequest? body, HttpContext httpContext, ISender sender, ChatSettings settings)
    {
        var question = Question.From(body);
        var answerToken = AnswerToken(httpContext, settings);
        return AnswerResult.StartAsync(
            sender.CreateStream(new AskWorkspaceQuestion(workspaceId, question.Message, question.DocumentIds, question.DatabaseId), answerToken),
            question.Stream, settings, answerToken);
    }

    /// <summary>An answer with the conversation's earlier turns as context; the question is saved before the model is asked.</summary>
    public static Task<AnswerResult> PostMessage(
        Guid workspaceId, Guid conversationId, ChatRequest? body, HttpContext httpContext, ISender sender, ChatSettings settings)
    {
        var question = Question.From(body);
        var answerToken = AnswerToken(httpContext, settings);
        return AnswerResult.StartAsync(
            sender.CreateStream(
                new AskConversationQuestion(workspaceId, conversationId, question.Message, question.DocumentIds, question.DatabaseId), answerToken),
            question.Stream, settings, answerToken);
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
