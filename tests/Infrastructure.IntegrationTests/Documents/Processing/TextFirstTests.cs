using Planck.Application.Documents;
using Planck.Application.Documents.Commands.ReindexDocuments;
using Planck.Application.Documents.Processing;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Infrastructure.IntegrationTests.Documents.Search;
using Planck.Infrastructure.IntegrationTests.Support;

namespace Planck.Infrastructure.IntegrationTests.Documents.Processing;

/// <summary>
/// A first index is searchable by full text as soon as its passages are cut, while the embedding substitute holds the
/// document in the embedding stage; its vectors follow at ready. A stopped attempt serves nothing and keeps nothing, a
/// re-index keeps the old generation serving, and a table's row passages beyond the configured few get no vector.
/// </summary>
public abstract class TextFirstTests(DatabaseFixture database) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly ProcessingRig _rig = new(database);

    public Task InitializeAsync() => _rig.Scenario.InitializeAsync();

    public Task DisposeAsync() => _rig.DisposeAsync().AsTask();

    private SearchTestNode Search => _rig.Search ??= new SearchTestNode(database, generator: new FakeEmbeddingGenerator());

    [Fact]
    public async Task A_first_index_is_searchable_by_full_text_while_embedding_and_its_vectors_reach_a_cache_loaded_before_them()
    {
        var document = await _rig.Scenario.AddAsync("field-notes.txt", "Penguins nest on the ice shelf\nGlaciers calve in summer");
        _rig.Embeddings.Hold = _rig.Gate;
        await StartWorkersAsync();
        (await _rig.Gate.EnteredAsync()).ShouldBeTrue("the worker is embedding");

        var during = await _rig.Scenario.StateAsync(document.Id);
        during.Status.ShouldBe(DocumentStatus.Processing);
        during.Stage.ShouldBe(DocumentStage.Embedding);
        during.ServesTextOnly.ShouldBeTrue();
        var shown = DocumentDto.From(during);
        (shown.Status, shown.Progress.Stage, shown.Searchable).ShouldBe(("processing", "embedding", true));
        (await _rig.Scenario.ChunksAsync(document.Id)).ShouldAllBe(c => c.Embedding == null);

        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, "glaciers", SearchMode.FullText)).ShouldHaveSingleItem().Text.ShouldBe("Glaciers calve in summer");
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, "glaciers", SearchMode.Hybrid)).ShouldHaveSingleItem().Text.ShouldBe("Glaciers calve in summer");
        // This loads the workspace's vectors into the node's cache while the document has none yet.
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, "glaciers", SearchMode.Vector)).ShouldBeEmpty();

        _rig.Gate.Open();
        (await Eventually.HoldsAsync(() => _rig.Scenario.HasStatusAsync(document.Id, DocumentStatus.Ready), Patience)).ShouldBeTrue();

        var ready = await _rig.Scenario.StateAsync(document.Id);
        (ready.IndexGeneration, ready.ServesTextOnly, ready.ChunkCount).ShouldBe((1, false, 2));
        (await _rig.Scenario.ChunksAsync(document.Id)).ShouldAllBe(c => c.Generation == 1 && c.Embedding != null);
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, "Glaciers calve in summer", SearchMode.Vector)).Select(h => h.Text)
            .ShouldBe(["Glaciers calve in summer", "Penguins nest on the ice shelf"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_document_cancelled_while_embedding_after_its_text_was_served_serves_nothing_and_keeps_no_passages()
    {
        var document = await _rig.Scenario.AddAsync("cancelled.csv", kind: DocumentKind.Csv);
        _rig.Extractor.Script("cancelled.csv", (_, _) => new ExtractedDocument(
            [], [new ExtractedTable("cancelled", [new TableColumn("animal", "text")], [["walrus"], ["narwhal"]])], null));
        _rig.Embeddings.Hold = _rig.Gate;
        await StartWorkersAsync();
        (await _rig.Gate.EnteredAsync()).ShouldBeTrue();
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, "animal", SearchMode.FullText)).ShouldNotBeEmpty();
        (await _rig.Scenario.TablesAsync(document.Id)).ShouldHaveSingleItem("rows are queryable while embedding");

        await CancelAsync(document.Id);

        (await Eventually.HoldsAsync(() => Task.FromResult(_rig.Gate.SawCancellation), Patience)).ShouldBeTrue("the worker stopped embedding");
        var state = await _rig.Scenario.StateAsync(document.Id);
        (state.Status, state.IndexGeneration, state.ServesTextOnly).ShouldBe((DocumentStatus.Cancelled, 0, false));
        (await _rig.Scenario.ChunksAsync(document.Id)).ShouldBeEmpty();
        (await _rig.Scenario.TablesAsync(document.Id)).ShouldBeEmpty();
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, "animal", SearchMode.FullText)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_document_whose_embedding_fails_for_good_after_its_text_was_served_serves_nothing_and_keeps_no_passages()
    {
        var document = await _rig.Scenario.AddAsync("failing.txt", "Icebergs drift north");
        _rig.Embeddings.Failure = () => new InvalidOperationException("The model broke.");
        await StartWorkersAsync();

        (await Eventually.HoldsAsync(() => _rig.Scenario.HasStatusAsync(document.Id, DocumentStatus.Failed), Patience)).ShouldBeTrue();

        var state = await _rig.Scenario.StateAsync(document.Id);
        (state.IndexGeneration, state.ServesTextOnly, state.ChunkCount).ShouldBe((0, false, null));
        (await _rig.Scenario.ChunksAsync(document.Id)).ShouldBeEmpty();
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, "icebergs", SearchMode.FullText)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_reindex_held_in_embedding_keeps_the_old_generation_serving_by_full_text_and_vector()
    {
        const string Name = "manual.txt";
        var document = await _rig.Scenario.AddAsync(Name, "Old wording about penguins");
        _rig.Extractor.Script(Name, (call, _) => ScriptedExtractor.Lines(call == 1 ? "Old wording about penguins" : "New wording about glaciers"));
        await StartWorkersAsync();
        (await Eventually.HoldsAsync(() => _rig.Scenario.HasStatusAsync(document.Id, DocumentStatus.Ready), Patience)).ShouldBeTrue();

        _rig.Embeddings.Hold = _rig.Gate;
        (await ReindexAsync()).Queued.ShouldBe(1);
        (await _rig.Gate.EnteredAsync()).ShouldBeTrue("the re-index is embedding");

        var during = await _rig.Scenario.StateAsync(document.Id);
        (during.Status, during.Stage, during.IndexGeneration, during.ServesTextOnly).ShouldBe((DocumentStatus.Processing, DocumentStage.Embedding, 1, false));
        DocumentDto.From(during).Searchable.ShouldBeTrue();
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, "penguins", SearchMode.FullText)).ShouldHaveSingleItem().Text.ShouldBe("Old wording about penguins");
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, "penguins", SearchMode.Vector)).ShouldHaveSingleItem().Text.ShouldBe("Old wording about penguins");
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, "glaciers", SearchMode.FullText)).ShouldBeEmpty();

        _rig.Gate.Open();
        (await Eventually.HoldsAsync(() => _rig.Scenario.HasStatusAsync(document.Id, DocumentStatus.Ready), Patience)).ShouldBeTrue();
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, "glaciers", SearchMode.FullText)).ShouldHaveSingleItem().Text.ShouldBe("New wording about glaciers");
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, "glaciers", SearchMode.Vector)).ShouldHaveSingleItem().Text.ShouldBe("New wording about glaciers");
    }

    [Fact]
    public async Task Of_a_table_only_the_first_configured_row_passages_get_a_vector_and_every_passage_and_row_serves_full_text_and_sql()
    {
        const int Rows = 400;
        var document = await _rig.Scenario.AddAsync("animals.csv", kind: DocumentKind.Csv);
        _rig.Extractor.Script("animals.csv", (_, _) => new ExtractedDocument(
            [],
            [new ExtractedTable(
                "animals",
                [new TableColumn("id", "number"), new TableColumn("animal", "text"), new TableColumn("note", "text")],
                Enumerable.Range(1, Rows).Select(i => (IReadOnlyList<object?>)[(double)i, $"animal{i}", $"seen near the {i}th marker on the northern shore"]).ToList())],
            null));
        await StartWorkersAsync(options => options.Documents.TablePassagesEmbedded = 3, new TokenChunker());

        (await Eventually.HoldsAsync(() => _rig.Scenario.HasStatusAsync(document.Id, DocumentStatus.Ready), Patience)).ShouldBeTrue();

        var chunks = await _rig.Scenario.ChunksAsync(document.Id);
        chunks.Count.ShouldBeGreaterThan(6, "enough rows for many passages");
        chunks.OrderBy(c => c.Ordinal).Select(c => c.Embedding != null).ShouldBe(Enumerable.Range(0, chunks.Count).Select(i => i < 3));
        (await Search.SearchAsync(_rig.Scenario.WorkspaceId, $"animal{Rows}", SearchMode.FullText)).ShouldHaveSingleItem().Text.ShouldContain($"animal{Rows}");
        (await _rig.Scenario.RowCountAsync((await _rig.Scenario.TablesAsync(document.Id)).Single().Id)).ShouldBe(Rows);
    }

    private async Task StartWorkersAsync(Action<Infrastructure.Options.PlanckOptions>? configure = null, IChunker? chunker = null) =>
        _rig.Host = await ProcessingHost.StartAsync(database, _rig.Scenario.Files, _rig.Extractor, _rig.Embeddings, configure, chunker: chunker);

    private Task<ReindexResultDto> ReindexAsync() => _rig.Scenario.ReindexAsync(_rig.Scenario.WorkspaceId, _rig.Host!.Processing);

    private Task<DocumentDto> CancelAsync(Guid documentId) => _rig.Scenario.CancelAsync(documentId, _rig.Host!.Processing);
}

[Collection(SqliteDatabase.Name)]
public sealed class SqliteTextFirstTests(SqliteDatabaseFixture database) : TextFirstTests(database);

[Collection(PostgresDatabase.Name)]
public sealed class PostgresTextFirstTests(PostgresDatabaseFixture database) : TextFirstTests(database);
