using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;
using Planck.Application.Documents;
using Planck.Application.Documents.Commands.ReindexDocuments;
using Planck.Application.Documents.Processing;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Search;
using Planck.Infrastructure.IntegrationTests.Documents.Search;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.IntegrationTests.Documents.Processing;

/// <summary>
/// Re-indexing through the real workers and the real search: the old generation answers (full text and vectors) while
/// the new one is made, the new one replaces it at once when ready, and a stopped re-index leaves the old one serving.
/// </summary>
public abstract class ReindexTests(DatabaseFixture database) : IAsyncLifetime
{
    private const string Name = "manual.txt";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly ProcessingRig _rig = new(database);

    public Task InitializeAsync() => _rig.Scenario.InitializeAsync();

    public Task DisposeAsync() => _rig.DisposeAsync().AsTask();

    [Fact]
    public async Task Search_answers_from_the_old_passages_while_a_document_is_reindexed_and_from_the_new_ones_once_it_is_ready()
    {
        var document = await IndexedOnceAsync();

        (await ReindexAsync(_rig.Scenario.WorkspaceId)).Queued.ShouldBe(1);
        (await _rig.Gate.EnteredAsync()).ShouldBeTrue("the worker took the document up again");

        var during = await _rig.Scenario.StateAsync(document.Id);
        during.Status.ShouldBe(DocumentStatus.Processing);
        during.IndexGeneration.ShouldBe(1);
        await ServesAsync("penguins", "Old wording about penguins");
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, "glaciers", SearchMode.FullText)).ShouldBeEmpty();

        _rig.Gate.Open();
        (await Eventually.HoldsAsync(() => _rig.Scenario.HasStatusAsync(document.Id, DocumentStatus.Ready), Patience)).ShouldBeTrue();

        (await _rig.Scenario.StateAsync(document.Id)).IndexGeneration.ShouldBe(2);
        await ServesAsync("glaciers", "New wording about glaciers");
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, "penguins", SearchMode.FullText)).ShouldBeEmpty();
        (await _rig.Scenario.ChunksAsync(document.Id)).ShouldAllBe(c => c.Generation == 2 && c.Embedding != null);
    }

    [Fact]
    public async Task A_reindex_cancelled_while_processing_keeps_the_old_passages_serving()
    {
        var document = await IndexedOnceAsync();
        (await ReindexAsync(_rig.Scenario.WorkspaceId)).Queued.ShouldBe(1);
        (await _rig.Gate.EnteredAsync()).ShouldBeTrue();

        await CancelAsync(document.Id);

        (await Eventually.HoldsAsync(() => Task.FromResult(_rig.Gate.SawCancellation), Patience)).ShouldBeTrue("the worker stopped");
        var state = await _rig.Scenario.StateAsync(document.Id);
        state.Status.ShouldBe(DocumentStatus.Cancelled);
        state.IndexGeneration.ShouldBe(1);
        (await _rig.Scenario.ChunksAsync(document.Id)).ShouldHaveSingleItem().Generation.ShouldBe(1);
        await ServesAsync("penguins", "Old wording about penguins");
    }

    [Fact]
    public async Task Staged_passages_of_another_generation_are_never_served_and_a_cancel_removes_them()
    {
        var document = await IndexedOnceAsync();
        await _rig.Host!.StopAsync();
        await using (var db = _rig.Scenario.Context())
        {
            // What a re-index on a node that went down mid-write could leave: the next generation beside the current one.
            db.DocumentChunks.Add(new DocumentChunk(document.Id, _rig.Scenario.WorkspaceId, 0, "Staged text about walruses", 1, null, 4, [0, 0, 128, 63], generation: 2));
            await db.SaveChangesAsync();
        }

        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, "walruses", SearchMode.FullText)).ShouldBeEmpty();
        (await ReindexAsync(_rig.Scenario.WorkspaceId)).Queued.ShouldBe(1);
        await CancelAsync(document.Id);

        (await _rig.Scenario.ChunksAsync(document.Id)).ShouldHaveSingleItem().Text.ShouldBe("Old wording about penguins");
        await ServesAsync("penguins", "Old wording about penguins");
    }

    [Fact]
    public async Task Documents_never_indexed_are_claimed_before_reindex_work_and_an_unknown_workspace_is_not_found()
    {
        var document = await IndexedOnceAsync();
        await _rig.Host!.StopAsync();
        (await ReindexAsync(_rig.Scenario.WorkspaceId)).Queued.ShouldBe(1);
        var fresh = await _rig.Scenario.AddAsync("fresh.txt", "Brand new");

        await using var db = _rig.Scenario.Context();
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

    private SearchTestNode Search => _rig.Search ??= new SearchTestNode(database, generator: _rig.Embeddings);

    /// <summary>Indexed once as "Old wording about penguins"; the next extraction waits at the gate, then reads the new wording.</summary>
    private async Task<Document> IndexedOnceAsync()
    {
        var document = await _rig.Scenario.AddAsync(Name, "Old wording about penguins");
        _rig.Extractor.Script(Name, (call, ct) =>
        {
            if (call == 1)
            {
                return ScriptedExtractor.Lines("Old wording about penguins");
            }

            _rig.Gate.Pass(ct);
            return ScriptedExtractor.Lines("New wording about glaciers");
        });
        _rig.Host = await ProcessingHost.StartAsync(database, _rig.Scenario.Files, _rig.Extractor, _rig.Embeddings);
        (await Eventually.HoldsAsync(() => _rig.Scenario.HasStatusAsync(document.Id, DocumentStatus.Ready), Patience)).ShouldBeTrue();
        (await _rig.Scenario.StateAsync(document.Id)).IndexGeneration.ShouldBe(1);
        await ServesAsync("penguins", "Old wording about penguins");
        return document;
    }

    /// <summary>Full text finds the passage by the word, and the vector half serves the same passage.</summary>
    private async Task ServesAsync(string word, string text)
    {
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, word, SearchMode.FullText)).ShouldHaveSingleItem().Text.ShouldBe(text);
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, word, SearchMode.Vector)).ShouldHaveSingleItem().Text.ShouldBe(text);
    }

    private Task<ReindexResultDto> ReindexAsync(Guid workspaceId) => _rig.Scenario.ReindexAsync(workspaceId, Processing);

    private Task<DocumentDto> CancelAsync(Guid documentId) => _rig.Scenario.CancelAsync(documentId, Processing);

    private IDocumentProcessing Processing => _rig.Host!.Processing;
}

[Collection(SqliteDatabase.Name)]
public sealed class SqliteReindexTests(SqliteDatabaseFixture database) : ReindexTests(database);

[Collection(PostgresDatabase.Name)]
public sealed class PostgresReindexTests(PostgresDatabaseFixture database) : ReindexTests(database);
