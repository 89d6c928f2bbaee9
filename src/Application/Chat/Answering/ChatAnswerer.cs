using System.Runtime.CompilerServices;
using System.Text;
using Mediator;
using Microsoft.Extensions.Logging;
using Planck.Application.Chat.Streaming;
using Planck.Application.Common.Abstractions;
using Planck.Application.Documents.Queries.SearchWorkspace;
using Planck.Domain.Chat;

namespace Planck.Application.Chat.Answering;

/// <summary>
/// Produces one answer as events: started (before retrieval), the blocks as the model writes them, a sources block,
/// then stopped with its cost, or an error. Whatever happens, including the client leaving, the answer so far is saved
/// (in a conversation) and its cost recorded, exactly once.
/// </summary>
public sealed partial class ChatAnswerer(
    ISender sender, IChatModel model, ITokenCounter tokens, IApplicationDbContext db, TimeProvider clock, ChatSettings settings,
    ILogger<ChatAnswerer> logger)
{
    private const string InternalFailure = "The answer could not be completed because of an internal error.";

    public async IAsyncEnumerable<AnswerEvent> AnswerAsync(PreparedAnswer answer, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new AnswerStarted(answer.MessageId);

        var progress = new AnswerProgress();
        var blocks = ProduceAsync(answer, progress, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            string? failure = null;
            while (failure is null)
            {
                try
                {
                    if (!await blocks.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (ChatModelException exception)
                {
                    LogModelFailed(logger, exception.Message);
                    failure = exception.Message;
                    break;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogAnswerFailed(logger, exception);
                    failure = InternalFailure;
                    break;
                }

                progress.Assembler.Apply(blocks.Current);
                yield return new AnswerBlockEvent(blocks.Current);
            }

            if (failure is not null)
            {
                // What arrived before the failure is shown and kept: release what the splitter held and close the open block.
                foreach (var blockEvent in progress.CompleteText())
                {
                    progress.Assembler.Apply(blockEvent);
                    yield return new AnswerBlockEvent(blockEvent);
                }
            }

            var credits = await SaveAsync(answer, progress, complete: failure is null);
            yield return failure is null ? new AnswerStopped(answer.MessageId, credits) : new AnswerFailed(failure);
        }
        finally
        {
            await blocks.DisposeAsync();
            if (!progress.Saved)
            {
                // The client left or the request was cancelled: keep the partial answer all the same.
                foreach (var blockEvent in progress.CompleteText())
                {
                    progress.Assembler.Apply(blockEvent);
                }

                await SaveAsync(answer, progress, complete: false);
            }
        }
    }

    private async IAsyncEnumerable<BlockEvent> ProduceAsync(
        PreparedAnswer answer, AnswerProgress progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var passages = await RetrieveAsync(answer, cancellationToken);
        if (!model.IsConfigured)
        {
            foreach (var blockEvent in progress.AddText(RetrievalOnlyAnswer.Markdown(passages)))
            {
                yield return blockEvent;
            }

            foreach (var blockEvent in progress.CompleteText().Concat(progress.AddSources(passages.Take(RetrievalOnlyAnswer.PassagesQuoted))))
            {
                yield return blockEvent;
            }

            yield break;
        }

        progress.Request = AnswerPrompt.Build(answer.Question, passages, answer.History);
        await foreach (var update in model.StreamAsync(progress.Request, cancellationToken))
        {
            switch (update)
            {
                case ChatTextUpdate text:
                    foreach (var blockEvent in progress.AddText(text.Text))
                    {
                        yield return blockEvent;
                    }

                    break;
                case ChatUsageUpdate usage:
                    progress.Usage = usage;
                    break;
            }
        }

        foreach (var blockEvent in progress.CompleteText())
        {
            yield return blockEvent;
        }

        // The caller has applied every event so far, so the assembled text is the whole answer.
        var answerText = string.Join('\n', progress.Assembler.Blocks.OfType<TextBlock>().Select(b => b.Text));
        var cited = Citations.Find(answerText, passages.Count);
        var sources = cited.Count > 0 ? cited.Select(number => passages[number - 1]) : passages;
        foreach (var blockEvent in progress.AddSources(sources))
        {
            yield return blockEvent;
        }
    }

    private async Task<IReadOnlyList<SearchResultDto>> RetrieveAsync(PreparedAnswer answer, CancellationToken cancellationToken)
    {
        var words = answer.Question.Length <= SearchWorkspaceQuery.MaxQueryLength
            ? answer.Question
            : answer.Question[..SearchWorkspaceQuery.MaxQueryLength];
        var limit = Math.Clamp(settings.Passages, 1, SearchWorkspaceQuery.MaxLimit);
        var found = await sender.Send(new SearchWorkspaceQuery(answer.WorkspaceId, words, answer.DocumentIds, limit), cancellationToken);
        return found.Data;
    }

    /// <summary>Saves the answer (in a conversation) and charges for it; an answer with nothing in it costs nothing.</summary>
    private async Task<int> SaveAsync(PreparedAnswer answer, AnswerProgress progress, bool complete)
    {
        progress.Saved = true;
        try
        {
            var blocks = progress.Assembler.Blocks;
            var (inputTokens, outputTokens) = progress.Usage is { } usage
                ? (usage.InputTokens, usage.OutputTokens)
                : (progress.Request?.Messages.Sum(m => tokens.Count(m.Text)) ?? 0, progress.Request is null ? 0 : tokens.Count(progress.Text.ToString()));
            var entry = blocks.Count > 0
                ? UsageEntry.ForAnswer(answer.UserId, answer.WorkspaceId, answer.MessageId, inputTokens, outputTokens, clock.GetUtcNow())
                : null;
            if (entry is not null)
            {
                db.UsageEntries.Add(entry);
            }

            if (answer.ConversationId is { } conversationId)
            {
                db.ChatMessages.Add(ChatMessage.FromAssistant(
                    answer.MessageId, conversationId, progress.Text.ToString(), ContentBlockJson.Serialize(blocks), entry?.Credits ?? 0,
                    complete, answer.StartedAt));
            }

            // Saving must finish even when the request that asked has been cancelled.
            await db.SaveChangesAsync(CancellationToken.None);
            return entry?.Credits ?? 0;
        }
        catch (Exception exception) when (!complete)
        {
            // The answer was already cut short; failing to keep it must not hide why it was cut short.
            LogSaveFailed(logger, exception, answer.MessageId);
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The language model failed: {Reason}")]
    private static partial void LogModelFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "An answer failed")]
    private static partial void LogAnswerFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The partial answer {MessageId} could not be saved")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception, Guid messageId);

    /// <summary>The state of one answer: the splitter, what the client has been sent, the raw text and the model's usage.</summary>
    private sealed class AnswerProgress
    {
        private readonly MarkdownBlockSplitter _splitter = new();
        private bool _textCompleted;
        private int _nextIndex;

        public BlockAssembler Assembler { get; } = new();
        public StringBuilder Text { get; } = new();
        public ChatModelRequest? Request { get; set; }
        public ChatUsageUpdate? Usage { get; set; }
        public bool Saved { get; set; }

        public IReadOnlyList<BlockEvent> AddText(string text)
        {
            Text.Append(text);
            return Counted(_splitter.Push(text));
        }

        /// <summary>Releases held text and stops the open block; later calls return nothing.</summary>
        public IReadOnlyList<BlockEvent> CompleteText()
        {
            if (_textCompleted)
            {
                return [];
            }

            _textCompleted = true;
            return Counted(_splitter.Complete());
        }

        public IReadOnlyList<BlockEvent> AddSources(IEnumerable<SearchResultDto> passages)
        {
            var sources = passages.Select(RetrievalOnlyAnswer.Source).ToList();
            if (sources.Count == 0)
            {
                return [];
            }

            var index = _nextIndex++;
            return [new BlockStarted(index, new SourcesBlock(sources)), new BlockStopped(index)];
        }

        private IReadOnlyList<BlockEvent> Counted(IReadOnlyList<BlockEvent> events)
        {
            _nextIndex += events.Count(e => e is BlockStarted);
            return events;
        }
    }
}
