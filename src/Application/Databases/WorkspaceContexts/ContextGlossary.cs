using Planck.Application.Chat.Answering.Context;

namespace Planck.Application.Databases.WorkspaceContexts;

/// <summary>The context's business terms and entities, for document answers: the glossary part of a workspace's context.</summary>
public sealed class ContextGlossary(WorkspaceContextStore store) : IWorkspaceGlossary
{
    public async ValueTask<IReadOnlyList<GlossaryTerm>> TermsAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var context = await store.GetAsync(workspaceId, cancellationToken);
        var terms = (context.Terms ?? []).Where(t => !string.IsNullOrWhiteSpace(t.Name) && !string.IsNullOrWhiteSpace(t.Description))
            .Select(t => new GlossaryTerm(t.Name!, t.Description!));
        var entities = (context.Entities ?? []).Where(e => !string.IsNullOrWhiteSpace(e.Name) && !string.IsNullOrWhiteSpace(e.Description))
            .Select(e => new GlossaryTerm(e.Name!, e.Description! + (e.Synonyms is { Count: > 0 } synonyms ? $" (also: {string.Join(", ", synonyms)})" : string.Empty)));
        return terms.Concat(entities).ToList();
    }
}
