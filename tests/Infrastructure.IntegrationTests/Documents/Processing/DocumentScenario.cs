using System.Text;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Documents;
using Planck.Application.Documents.Commands.CancelDocument;
using Planck.Application.Documents.Commands.ReindexDocuments;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Processing;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Infrastructure.Persistence;
using Planck.Infrastructure.Workspaces;

namespace Planck.Infrastructure.IntegrationTests.Documents.Processing;

/// <summary>
/// A user, a workspace and the documents one test puts in the shared database, removed again when the test ends
/// so that no later test's worker finds them.
/// </summary>
internal sealed class DocumentScenario(DatabaseFixture database)
{
    private readonly List<Guid> _documents = [];

    public InMemoryFileStore Files { get; } = new();

    public Guid WorkspaceId { get; private set; }

    public Guid UserId { get; private set; }

    public PlanckDbContext Context() => database.CreateContext();

    public static DocumentWorkQueue Queue(PlanckDbContext db) => DocumentWorkQueue.For(db);

    public async Task InitializeAsync()
    {
        var user = TestData.NewUser();
        var workspace = TestData.NewWorkspace();
        await using var db = Context();
        db.Users.Add(user);
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync();
        UserId = user.Id;
        WorkspaceId = workspace.Id;
    }

    /// <summary>A pending document, due now, with its file stored (unless <paramref name="storeFile"/> is false).</summary>
    public async Task<Document> AddAsync(
        string name, string content = "First passage\nSecond passage\nThird passage", DocumentKind kind = DocumentKind.Text,
        DateTimeOffset? createdAt = null, bool storeFile = true)
    {
        var id = Guid.NewGuid();
        var key = $"tests/{id:N}";
        if (storeFile)
        {
            Files.Put(key, content);
        }

        var document = Document.Upload(id, WorkspaceId, name, key, kind, Encoding.UTF8.GetByteCount(content), new string('0', 64), UserId, createdAt ?? DateTimeOffset.UtcNow);
        await using var db = Context();
        db.Documents.Add(document);
        await db.SaveChangesAsync();
        lock (_documents)
        {
            _documents.Add(id);
        }

        return document;
    }

    /// <summary>Puts a document into the state a worker on another node left it in.</summary>
    public async Task SetLeaseAsync(Guid documentId, string owner, DateTimeOffset leaseExpiresAt, int attempts = 1)
    {
        await using var db = Context();
        await db.Documents.Where(d => d.Id == documentId).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, DocumentStatus.Processing)
            .SetProperty(d => d.LeaseOwner, owner)
            .SetProperty(d => d.LeaseExpiresAt, leaseExpiresAt)
            .SetProperty(d => d.Attempts, attempts));
    }

    public async Task SetNextAttemptAsync(Guid documentId, DateTimeOffset nextAttemptAt)
    {
        await using var db = Context();
        await db.Documents.Where(d => d.Id == documentId).ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, nextAttemptAt));
    }

    public async Task<Document?> FindAsync(Guid documentId)
    {
        await using var db = Context();
        return await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId);
    }

    public async Task<Document> StateAsync(Guid documentId) =>
        await FindAsync(documentId) ?? throw new InvalidOperationException($"Document {documentId} is gone.");

    public async Task<bool> HasStatusAsync(Guid documentId, DocumentStatus status) => (await FindAsync(documentId))?.Status == status;

    public async Task<List<DocumentChunk>> ChunksAsync(Guid documentId)
    {
        await using var db = Context();
        return await db.DocumentChunks.AsNoTracking().Where(c => c.DocumentId == documentId).OrderBy(c => c.Ordinal).ToListAsync();
    }

    public async Task<List<DocumentTable>> TablesAsync(Guid documentId)
    {
        await using var db = Context();
        return await db.DocumentTables.AsNoTracking().Where(t => t.DocumentId == documentId).OrderBy(t => t.Ordinal).ToListAsync();
    }

    public async Task<int> RowCountAsync(long tableId)
    {
        await using var db = Context();
        return await db.DocumentTableRows.CountAsync(r => r.TableId == tableId);
    }

    public async Task<List<DocumentTableRow>> RowsAsync(long tableId, params int[] rowNumbers)
    {
        await using var db = Context();
        return await db.DocumentTableRows.AsNoTracking().Where(r => r.TableId == tableId && rowNumbers.Contains(r.RowNumber)).OrderBy(r => r.RowNumber).ToListAsync();
    }

    /// <summary>Deletes a document the way the application does: derived rows, then the document.</summary>
    public async Task DeleteAsync(params Guid[] documentIds)
    {
        await using var db = Context();
        await db.DocumentTableRows.Where(r => db.DocumentTables.Any(t => t.Id == r.TableId && documentIds.Contains(t.DocumentId))).ExecuteDeleteAsync();
        await db.DocumentTables.Where(t => documentIds.Contains(t.DocumentId)).ExecuteDeleteAsync();
        await db.DocumentChunks.Where(c => documentIds.Contains(c.DocumentId)).ExecuteDeleteAsync();
        await db.Documents.Where(d => documentIds.Contains(d.Id)).ExecuteDeleteAsync();
    }

    public async Task CleanUpAsync()
    {
        Guid[] ids;
        lock (_documents)
        {
            ids = [.. _documents];
        }

        if (ids.Length > 0)
        {
            await DeleteAsync(ids);
        }
    }

    /// <summary>The cancel command as the request pipeline runs it: in one transaction, with its follow-ups after the commit.</summary>
    public async Task<DocumentDto> CancelAsync(Guid documentId, IDocumentProcessing processing)
    {
        await using var db = Context();
        var unitOfWork = new UnitOfWork(db);
        var handler = new CancelDocumentHandler(db, unitOfWork, new DocumentRemover(db, unitOfWork, Files, processing), processing, TimeProvider.System);
        return await unitOfWork.ExecuteInTransactionAsync(async ct => await handler.Handle(new CancelDocumentCommand(documentId), ct), CancellationToken.None);
    }

    /// <summary>The re-index command as the request pipeline runs it, as an Admin, with <paramref name="processing"/> told after the commit.</summary>
    public async Task<ReindexResultDto> ReindexAsync(Guid workspaceId, IDocumentProcessing processing)
    {
        await using var db = Context();
        var unitOfWork = new UnitOfWork(db);
        var handler = new ReindexDocumentsHandler(
            db, new CurrentUser { Caller = Caller.System }, new WorkspaceAccess(db), unitOfWork, processing, TimeProvider.System);
        return await unitOfWork.ExecuteInTransactionAsync(async ct => await handler.Handle(new ReindexDocumentsCommand(workspaceId), ct), CancellationToken.None);
    }
}
