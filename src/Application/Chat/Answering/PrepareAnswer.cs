using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Chat.Conversations;
using Planck.Application.Chat.Streaming;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;
using Planck.Application.Documents.Queries.ResolveDocuments;
using Planck.Domain.Chat;

namespace Planck.Application.Chat.Answering;

/// <summary>
/// Everything an answer needs once the request is accepted: checked, and (in a conversation) with the question saved.
/// <paramref name="History"/> holds earlier turns, oldest first, already cut to the token budget.
/// </summary>
public sealed record PreparedAnswer(
    Guid MessageId,
    Guid UserId,
    Guid WorkspaceId,
    Guid? ConversationId,
    string Question,
    IReadOnlyList<Guid>? DocumentIds,
    IReadOnlyList<PromptMessage> History,
    DateTimeOffset StartedAt);

/// <summary>A question about the workspace, answered without saving anything but the usage it costs.</summary>
public sealed record PrepareWorkspaceAnswerQuery(Guid WorkspaceId, string Message, IReadOnlyList<Guid>? DocumentIds)
    : IQuery<PreparedAnswer>, IWorkspaceScoped, IAnswerRequest;

/// <summary>A question in a conversation: saved before the model is called, so it is never lost.</summary>
public sealed record PrepareConversationAnswerCommand(Guid WorkspaceId, Guid ConversationId, string Message, IReadOnlyList<Guid>? DocumentIds)
    : ICommand<PreparedAnswer>, IConversationScoped, IAnswerRequest;

/// <summary>What both kinds of question share, for one validator.</summary>
public interface IAnswerRequest
{
    string Message { get; }
    IReadOnlyList<Guid>? DocumentIds { get; }
}

public sealed class PrepareWorkspaceAnswerHandler(ISender sender, ICurrentUser currentUser, TimeProvider clock)
    : IQueryHandler<PrepareWorkspaceAnswerQuery, PreparedAnswer>
{
    public async ValueTask<PreparedAnswer> Handle(PrepareWorkspaceAnswerQuery query, CancellationToken cancellationToken)
    {
        var documentIds = await sender.Send(new ResolveDocumentsQuery(query.WorkspaceId, query.DocumentIds), cancellationToken);
        var now = clock.GetUtcNow();
        return new PreparedAnswer(
            Guid.CreateVersion7(now), AnswerScope.CallerId(currentUser), query.WorkspaceId, null, query.Message.Trim(), documentIds, [], now);
    }
}

public sealed class PrepareConversationAnswerHandler(IApplicationDbContext db, ISender sender, ICurrentUser currentUser, TimeProvider clock, ITokenCounter tokens, ChatSettings settings)
    : ICommandHandler<PrepareConversationAnswerCommand, PreparedAnswer>
{
    public async ValueTask<PreparedAnswer> Handle(PrepareConversationAnswerCommand command, CancellationToken cancellationToken)
    {
        var userId = AnswerScope.CallerId(currentUser);
        // Authorization has checked that the conversation is in the workspace and the caller's own.
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == command.ConversationId, cancellationToken)
            ?? throw new NotFoundException(ConversationRules.NotFound);

        var documentIds = await sender.Send(new ResolveDocumentsQuery(command.WorkspaceId, command.DocumentIds), cancellationToken);
        var history = await HistoryWithinBudgetAsync(conversation.Id, cancellationToken);

        var now = clock.GetUtcNow();
        var question = command.Message.Trim();
        db.ChatMessages.Add(ChatMessage.FromUser(conversation.Id, question, ContentBlockJson.Serialize([new TextBlock(question)]), now));
        conversation.Touch(now);
        await db.SaveChangesAsync(cancellationToken);

        // History is ordered by time; the answer is dated at least a millisecond after its question so that the pair
        // keeps its order at the precision both databases store.
        var answeredAt = clock.GetUtcNow();
        var startedAt = answeredAt >= now.AddMilliseconds(1) ? answeredAt : now.AddMilliseconds(1);
        return new PreparedAnswer(
            Guid.CreateVersion7(startedAt), userId, command.WorkspaceId, conversation.Id, question, documentIds, history, startedAt);
    }

    /// <summary>The most recent turns that fit the budget, oldest first: older turns are dropped before newer ones.</summary>
    private async Task<IReadOnlyList<PromptMessage>> HistoryWithinBudgetAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var budget = settings.HistoryTokenBudget;
        if (budget <= 0)
        {
            return [];
        }

        var kept = new List<PromptMessage>();
        var used = 0;
        const int Batch = 20;
        for (var skip = 0; ; skip += Batch)
        {
            var newestFirst = await db.ChatMessages.AsNoTracking()
                .Where(m => m.ConversationId == conversationId)
                .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
                .Skip(skip).Take(Batch)
                .Select(m => new { m.Role, m.Text })
                .ToListAsync(cancellationToken);
            foreach (var message in newestFirst)
            {
                used += tokens.Count(message.Text);
                if (used > budget)
                {
                    return Oldest(kept);
                }

                kept.Add(new PromptMessage(message.Role == MessageRole.User ? ChatRole.User : ChatRole.Assistant, message.Text));
            }

            if (newestFirst.Count < Batch)
            {
                return Oldest(kept);
            }
        }
    }

    /// <summary>Reverses to oldest first, and starts on a question: a leading answer without its question would mislead the model.</summary>
    private static List<PromptMessage> Oldest(List<PromptMessage> newestFirst)
    {
        newestFirst.Reverse();
        var firstQuestion = newestFirst.FindIndex(m => m.Role == ChatRole.User);
        return firstQuestion <= 0 ? (firstQuestion < 0 ? [] : newestFirst) : newestFirst[firstQuestion..];
    }
}

internal static class AnswerScope
{
    public static Guid CallerId(ICurrentUser currentUser) =>
        currentUser.Caller?.UserId ?? throw new UnauthenticatedException("Invalid or missing API key");
}

public sealed class AnswerRequestValidator<T> : AbstractValidator<T>
    where T : IAnswerRequest
{
    public AnswerRequestValidator()
    {
        RuleFor(r => r.Message).Must(m => !string.IsNullOrWhiteSpace(m)).WithMessage("message is required: the question to answer.");
        RuleFor(r => r.Message).MaximumLength(ChatSettings.MaxMessageLength)
            .WithMessage($"message must be at most {ChatSettings.MaxMessageLength} characters.");
        RuleFor(r => r.DocumentIds).Must(ids => ids is null || ids.Count <= ChatSettings.MaxDocuments)
            .OverridePropertyName("settings.chat_metadata.documents")
            .WithMessage($"settings.chat_metadata.documents may name at most {ChatSettings.MaxDocuments} documents.");
    }
}

public sealed class PrepareWorkspaceAnswerValidator : AbstractValidator<PrepareWorkspaceAnswerQuery>
{
    public PrepareWorkspaceAnswerValidator() => Include(new AnswerRequestValidator<PrepareWorkspaceAnswerQuery>());
}

public sealed class PrepareConversationAnswerValidator : AbstractValidator<PrepareConversationAnswerCommand>
{
    public PrepareConversationAnswerValidator() => Include(new AnswerRequestValidator<PrepareConversationAnswerCommand>());
}
