using Microsoft.EntityFrameworkCore;
using Planck.Application.Chat.Streaming;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Chat;

namespace Planck.Application.Chat.Conversations;

/// <summary>
/// The one place a question and its answer are saved: the question before the model is asked (so it is never lost),
/// the answer once with its cost, even when the client has gone. Stateless answers record only their cost.
/// </summary>
public sealed class ConversationTurns(IApplicationDbContext db, TimeProvider clock, ITokenCounter tokens, Answering.ChatSettings settings)
{
    /// <summary>Saves the question and returns the earlier turns within the history budget, and when the answer is dated.</summary>
    public async Task<(IReadOnlyList<PromptMessage> History, DateTimeOffset AnsweredAt)> SaveQuestionAsync(
        Guid conversationId, string question, CancellationToken cancellationToken)
    {
        // Authorization has checked that the conversation is in the workspace and the caller's own.
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken)
            ?? throw new NotFoundException(ConversationRules.NotFound);
        var history = await HistoryWithinBudgetAsync(conversation.Id, cancellationToken);

        var now = clock.GetUtcNow();
        db.ChatMessages.Add(ChatMessage.FromUser(conversation.Id, question, ContentBlockJson.Serialize([new TextBlock(question)]), now));
        conversation.Touch(now);
        await db.SaveChangesAsync(cancellationToken);

        // History is ordered by time; the answer is dated at least a millisecond after its question so that the pair
        // keeps its order at the precision both databases store.
        var answeredAt = clock.GetUtcNow();
        return (history, answeredAt >= now.AddMilliseconds(1) ? answeredAt : now.AddMilliseconds(1));
    }

    /// <summary>Saves the answer (in a conversation) and charges for it; an answer with nothing in it costs nothing. Returns the credits.</summary>
    public async Task<int> SaveAnswerAsync(AnswerRecord answer)
    {
        var entry = answer.Blocks.Count > 0
            ? UsageEntry.ForAnswer(answer.UserId, answer.WorkspaceId, answer.MessageId, answer.InputTokens, answer.OutputTokens, clock.GetUtcNow())
            : null;
        if (entry is not null)
        {
            db.UsageEntries.Add(entry);
        }

        await SaveMessageAsync(answer, entry?.Credits ?? 0, answer.Complete);
        return entry?.Credits ?? 0;
    }

    /// <summary>Saves an answer in a conversation as it stands while it runs: incomplete, and not yet charged.</summary>
    public Task SaveProgressAsync(AnswerRecord answer) => SaveMessageAsync(answer, 0, complete: false);

    /// <summary>Adds the answer's message, or revises the one saved while it ran.</summary>
    private async Task SaveMessageAsync(AnswerRecord answer, int credits, bool complete)
    {
        if (answer.ConversationId is { } conversationId)
        {
            var content = ContentBlockJson.Serialize(answer.Blocks);
            if (await db.ChatMessages.FindAsync([answer.MessageId], CancellationToken.None) is { } saved)
            {
                saved.Revise(answer.Text, content, credits, complete);
            }
            else
            {
                db.ChatMessages.Add(ChatMessage.FromAssistant(answer.MessageId, conversationId, answer.Text, content, credits, complete, answer.StartedAt));
            }
        }

        // Saving must finish even when the request that asked has been cancelled.
        await db.SaveChangesAsync(CancellationToken.None);
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

/// <summary>An answer to save: its blocks, raw text and what it cost in tokens.</summary>
public sealed record AnswerRecord(
    Guid MessageId,
    Guid UserId,
    Guid WorkspaceId,
    Guid? ConversationId,
    string Text,
    IReadOnlyList<ContentBlock> Blocks,
    int InputTokens,
    int OutputTokens,
    bool Complete,
    DateTimeOffset StartedAt);
