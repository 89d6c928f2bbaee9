using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;
using Planck.Application.Documents;
using Planck.Application.Documents.Commands.CancelDocument;
using Planck.Application.Documents.Commands.ReindexDocuments;
using Planck.Application.Documents.Processing;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Search;
using Planck.Infrastructure.IntegrationTests.Documents.Search;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Infrastructure.Persistence;
using Planck.Infrastructure.Workspaces;

namespace Planck.Infrastructure.IntegrationTests.Documents.Processing;

/// <summary>
/// Re-indexing through the real workers and the real search: the old generation answers (full text and vectors) while
/// the new one is made, the new one replaces it at once when ready, and a stopped re-index leaves the old one serving.
/// </summary>
public abstract class ReindexTests(DatabaseFixture database) : IAsyncLifetime
{
    private const string Name = "manual.txt";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly DocumentScenario _scenario = new(database);
    private readonly ScriptedExtractor _extractor = new();
    private readonly FakeEmbeddingGenerator _embeddings = new();
    private readonly Gate _gate = new();
    private ProcessingHost? _host;
    private SearchTestNode? _search;

    public Task InitializeAsync() => _scenario.InitializeAsync();

    public async Task DisposeAsync()
    {
        _gate.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_search is not null)
        {
            await _search.DisposeAsync();
        }

