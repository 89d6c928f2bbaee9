using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Exceptions;
using Planck.Application.Documents;
using Planck.Application.Documents.Commands.RetryDocument;
using Planck.Application.Documents.Processing;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Infrastructure.Documents.Processing;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.IntegrationTests.Documents.Processing;

/// <summary>Cancel in every stage leaves nothing behind, on this node and from another; retry brings a document back.</summary>
public abstract class CancelAndRetryTests(DatabaseFixture database) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly DocumentScenario _scenario = new(database);
    private readonly ScriptedExtractor _extractor = new();
    private readonly FakeEmbeddingGenerator _embeddings = new();
    private readonly Gate _gate = new();
    private ProcessingHost? _host;

    public Task InitializeAsync() => _scenario.InitializeAsync();

    public async Task DisposeAsync()
    {
        _gate.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _scenario.CleanUpAsync();
    }

    [Fact]
    public async Task A_queued_document_cancelled_is_never_taken_up()
    {
        var document = await _scenario.AddAsync("queued.txt");

        (await CancelAsync(document.Id, new OtherNode())).Status.ShouldBe("cancelled");
        await StartWorkersAsync();
        var next = await _scenario.AddAsync("next.txt", "Next in line");
        _host!.Processing.DocumentQueued();

        (await Eventually.HoldsAsync(() => _scenario.HasStatusAsync(next.Id, DocumentStatus.Ready), Patience)).ShouldBeTrue();
        _extractor.CallsFor("queued.txt").ShouldBe(0);
        await NothingLeftAsync(document.Id);
    }

    [Fact]
    public async Task A_document_cancelled_while_extracting_stops_at_once_on_this_node_and_leaves_nothing()
    {
        var document = await _scenario.AddAsync("extracting.txt");
        _extractor.Script("extracting.txt", (_, ct) =>
        {
            _gate.Pass(ct);
            return ScriptedExtractor.Lines("Never stored");
        });
        await StartWorkersAsync();
        (await _gate.EnteredAsync()).ShouldBeTrue();

        await CancelAsync(document.Id, _host!.Processing);

        (await Eventually.HoldsAsync(() => Task.FromResult(_gate.SawCancellation), Patience)).ShouldBeTrue("the extractor's token is cancelled");
        await NothingLeftAsync(document.Id);
    }

    [Fact]
    public async Task A_document_cancelled_from_another_node_while_embedding_stops_at_its_next_progress_write_and_leaves_nothing()
    {
        var document = await _scenario.AddAsync("embedding.txt", string.Join('\n', Enumerable.Range(1, 20).Select(i => $"Passage {i}")));
        _embeddings.DelayPerBatch = TimeSpan.FromMilliseconds(400);
        await StartWorkersAsync();
        (await Eventually.HoldsAsync(async () => (await _scenario.StateAsync(document.Id)).Stage == DocumentStage.Embedding, Patience)).ShouldBeTrue();

        await CancelAsync(document.Id, new OtherNode());

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var batches = _embeddings.BatchSizes.Count;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        _embeddings.BatchSizes.Count.ShouldBe(batches, "the worker stopped embedding");
        batches.ShouldBeLessThan(10, "it stopped before the last of the ten batches");
        await NothingLeftAsync(document.Id);
    }

    [Fact]
    public async Task A_document_cancelled_just_before_it_is_stored_has_nothing_written()
    {
        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        var document = await _scenario.AddAsync("indexing.csv", kind: DocumentKind.Csv);
        await using (var db = _scenario.Context())
        {
            var queue = DocumentScenario.Queue(db);
            while (await queue.ClaimAsync("worker-a", now, TimeSpan.FromMinutes(1), CancellationToken.None) is { } claimed && claimed.Id != document.Id)
            {
            }
        }

        Document asRead;
        await using (var db = _scenario.Context())
        {
            asRead = await db.Documents.AsNoTracking().SingleAsync(d => d.Id == document.Id);
        }

        asRead.ReportProgress("worker-a", DocumentStage.Indexing, 90, 1, now);
        await CancelAsync(document.Id, new OtherNode());
        asRead.MarkReady("worker-a", 1, 1, now);
        var table = new ExtractedTable("Sheet1", [new TableColumn("id", "number")], [[1.0]]);
        var content = new IndexedDocument(
            new ExtractedDocumentContent(new ExtractedDocument([], [table], null), DocumentKind.Csv),
            [new EmbeddedPassage(new PassageDraft("id: 1", null, "Sheet1", 2), null)]);
        await using (var db = _scenario.Context())
        {
            (await DocumentScenario.Queue(db).CompleteAsync(asRead, "worker-a", content, CancellationToken.None)).ShouldBeFalse();
        }

        await NothingLeftAsync(document.Id);
    }

    [Fact]
    public async Task A_cancelled_document_retried_becomes_ready_and_a_ready_one_can_be_neither_cancelled_nor_retried()
    {
        var document = await _scenario.AddAsync("again.txt", "Back again");
        await CancelAsync(document.Id, new OtherNode());

        var retried = await RetryAsync(document.Id);
        retried.Status.ShouldBe("pending");
        retried.Progress.ShouldBe(new DocumentProgressDto("queued", 0, 0));
        await StartWorkersAsync();

        (await Eventually.HoldsAsync(() => _scenario.HasStatusAsync(document.Id, DocumentStatus.Ready), Patience)).ShouldBeTrue();
        (await _scenario.ChunksAsync(document.Id)).Single().Text.ShouldBe("Back again");
        (await Should.ThrowAsync<ConflictException>(() => CancelAsync(document.Id, new OtherNode()))).Message.ShouldContain("ready");
        (await Should.ThrowAsync<ConflictException>(() => RetryAsync(document.Id))).Message.ShouldContain("ready");
        await Should.ThrowAsync<NotFoundException>(() => RetryAsync(Guid.NewGuid()));
    }

    private async Task NothingLeftAsync(Guid documentId)
    {
        var state = await _scenario.StateAsync(documentId);
        state.Status.ShouldBe(DocumentStatus.Cancelled);
        state.LeaseOwner.ShouldBeNull();
        (await _scenario.ChunksAsync(documentId)).ShouldBeEmpty();
        (await _scenario.TablesAsync(documentId)).ShouldBeEmpty();
    }

    private Task<DocumentDto> CancelAsync(Guid documentId, IDocumentProcessing processing) => _scenario.CancelAsync(documentId, processing);

    private async Task<DocumentDto> RetryAsync(Guid documentId)
    {
        await using var db = _scenario.Context();
        var unitOfWork = new UnitOfWork(db);
        var handler = new RetryDocumentHandler(db, unitOfWork, new OtherNode(), TimeProvider.System);
        return await unitOfWork.ExecuteInTransactionAsync(async ct => await handler.Handle(new RetryDocumentCommand(documentId), ct), CancellationToken.None);
    }

    private async Task StartWorkersAsync() => _host = await ProcessingHost.StartAsync(database, _scenario.Files, _extractor, _embeddings);

    /// <summary>The request ran on another node: nothing here hears of it but through the database.</summary>
    private sealed class OtherNode : IDocumentProcessing
    {
        public void DocumentQueued()
        {
        }

        public void CancelProcessing(Guid documentId)
        {
        }
    }
}

[Collection(SqliteDatabase.Name)]
public sealed class SqliteCancelAndRetryTests(SqliteDatabaseFixture database) : CancelAndRetryTests(database);

[Collection(PostgresDatabase.Name)]
public sealed class PostgresCancelAndRetryTests(PostgresDatabaseFixture database) : CancelAndRetryTests(database);
