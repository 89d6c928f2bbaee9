using Planck.Application.Chat.Streaming;

namespace Planck.Application.Chat.Answering.Context;

/// <summary>
/// One kind of knowledge an answer can be drawn from: a workspace's document passages, a connected database. Each
/// module registers its own; the answering handler asks them what they offer, picks one, and streams what it gathered.
/// A new kind of context is a new source, not a new path through the layers.
/// </summary>
public interface IContextSource
{
    /// <summary>
    /// What this source could answer this question from, for the router: none, or one offer per thing it can read
    /// (documents, each database). An offer the question explicitly named is <see cref="ContextOffer.Requested"/>.
    /// </summary>
    ValueTask<IReadOnlyList<ContextOffer>> OffersAsync(AnswerContext context, CancellationToken cancellationToken);

    /// <summary>Gathers what the answer needs from the chosen offer: the prompt, or the answer itself when there is no model.</summary>
    ValueTask<GatheredContext> GatherAsync(AnswerContext context, ContextOffer offer, CancellationToken cancellationToken);
}

/// <summary>The question and what surrounds it. <see cref="History"/> holds earlier turns, oldest first, within the budget.</summary>
public sealed record AnswerContext(
    Guid MessageId,
    Guid UserId,
    Guid WorkspaceId,
    string Question,
    IReadOnlyList<Guid>? DocumentIds,
    Guid? DatabaseId,
    IReadOnlyList<PromptMessage> History);

/// <summary>
/// Something a source can answer from. <see cref="Label"/> and <see cref="Description"/> are shown to the model when it
/// chooses between offers; <see cref="IsDefault"/> marks the offer taken when the choice cannot be made (documents).
/// </summary>
public sealed record ContextOffer(IContextSource Source, string Key, string Label, string Description, bool Requested, bool IsDefault);

/// <summary>
/// What a source gathered. The model writes the answer's text from <see cref="Prompt"/>; when <see cref="Prompt"/>
/// is null (no model, or nothing to ask), <see cref="Text"/> is the text. <see cref="Blocks"/> follow the text
/// (code, table, chart), then the sources that <see cref="SourcesFor"/> finds for the final text.
/// <see cref="Usage"/> is what the source's own model calls cost (writing SQL, choosing).
/// </summary>
public sealed record GatheredContext(
    ChatModelRequest? Prompt,
    string? Text,
    IReadOnlyList<ContentBlock> Blocks,
    Func<string, SourcesBlock?> SourcesFor,
    TokenUsage Usage);

/// <summary>Tokens a model call consumed, as the provider reported them or as counted.</summary>
public readonly record struct TokenUsage(int InputTokens, int OutputTokens)
{
    public static TokenUsage operator +(TokenUsage left, TokenUsage right) =>
        new(left.InputTokens + right.InputTokens, left.OutputTokens + right.OutputTokens);

    public static TokenUsage Add(TokenUsage left, TokenUsage right) => left + right;
}
