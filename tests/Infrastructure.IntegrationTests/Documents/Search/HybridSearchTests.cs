using Planck.Application.Documents;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Embeddings;
using Planck.Infrastructure.Documents.Search;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Infrastructure.Options;

namespace Planck.Infrastructure.IntegrationTests.Documents.Search;

public abstract class HybridSearchTests(DatabaseFixture database) : IAsyncLifetime
{
    private static readonly string[] Axes = ["invoice bill", "refund reimbursement", "weather dog", "payment", "contract"];

    private readonly WordAxisEmbeddingGenerator _embedder = new(Axes);
    private SearchTestNode _node = null!;
    private SearchData _data = null!;

    public Task InitializeAsync()
    {
        _node = new SearchTestNode(database, generator: _embedder);
        _data = new SearchData(database, _embedder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Passages_are_found_by_their_words_and_by_other_forms_of_them()
    {
        var workspace = await _data.NewWorkspaceAsync();
        var document = await _data.AddDocumentAsync(workspace, "notes.txt", DocumentStatus.Ready,
            "The service runs every night and checks the backups.",
            "Lunch is served at noon in the cafeteria.");

        var byWord = await _node.SearchAsync(workspace, "backups", SearchMode.FullText);
        var byStem = await _node.SearchAsync(workspace, "running", SearchMode.FullText);

        byWord.ShouldHaveSingleItem().Text.ShouldContain("backups");
        var hit = byStem.ShouldHaveSingleItem();
        hit.Text.ShouldContain("runs");
        hit.DocumentId.ShouldBe(document);
        hit.DocumentName.ShouldBe("notes.txt");
        hit.Page.ShouldBe(1);
        hit.Score.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Any_of_the_words_is_enough_and_passages_with_more_of_them_rank_higher()
    {
        var workspace = await _data.NewWorkspaceAsync();
        await _data.AddDocumentAsync(workspace, "a.txt", DocumentStatus.Ready,
            "Penguins live in the south.", "Penguins swim fast in cold water near glaciers.", "Glaciers are melting.");

        var hits = await _node.SearchAsync(workspace, "penguins glaciers", SearchMode.FullText);

        hits.Count.ShouldBe(3);
        hits[0].Text.ShouldBe("Penguins swim fast in cold water near glaciers.");
    }

    [Theory]
    [InlineData("\"backups")]
    [InlineData("backup*")]
    [InlineData("NEAR(backups night)")]
    [InlineData("-backups")]
    [InlineData("text:backups")]
    [InlineData("scope:w0 OR backups")]
    [InlineData("(backups OR")]
    [InlineData("backups AND NOT")]
    [InlineData("{text scope}: backups")]
    [InlineData("backups'; DROP TABLE documents; --")]
    [InlineData("^backups + $1 @2 \\ ")]
    public async Task Query_syntax_in_the_words_is_read_as_plain_words(string query)
    {
        var workspace = await _data.NewWorkspaceAsync();
        await _data.AddDocumentAsync(workspace, "notes.txt", DocumentStatus.Ready, "The service checks the backups every night.");

        var hits = await _node.SearchAsync(workspace, query, SearchMode.FullText);

        hits.ShouldHaveSingleItem().Text.ShouldContain("backups");
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("* - : ( ) \"\" NEAR")]
    [InlineData("OR AND NOT")]
    [InlineData("the of a")]
    public async Task A_query_of_only_syntax_or_stop_words_finds_nothing_and_does_not_fail(string query)
    {
        var workspace = await _data.NewWorkspaceAsync();
        await _data.AddDocumentAsync(workspace, "notes.txt", DocumentStatus.Ready, "River mill, closed since winter.");

        var hits = await _node.SearchAsync(workspace, query, SearchMode.FullText);

        hits.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(SearchMode.FullText)]
    [InlineData(SearchMode.Vector)]
    [InlineData(SearchMode.Hybrid)]
    public async Task Passages_of_another_workspace_are_never_returned(SearchMode mode)
    {
        var mine = await _data.NewWorkspaceAsync();
        var theirs = await _data.NewWorkspaceAsync();
        await _data.AddDocumentAsync(theirs, "secret.txt", DocumentStatus.Ready, "The refund contract with the supplier.");
        await _data.AddDocumentAsync(mine, "mine.txt", DocumentStatus.Ready, "Weather report for the weekend.");

        var hits = await _node.SearchAsync(mine, "refund contract", mode);

        hits.ShouldAllBe(h => h.DocumentName == "mine.txt");
        (await _node.SearchAsync(theirs, "refund contract", mode)).ShouldContain(h => h.DocumentName == "secret.txt");
    }

    [Theory]
    [InlineData(SearchMode.FullText)]
    [InlineData(SearchMode.Vector)]
    [InlineData(SearchMode.Hybrid)]
    public async Task Naming_documents_narrows_the_search_to_them(SearchMode mode)
    {
        var workspace = await _data.NewWorkspaceAsync();
        var first = await _data.AddDocumentAsync(workspace, "first.txt", DocumentStatus.Ready, "Invoice 1 is due.");
        var second = await _data.AddDocumentAsync(workspace, "second.txt", DocumentStatus.Ready, "Invoice 2 is due.");
        var third = await _data.AddDocumentAsync(workspace, "third.txt", DocumentStatus.Ready, "Invoice 3 is due.");

        var hits = await _node.SearchAsync(workspace, "invoice", mode, documentIds: [first, third]);

        hits.Select(h => h.DocumentId).ShouldBe([first, third], ignoreOrder: true);
        hits.ShouldNotContain(h => h.DocumentId == second);
    }

    [Theory]
    [InlineData(SearchMode.FullText)]
    [InlineData(SearchMode.Vector)]
    [InlineData(SearchMode.Hybrid)]
    public async Task Passages_of_documents_that_are_not_ready_are_never_returned(SearchMode mode)
    {
        var workspace = await _data.NewWorkspaceAsync();
        await _data.AddDocumentAsync(workspace, "pending.txt", DocumentStatus.Pending, "Payment terms: thirty days.");
        await _data.AddDocumentAsync(workspace, "processing.txt", DocumentStatus.Processing, "Payment terms: sixty days.");
        await _data.AddDocumentAsync(workspace, "failed.txt", DocumentStatus.Failed, "Payment terms: ninety days.");
        await _data.AddDocumentAsync(workspace, "ready.txt", DocumentStatus.Ready, "Payment terms: on receipt.");

        var hits = await _node.SearchAsync(workspace, "payment terms", mode);

        hits.ShouldHaveSingleItem().DocumentName.ShouldBe("ready.txt");
    }

    [Fact]
    public async Task Hybrid_ranks_a_passage_both_halves_like_above_the_ones_only_one_half_likes()
    {
        var workspace = await _data.NewWorkspaceAsync();
        const string Target = "Invoice refund dog.";
        await _data.AddDocumentAsync(workspace, "a.txt", DocumentStatus.Ready,
            "Invoice invoice invoice invoice refund refund refund refund weather weather weather weather weather weather.",
            "Bill reimbursement.",
            "Bill.",
            "Reimbursement.",
            Target,
            "Contract is mild today.");
        const string Query = "invoice refund";

        var fullText = await _node.SearchAsync(workspace, Query, SearchMode.FullText);
        var vector = await _node.SearchAsync(workspace, Query, SearchMode.Vector);
        var hybrid = await _node.SearchAsync(workspace, Query, SearchMode.Hybrid);

        // The premise: each half prefers a different passage (full-text the one repeating the words, vectors the
        // synonyms), and both put the target second; the word-repeating passage is far down the vector ranking.
        int RankOf(IReadOnlyList<SearchHit> hits) => hits.Select(h => h.Text).ToList().IndexOf(Target);
        RankOf(fullText).ShouldBe(1);
        RankOf(vector).ShouldBe(1);
        RankOf(hybrid).ShouldBe(0);
        hybrid.Select(h => h.Score).ShouldBeInOrder(SortDirection.Descending);
    }

    [Fact]
    public async Task The_vector_cache_follows_documents_added_and_deleted_by_another_node()
    {
        var workspace = await _data.NewWorkspaceAsync();
        await _data.AddDocumentAsync(workspace, "first.txt", DocumentStatus.Ready, "Weather is mild.");
        (await _node.SearchAsync(workspace, "refund", SearchMode.Vector)).ShouldAllBe(h => h.DocumentName == "first.txt");
        _node.Cache.Get(workspace).ShouldNotBeNull().Count.ShouldBe(1);

        // Another node writes; this node's cache was filled before and is told of nothing.
        var added = await _data.AddDocumentAsync(workspace, "refunds.txt", DocumentStatus.Ready, "Refund policy for returns.");
        var afterAdd = await _node.SearchAsync(workspace, "refund", SearchMode.Vector);

        afterAdd[0].DocumentId.ShouldBe(added);
        _node.Cache.Get(workspace).ShouldNotBeNull().Count.ShouldBe(2);

        await _data.DeleteDocumentAsync(added);
        var afterDelete = await _node.SearchAsync(workspace, "refund", SearchMode.Vector);

        afterDelete.ShouldNotContain(h => h.DocumentId == added);
        _node.Cache.Get(workspace).ShouldNotBeNull().Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_reload_reads_only_the_documents_whose_version_changed()
    {
        var workspace = await _data.NewWorkspaceAsync();
        var kept = await _data.AddDocumentAsync(workspace, "kept.txt", DocumentStatus.Ready, "Invoice bill.", "Weather dog.");
        var changed = await _data.AddDocumentAsync(workspace, "changed.txt", DocumentStatus.Ready, "Refund policy.");
        var removed = await _data.AddDocumentAsync(workspace, "removed.txt", DocumentStatus.Ready, "Payment due.");
        await _node.SearchAsync(workspace, "refund", SearchMode.Vector);
        var before = _node.Cache.Get(workspace).ShouldNotBeNull();
        var keptIds = await _data.ChunkIdsAsync(kept);
        var oldChangedIds = await _data.ChunkIdsAsync(changed);

        // The kept document's stored vectors now point elsewhere, its version unchanged: only a reload that read
        // it again would see that. The changed document is re-processed; the removed one deleted.
        await _data.OverwriteVectorsAsync(kept, "contract");
        await _data.ReplacePassagesAsync(changed, "Contract signed.", "Contract renewed.");
        await _data.DeleteDocumentAsync(removed);
        var hits = await _node.SearchAsync(workspace, "contract", SearchMode.Vector);

        var after = _node.Cache.Get(workspace).ShouldNotBeNull();
        after.ShouldNotBeSameAs(before);
        var block = after.Blocks.Values.ShouldHaveSingleItem();
        var newChangedIds = await _data.ChunkIdsAsync(changed);
        block.ChunkIds.Order().ShouldBe(keptIds.Concat(newChangedIds).Order());
        block.ChunkIds.ShouldNotContain(id => oldChangedIds.Contains(id));
        block.Documents.Select(d => d.DocumentId).ShouldBe([kept, changed], ignoreOrder: true);
        foreach (var id in keptIds)
        {
            Codes(block, id).ShouldBe(Codes(before.Blocks.Values.Single(), id), "the kept document's rows are copied, not read again");
        }

        // (The kept passages rank by their stored vectors, as the re-ranking reads them: not asserted here.)
        hits.Where(h => h.DocumentId == changed).Select(h => h.ChunkId).ShouldBe(newChangedIds, ignoreOrder: true);
        hits.ShouldNotContain(h => h.DocumentId == removed);
    }

    [Fact]
    public async Task Progress_writes_of_documents_in_processing_do_not_reload_the_vectors()
    {
        var workspace = await _data.NewWorkspaceAsync();
        await _data.AddDocumentAsync(workspace, "ready.txt", DocumentStatus.Ready, "Refund policy.");
        var processing = await _data.AddDocumentAsync(workspace, "processing.txt", DocumentStatus.Processing, "Refund terms.");
        await _node.SearchAsync(workspace, "refund", SearchMode.Vector);
        var loaded = _node.Cache.Get(workspace).ShouldNotBeNull();

        await _data.TouchAsync(processing);
        await _node.SearchAsync(workspace, "refund", SearchMode.Vector);

        _node.Cache.Get(workspace).ShouldBeSameAs(loaded);
    }

    private static sbyte[] Codes(VectorBlock block, long chunkId)
    {
        var row = Array.IndexOf(block.ChunkIds, chunkId);
        row.ShouldBeGreaterThanOrEqualTo(0);
        return block.Codes.AsSpan(row * block.Dimensions, block.Dimensions).ToArray();
    }

    [Fact]
    public async Task A_failing_embedding_service_leaves_full_text_answering()
    {
        await using var node = new SearchTestNode(database, generator: new UnreachableEmbeddingGenerator());
        var workspace = await _data.NewWorkspaceAsync();
        await _data.AddDocumentAsync(workspace, "a.txt", DocumentStatus.Ready, "The contract renews in May.");

        var hybrid = await node.SearchAsync(workspace, "contract");
        var vectorOnly = await node.SearchAsync(workspace, "contract", SearchMode.Vector);

        hybrid.ShouldHaveSingleItem().Text.ShouldBe("The contract renews in May.");
        vectorOnly.ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_an_embedding_provider_search_is_full_text_alone()
    {
        await using var node = new SearchTestNode(database, EmbeddingProvider.None);
        node.Generator.ShouldBeNull();
        var workspace = await _data.NewWorkspaceAsync();
        await _data.AddDocumentAsync(workspace, "a.txt", DocumentStatus.Ready, "The contract renews in May.", "Weather report.");

        var hits = await node.SearchAsync(workspace, "contracts");

        hits.ShouldHaveSingleItem().Text.ShouldBe("The contract renews in May.");
    }

    [Fact]
    public async Task Limit_caps_the_answer_and_scores_come_best_first()
    {
        var workspace = await _data.NewWorkspaceAsync();
        await _data.AddDocumentAsync(workspace, "a.txt", DocumentStatus.Ready,
            Enumerable.Range(1, 12).Select(i => $"Invoice number {i} for the dog.").ToArray());

        var hits = await _node.SearchAsync(workspace, "invoice dog", limit: 5);

        hits.Count.ShouldBe(5);
        hits.Select(h => h.Score).ShouldBeInOrder(SortDirection.Descending);
        hits.Select(h => h.ChunkId).ShouldBeUnique();
    }

    [Fact]
    public async Task Vector_search_finds_a_paraphrase_that_shares_no_word_with_the_passage()
    {
        var local = new LocalEmbeddingGenerator(LocalEmbeddingModel.Default);
        await using var node = new SearchTestNode(database, EmbeddingProvider.Local);
        node.Generator.ShouldBeOfType<LocalEmbeddingGenerator>();
        var data = new SearchData(database, local);
        var workspace = await data.NewWorkspaceAsync();
        await data.AddDocumentAsync(workspace, "mixed.txt", DocumentStatus.Ready,
            "Quarterly revenue grew in the European market.",
            "The feline dozed peacefully on the rug beside the fireplace.",
            "The server crashed because its disk was full.");

        var vector = await node.SearchAsync(workspace, "kitten napping near hearth", SearchMode.Vector);
        var fullText = await node.SearchAsync(workspace, "kitten napping near hearth", SearchMode.FullText);
        var hybrid = await node.SearchAsync(workspace, "kitten napping near hearth");

        fullText.ShouldBeEmpty();
        vector[0].Text.ShouldContain("feline");
        hybrid[0].Text.ShouldContain("feline");
    }
}

[Collection(SqliteDatabase.Name)]
public sealed class SqliteHybridSearchTests(SqliteDatabaseFixture database) : HybridSearchTests(database);

[Collection(PostgresDatabase.Name)]
public sealed class PostgresHybridSearchTests(PostgresDatabaseFixture database) : HybridSearchTests(database);
