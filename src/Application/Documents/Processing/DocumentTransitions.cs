using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Common;
using Planck.Domain.Documents;

namespace Planck.Application.Documents.Processing;

/// <summary>
/// Saves a transition that <see cref="Document"/> made in memory, on condition that the row is still in the state it
/// was read in (status and lease holder). Several nodes and requests change the same row; a write that finds it
/// changed meanwhile (cancelled, deleted, taken over after a lapsed lease) changes nothing and reports so.
/// </summary>
public static class DocumentTransitions
{
    public static async Task<bool> SaveTransitionAsync(
        this IApplicationDbContext db, Document document, DocumentStatus readStatus, string? readOwner, CancellationToken cancellationToken)
    {
        var id = document.Id;
        var updated = await db.Documents
            .Where(d => d.Id == id && d.Status == readStatus && d.LeaseOwner == readOwner)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(d => d.Status, document.Status)
                    .SetProperty(d => d.Error, document.Error)
                    .SetProperty(d => d.Attempts, document.Attempts)
                    .SetProperty(d => d.NextAttemptAt, document.NextAttemptAt)
                    .SetProperty(d => d.LeaseOwner, document.LeaseOwner)
                    .SetProperty(d => d.LeaseExpiresAt, document.LeaseExpiresAt)
                    .SetProperty(d => d.PageCount, document.PageCount)
                    .SetProperty(d => d.ChunkCount, document.ChunkCount)
                    .SetProperty(d => d.IndexGeneration, document.IndexGeneration)
                    .SetProperty(d => d.ServesTextOnly, document.ServesTextOnly)
                    .SetProperty(d => d.ProcessingStartedAt, document.ProcessingStartedAt)
                    .SetProperty(d => d.ProcessedAt, document.ProcessedAt)
                    .SetProperty(d => d.Stage, document.Stage)
                    .SetProperty(d => d.ProgressPercent, document.ProgressPercent)
                    .SetProperty(d => d.PassagesDone, document.PassagesDone)
                    .SetProperty(d => d.UpdatedAt, document.UpdatedAt),
                cancellationToken);
        return updated > 0;
    }

    /// <summary>
    /// Saves only the progress of the holder's copy: its lease is renewed apart and the copy's expiry is stale. False
    /// when the worker no longer holds the document (cancelled, deleted, taken over): its work should stop.
    /// </summary>
    public static async Task<bool> SaveProgressAsync(this IApplicationDbContext db, Document document, string owner, CancellationToken cancellationToken)
    {
        var id = document.Id;
        var updated = await db.Documents
            .Where(d => d.Id == id && d.Status == DocumentStatus.Processing && d.LeaseOwner == owner)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(d => d.Stage, document.Stage)
                    .SetProperty(d => d.ProgressPercent, document.ProgressPercent)
                    .SetProperty(d => d.PassagesDone, document.PassagesDone)
                    .SetProperty(d => d.UpdatedAt, document.UpdatedAt),
                cancellationToken);
        return updated > 0;
    }

    /// <summary>Reads the document, applies <paramref name="transition"/> and saves it conditionally; false when it changed meanwhile or is gone.</summary>
    public static async Task<bool> TransitionAsync(
        this IApplicationDbContext db, Guid documentId, Func<Document, bool> transition, CancellationToken cancellationToken)
    {
        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId, cancellationToken);
        if (document is null)
        {
            return false;
        }

        var (status, owner) = (document.Status, document.LeaseOwner);
        return transition(document) && await db.SaveTransitionAsync(document, status, owner, cancellationToken);
    }

    /// <summary>
    /// A member's change of a document (cancel, retry): the document's own rule decides, a broken rule is a conflict
    /// with its readable reason, and a row changed between read and write (a worker finished meanwhile) is one too.
    /// </summary>
    public static async Task<Document> ChangeDocumentAsync(
        this IApplicationDbContext db, Guid documentId, Action<Document> change, CancellationToken cancellationToken)
    {
        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId, cancellationToken)
            ?? throw new NotFoundException(DocumentRules.NotFound);
        var (status, owner) = (document.Status, document.LeaseOwner);
        try
        {
            change(document);
        }
        catch (DomainRuleException refused)
        {
            throw new ConflictException(refused.Message);
        }

        return await db.SaveTransitionAsync(document, status, owner, cancellationToken)
            ? document
            : throw new ConflictException("The document changed while the request ran; read it again and retry.");
    }
}
