namespace Planck.Application.Chat.Answering.Context;

/// <summary>
/// The business terms a workspace's context defines, for document answers too. The module that owns workspace
/// context supplies it; without one a workspace has no glossary.
/// </summary>
public interface IWorkspaceGlossary
{
    ValueTask<IReadOnlyList<GlossaryTerm>> TermsAsync(Guid workspaceId, CancellationToken cancellationToken);
}

public sealed record GlossaryTerm(string Name, string Meaning);

/// <summary>No glossary: the default until a module that owns workspace context replaces it.</summary>
public sealed class NoWorkspaceGlossary : IWorkspaceGlossary
{
    public ValueTask<IReadOnlyList<GlossaryTerm>> TermsAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<GlossaryTerm>>([]);
}
