using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Domain.Documents;

namespace Planck.Application.Documents;

/// <summary>
/// Deletes documents with everything derived from them, inside the caller's transaction. Files go only after
/// the commit (a rollback must not lose them), and processing in flight is told to stop.
/// </summary>
public sealed class DocumentRemover(IApplicationDbContext db, IUnitOfWork unitOfWork, IFileStore files, IDocumentProcessing processing)
{
    public async Task<int> RemoveAsync(IQueryable<Document> which, CancellationToken cancellationToken)
    {
        var doomed = await which.Select(d => new { d.Id, d.StorageKey }).ToListAsync(cancellationToken);
        if (doomed.Count == 0)
        {
            return 0;
        }

        var ids = doomed.ConvertAll(d => d.Id);
        await RemoveDerivedAsync(ids, cancellationToken);
        await db.Documents.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);

        unitOfWork.AfterCommit(() =>
        {
            foreach (var document in doomed)
            {
                processing.CancelProcessing(document.Id);
            }

            // Best effort and off the request: a file left behind by a crash here is unreachable (no row names it) and harmless.
            _ = Task.Run(async () =>
            {
                foreach (var document in doomed)
                {
                    try
                    {
                        await files.DeleteAsync(document.StorageKey, CancellationToken.None);
                    }
                    catch (IOException)
                    {
                    }
                }
            }, CancellationToken.None);
        });
        return doomed.Count;
    }

    /// <summary>
    /// Deletes what an attempt on <paramref name="document"/> staged and never made current: all it derived when the
    /// document was never indexed, else only passages of other generations than the one search serves, which stays
    /// (with its tables) so that a stopped re-index leaves the document as it was before.
    /// </summary>
    public async Task RemoveStagedAsync(Document document, CancellationToken cancellationToken)
    {
        if (!document.IsIndexed)
        {
            await RemoveDerivedAsync([document.Id], cancellationToken);
            return;
        }

        var (id, served) = (document.Id, document.IndexGeneration);
        await db.DocumentChunks.Where(c => c.DocumentId == id && c.Generation != served).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Deletes what processing derived from the documents (passages, so their search entries, and tables), keeping the documents.</summary>
    public async Task RemoveDerivedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        await db.DocumentTableRows.Where(r => db.DocumentTables.Any(t => t.Id == r.TableId && ids.Contains(t.DocumentId))).ExecuteDeleteAsync(cancellationToken);
        await db.DocumentTables.Where(t => ids.Contains(t.DocumentId)).ExecuteDeleteAsync(cancellationToken);
        await db.DocumentChunks.Where(c => ids.Contains(c.DocumentId)).ExecuteDeleteAsync(cancellationToken);
    }
}