        await _scenario.CleanUpAsync();
    }

    [Fact]
    public async Task Search_answers_from_the_old_passages_while_a_document_is_reindexed_and_from_the_new_ones_once_it_is_ready()
    {
        var document = await IndexedOnceAsync();

        (await ReindexAsync(_scenario.WorkspaceId)).Queued.ShouldBe(1);
        (await _gate.EnteredAsync()).ShouldBeTrue("the worker took the document up again");

        var during = await _scenario.StateAsync(document.Id);
        during.Status.ShouldBe(DocumentStatus.Processing);
        during.IndexGeneration.ShouldBe(1);
        await ServesAsync("penguins", "Old wording about penguins");
        (await Search.SearchAsync(_scenario.WorkspaceId, "glaciers", SearchMode.FullText)).ShouldBeEmpty();

        _gate.Open();
        (await Eventually.HoldsAsync(() => _scenario.HasStatusAsync(document.Id, DocumentStatus.Ready), Patience)).ShouldBeTrue();

        (await _scenario.StateAsync(document.Id)).IndexGeneration.ShouldBe(2);
        await ServesAsync("glaciers", "New wording about glaciers");
        (await Search.SearchAsync(_scenario.WorkspaceId, "penguins", SearchMode.FullText)).ShouldBeEmpty();
        (await _scenario.ChunksAsync(document.Id)).ShouldAllBe(c => c.Generation == 2 && c.Embedding != null);
    }

    [Fact]
    public async Task A_reindex_cancelled_while_processing_keeps_the_old_passages_serving()
    {
        var document = await IndexedOnceAsync();
        (await ReindexAsync(_scenario.WorkspaceId)).Queued.ShouldBe(1);
        (await _gate.EnteredAsync()).ShouldBeTrue();

        await CancelAsync(document.Id);

        (await Eventually.HoldsAsync(() => Task.FromResult(_gate.SawCancellation), Patience)).ShouldBeTrue("the worker stopped");
        var state = await _scenario.StateAsync(document.Id);
        state.Status.ShouldBe(DocumentStatus.Cancelled);
        state.IndexGeneration.ShouldBe(1);
        (await _scenario.ChunksAsync(document.Id)).ShouldHaveSingleItem().Generation.ShouldBe(1);
        await ServesAsync("penguins", "Old wording about penguins");
    }

    [Fact]
    public async Task Staged_passages_of_another_generation_are_never_served_and_a_cancel_removes_them()
    {
        var document = await IndexedOnceAsync();
        await _host!.StopAsync();
        await using (var db = _scenario.Context())
        {
            // What a re-index on a node that went down mid-write could leave: the next generation beside the current one.
            db.DocumentChunks.Add(new DocumentChunk(document.Id, _scenario.WorkspaceId, 0, "Staged text about walruses", 1, null, 4, [0, 0, 128, 63], generation: 2));
            await db.SaveChangesAsync();
        }

        (await Search.SearchAsync(_scenario.WorkspaceId, "walruses", SearchMode.FullText)).ShouldBeEmpty();
        (await ReindexAsync(_scenario.WorkspaceId)).Queued.ShouldBe(1);
        await CancelAsync(document.Id);

        (await _scenario.ChunksAsync(document.Id)).ShouldHaveSingleItem().Text.ShouldBe("Old wording about penguins");
        await ServesAsync("penguins", "Old wording about penguins");
    }

    [Fact]
    public async Task Documents_never_indexed_are_claimed_before_reindex_work_and_an_unknown_workspace_is_not_found()
    {
        var document = await IndexedOnceAsync();
        await _host!.StopAsync();
        (await ReindexAsync(_scenario.WorkspaceId)).Queued.ShouldBe(1);
        var fresh = await _scenario.AddAsync("fresh.txt", "Brand new");

        await using var db = _scenario.Context();
        var queue = DocumentScenario.Queue(db);
        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        var ours = new List<Guid>();
        while (ours.Count < 2 && await queue.ClaimAsync("worker-x", now, TimeSpan.FromMinutes(1), CancellationToken.None) is { } claimed)
        {
            // Other tests' documents may wait in the shared queue too; only the order of this test's two counts.
            if (claimed.Id == fresh.Id || claimed.Id == document.Id)
            {
                ours.Add(claimed.Id);
            }
        }

        ours.ShouldBe([fresh.Id, document.Id], "the newer, never indexed document goes first");
        await Should.ThrowAsync<NotFoundException>(() => ReindexAsync(Guid.NewGuid()));
    }

    private SearchTestNode Search => _search ??= new SearchTestNode(database, generator: _embeddings);

    /// <summary>Indexed once as "Old wording about penguins"; the next extraction waits at the gate, then reads the new wording.</summary>
    private async Task<Document> IndexedOnceAsync()
    {
        var document = await _scenario.AddAsync(Name, "Old wording about penguins");
        _extractor.Script(Name, (call, ct) =>
        {
            if (call == 1)
            {
                return ScriptedExtractor.Lines("Old wording about penguins");
            }

            _gate.Pass(ct);
            return ScriptedExtractor.Lines("New wording about glaciers");
        });
        _host = await ProcessingHost.StartAsync(database, _scenario.Files, _extractor, _embeddings);
        (await Eventually.HoldsAsync(() => _scenario.HasStatusAsync(document.Id, DocumentStatus.Ready), Patience)).ShouldBeTrue();
        (await _scenario.StateAsync(document.Id)).IndexGeneration.ShouldBe(1);
        await ServesAsync("penguins", "Old wording about penguins");
        return document;
    }

    /// <summary>Full text finds the passage by the word, and the vector half serves the same passage.</summary>
    private async Task ServesAsync(string word, string text)
    {
        (await Search.SearchAsync(_scenario.WorkspaceId, word, SearchMode.FullText)).ShouldHaveSingleItem().Text.ShouldBe(text);
        (await Search.SearchAsync(_scenario.WorkspaceId, word, SearchMode.Vector)).ShouldHaveSingleItem().Text.ShouldBe(text);
    }

    /// <summary>The command as the request pipeline runs it, as an Admin, with the host's processing told after the commit.</summary>
    private async Task<ReindexResultDto> ReindexAsync(Guid workspaceId)
    {
        await using var db = _scenario.Context();
        var unitOfWork = new UnitOfWork(db);
        var handler = new ReindexDocumentsHandler(
            db, new CurrentUser { Caller = Caller.System }, new WorkspaceAccess(db), unitOfWork, Processing, TimeProvider.System);
        return await unitOfWork.ExecuteInTransactionAsync(async ct => await handler.Handle(new ReindexDocumentsCommand(workspaceId), ct), CancellationToken.None);
    }

    private async Task CancelAsync(Guid documentId)
    {
        await using var db = _scenario.Context();
        var unitOfWork = new UnitOfWork(db);
        var handler = new CancelDocumentHandler(db, unitOfWork, new DocumentRemover(db, unitOfWork, _scenario.Files, Processing), Processing, TimeProvider.System);
        await unitOfWork.ExecuteInTransactionAsync(async ct => await handler.Handle(new CancelDocumentCommand(documentId), ct), CancellationToken.None);
    }

    private IDocumentProcessing Processing => _host!.Processing;
}

[Collection(SqliteDatabase.Name)]
public sealed class SqliteReindexTests(SqliteDatabaseFixture database) : ReindexTests(database);

[Collection(PostgresDatabase.Name)]
public sealed class PostgresReindexTests(PostgresDatabaseFixture database) : ReindexTests(database);
