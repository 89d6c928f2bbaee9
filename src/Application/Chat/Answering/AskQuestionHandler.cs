using System.Runtime.CompilerServices;
using System.Text;
using Mediator;
using Microsoft.Extensions.Logging;
using Planck.Application.Chat.Answering.Context;
using Planck.Application.Chat.Conversations;
using Planck.Application.Chat.Resuming;
using Planck.Application.Chat.Streaming;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;
using Planck.Application.Documents.Queries.ResolveDocuments;

namespace Planck.Application.Chat.Answering;

/// <summary>
/// Answers one question as events: started, the blocks as they are produced, the sources, then stopped with its cost,
/// or an error. It asks the context sources what they offer, picks one (the one the question named, the only one, or
/// the model's choice), streams what the model writes from it, and saves the turn once, whatever happens, including
/// the client leaving.
/// </summary>
public sealed partial class AskQuestionHandler(
    IEnumerable<IContextSource> sources, ContextRouter router, IChatModel model, ITokenCounter tokens, ConversationTurns turns, ISender sender,
    AnswerStreamRecorder recorder, ICurrentUser currentUser, ChatSettings settings, TimeProvider clock, ILogger<AskQuestionHandler> logger)
    : IStreamRequestHandler<AskWorkspaceQuestion, AnswerEvent>, IStreamRequestHandler<AskConversationQuestion, AnswerEvent>
{
    private const string InternalFailure = "The answer could not be completed because of an internal error.";
    private const string Abandoned = "The answer was stopped before it was complete: the client that asked left.";

    public IAsyncEnumerable<AnswerEvent> Handle(AskWorkspaceQuestion request, CancellationToken cancellationToken) =>
        AnswerAsync(request, null, cancellationToken);

    public IAsyncEnumerable<AnswerEvent> Handle(AskConversationQuestion request, CancellationToken cancellationToken) =>
        AnswerAsync(request, request.ConversationId, cancellationToken);

    private async IAsyncEnumerable<AnswerEvent> AnswerAsync(
        AskQuestion request, Guid? conversationId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var userId = currentUser.Caller?.UserId ?? throw new UnauthenticatedException("Invalid or missing API key");
        var documentIds = await sender.Send(new ResolveDocumentsQuery(request.WorkspaceId, request.DocumentIds), cancellationToken);
        var context = new AnswerContext(Guid.Empty, userId, request.WorkspaceId, request.Message.Trim(), documentIds, request.DatabaseId, []);

        // Everything that can refuse the question runs before anything is saved, so a refusal leaves nothing behind.
        var offers = await OffersAsync(context, cancellationToken);

        var startedAt = clock.GetUtcNow();
        if (conversationId is { } id)
        {
            var (history, answeredAt) = await turns.SaveQuestionAsync(id, context.Question, cancellationToken);
            context = context with { History = history };
            startedAt = answeredAt;
        }

        context = context with { MessageId = Guid.CreateVersion7(startedAt) };
        await recorder.BeginAsync(context.MessageId, userId, request.WorkspaceId, conversationId);
        yield return await recorder.RecordAsync(new AnswerStarted(context.MessageId));

        var progress = new AnswerProgress(context, conversationId, startedAt) { LastProgressSave = clock.GetTimestamp() };
        // A Stop (from any node) cancels the model call like a client that leaves, but the answer ends as stopped.
        using var answering = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, recorder.StopRequested);
        var blocks = ProduceAsync(context, offers, progress, answering.Token).GetAsyncEnumerator(answering.Token);
        try
        {
            AnswerFailed? failure = null;
            var stopped = false;
            while (failure is null && !stopped)
            {
                try
                {
                    if (!await blocks.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception) when (recorder.StopRequested.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    stopped = true;
                    break;
                }
                catch (ChatModelException exception)
                {
                    LogModelFailed(logger, exception.Message);
                    failure = new AnswerFailed(exception.Message, AnswerFailureCause.Model);
                    break;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogAnswerFailed(logger, exception);
                    failure = new AnswerFailed(InternalFailure, AnswerFailureCause.Internal);
                    break;
                }

                progress.Assembler.Apply(blocks.Current);
                await SaveProgressIfDueAsync(progress);
                yield return await recorder.RecordAsync(new AnswerBlockEvent(blocks.Current));
            }

            if (failure is not null || stopped)
            {
                // What arrived before the failure or the Stop is shown and kept: release what the splitter held and close the open block.
                foreach (var blockEvent in progress.CompleteText())
                {
                    progress.Assembler.Apply(blockEvent);
                    yield return await recorder.RecordAsync(new AnswerBlockEvent(blockEvent));
                }
            }

            // A stopped answer is kept as it stands, incomplete, and its stream ends normally: the asker wanted it to end.
            var credits = await SaveAsync(progress, complete: failure is null && !stopped);
            yield return await recorder.RecordAsync(failure ?? (AnswerEvent)new AnswerStopped(context.MessageId, credits));
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

                await SaveAsync(progress, complete: false);
            }

            await recorder.AbandonAsync(Abandoned);
        }
    }

    /// <summary>Saves the answer in a conversation as it stands, every few seconds, so that a server that dies mid-answer leaves it.</summary>
    private async Task SaveProgressIfDueAsync(AnswerProgress progress)
    {
        if (progress.ConversationId is null || clock.GetElapsedTime(progress.LastProgressSave) < TimeSpan.FromSeconds(settings.SaveProgressSeconds))
        {
            return;
        }

        progress.LastProgressSave = clock.GetTimestamp();
        try
        {
            await turns.SaveProgressAsync(Record(progress, complete: false));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The answer goes on; it is saved again at the next interval and when it ends.
            LogSaveFailed(logger, exception, progress.Context.MessageId);
        }
    }

    /// <summary>Every source's offers; a database the question named but no source offers is not found.</summary>
    private async Task<IReadOnlyList<ContextOffer>> OffersAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        var offers = new List<ContextOffer>();
        foreach (var source in sources)
        {
            offers.AddRange(await source.OffersAsync(context, cancellationToken));
        }

        if (context.DatabaseId is { } databaseId && !offers.Any(o => o.Requested))
        {
            throw new NotFoundException($"Database {databaseId} not found.");
        }

        return offers;
    }

    private async IAsyncEnumerable<BlockEvent> ProduceAsync(
        AnswerContext context, IReadOnlyList<ContextOffer> offers, AnswerProgress progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var routed = await router.ChooseAsync(context, offers, cancellationToken);
        progress.SourceUsage += routed.Usage;
        if (routed.Offer is null)
        {
            yield break;
        }

        var gathered = await routed.Offer.Source.GatherAsync(context, routed.Offer, cancellationToken);
        progress.SourceUsage += gathered.Usage;
        if (gathered.Prompt is { } prompt && model.IsConfigured)
        {
            progress.Request = prompt;
            await foreach (var update in model.StreamAsync(prompt, cancellationToken))
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
        }
        else if (gathered.Text is { Length: > 0 } text)
        {
            foreach (var blockEvent in progress.AddText(text))
            {
                yield return blockEvent;
            }
        }

        foreach (var blockEvent in progress.CompleteText())
        {
            yield return blockEvent;
        }

        foreach (var block in gathered.Blocks)
        {
            foreach (var blockEvent in progress.AddWhole(block))
            {
                yield return blockEvent;
            }
        }

        // The caller has applied every event so far, so the assembled text is the whole answer.
        var answerText = string.Join('\n', progress.Assembler.Blocks.OfType<TextBlock>().Select(b => b.Text));
        if (gathered.SourcesFor(answerText) is { } sourcesBlock)
        {
            foreach (var blockEvent in progress.AddWhole(sourcesBlock))
            {
                yield return blockEvent;
            }
        }
    }

    private async Task<int> SaveAsync(AnswerProgress progress, bool complete)
    {
        progress.Saved = true;
        try
        {
            return await turns.SaveAnswerAsync(Record(progress, complete));
        }
        catch (Exception exception) when (!complete)
        {
            // The answer was already cut short; failing to keep it must not hide why it was cut short.
            LogSaveFailed(logger, exception, progress.Context.MessageId);
            return 0;
        }
    }

    private AnswerRecord Record(AnswerProgress progress, bool complete)
    {
        var (inputTokens, outputTokens) = progress.Usage is { } usage
            ? (usage.InputTokens, usage.OutputTokens)
            : (progress.Request?.Messages.Sum(m => tokens.Count(m.Text)) ?? 0, progress.Request is null ? 0 : tokens.Count(progress.Text.ToString()));
        var context = progress.Context;
        return new AnswerRecord(
            context.MessageId, context.UserId, context.WorkspaceId, progress.ConversationId, progress.Text.ToString(),
            complete ? progress.Assembler.Blocks : progress.Assembler.BlocksSoFar,
            inputTokens + progress.SourceUsage.InputTokens, outputTokens + progress.SourceUsage.OutputTokens, complete, progress.StartedAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The language model failed: {Reason}")]
    private static partial void LogModelFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "An answer failed")]
    private static partial void LogAnswerFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The partial answer {MessageId} could not be saved")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception, Guid messageId);

    /// <summary>The state of one answer: the splitter, what the client has been sent, the raw text and the usage.</summary>
    private sealed class AnswerProgress(AnswerContext context, Guid? conversationId, DateTimeOffset startedAt)
    {
        private readonly MarkdownBlockSplitter _splitter = new();
        private bool _textCompleted;
        private int _nextIndex;

        public AnswerContext Context { get; } = context;
        public Guid? ConversationId { get; } = conversationId;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public BlockAssembler Assembler { get; } = new();
        public StringBuilder Text { get; } = new();
        public ChatModelRequest? Request { get; set; }
        public ChatUsageUpdate? Usage { get; set; }
        public TokenUsage SourceUsage { get; set; }
        public bool Saved { get; set; }
        public long LastProgressSave { get; set; }

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

        /// <summary>A block the source built whole: text and code still start empty and arrive as one delta, as the contract says.</summary>
        public List<BlockEvent> AddWhole(ContentBlock block)
        {
            var index = _nextIndex++;
            return block switch
            {
                CodeBlock code => Opened(index, code with { Code = string.Empty }, code.Code),
                TextBlock text => Opened(index, new TextBlock(string.Empty), text.Text),
                _ => [new BlockStarted(index, block), new BlockStopped(index)],
            };
        }

        private static List<BlockEvent> Opened(int index, ContentBlock empty, string content) =>
            content.Length == 0
                ? [new BlockStarted(index, empty), new BlockStopped(index)]
                : [new BlockStarted(index, empty), new BlockDelta(index, content), new BlockStopped(index)];

        private IReadOnlyList<BlockEvent> Counted(IReadOnlyList<BlockEvent> events)
        {
            _nextIndex += events.Count(e => e is BlockStarted);
            return events;
        }
    }
}
