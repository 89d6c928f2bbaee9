using Mediator;
using Planck.Application.Chat.Streaming;
using Planck.Application.Documents.Queries.SearchWorkspace;

namespace Planck.Application.Chat.Answering.Context;

/// <summary>
/// The workspace's documents: the passages that best match the question (Documents owns retrieval; this asks it
/// through its request), numbered in the prompt so the answer can cite them. Offered unless the question named a
/// database.
/// </summary>
public sealed class DocumentPassagesSource(ISender sender, ChatSettings settings, IWorkspaceGlossary glossary) : IContextSource
{
    public const string Key = "documents";

    public ValueTask<IReadOnlyList<ContextOffer>> OffersAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<ContextOffer> offers = context.DatabaseId is not null
            ? []
            : [new ContextOffer(this, Key, "Documents", "Passages from the workspace's uploaded documents (PDF, Word, text, spreadsheets).",
                Requested: context.DocumentIds is not null, IsDefault: true)];
        return ValueTask.FromResult(offers);
    }

    public async ValueTask<GatheredContext> GatherAsync(AnswerContext context, ContextOffer offer, CancellationToken cancellationToken)
    {
        var passages = await RetrieveAsync(context, cancellationToken);
        var terms = await glossary.TermsAsync(context.WorkspaceId, cancellationToken);
        return new GatheredContext(
            AnswerPrompt.Build(context.Question, passages, context.History, terms),
            RetrievalOnlyAnswer.Markdown(passages),
            [],
            answerText => Sources(answerText, passages),
            default);
    }

    /// <summary>The passages the answer cites, or every passage shown to the model when it cited none.</summary>
    private static SourcesBlock? Sources(string answerText, IReadOnlyList<SearchResultDto> passages)
    {
        var cited = Citations.Find(answerText, passages.Count);
        var used = cited.Count > 0 ? cited.Select(number => passages[number - 1]).ToList() : passages;
        return used.Count == 0 ? null : new SourcesBlock(used.Select(RetrievalOnlyAnswer.Source).ToList());
    }

    private async Task<IReadOnlyList<SearchResultDto>> RetrieveAsync(AnswerContext context, CancellationToken cancellationToken)
    {
        var words = context.Question.Length <= SearchWorkspaceQuery.MaxQueryLength
            ? context.Question
            : context.Question[..SearchWorkspaceQuery.MaxQueryLength];
        var limit = Math.Clamp(settings.Passages, 1, SearchWorkspaceQuery.MaxLimit);
        var found = await sender.Send(new SearchWorkspaceQuery(context.WorkspaceId, words, context.DocumentIds, limit), cancellationToken);
        return found.Data;
    }
}
