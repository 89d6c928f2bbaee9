using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Documents.Processing;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Infrastructure.Documents.Processing;
using Planck.Infrastructure.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Planck.Infrastructure.IntegrationTests.Documents.Processing;

/// <summary>The claim, renewal and completion statements on each provider, driven directly with chosen times and owners.</summary>
public abstract class DocumentWorkQueueTests(DatabaseFixture database, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly DocumentScenario _scenario = new(database);

    public Task InitializeAsync() => _scenario.InitializeAsync();

    public Task DisposeAsync() => _scenario.CleanUpAsync();

    [Fact]
    public async Task A_claim_takes_a_due_document_and_records_the_owner_lease_and_attempt()
    {
        var document = await _scenario.AddAsync("due.txt");
        var now = DateTimeOffset.UtcNow.AddSeconds(1);

        var claimed = await ClaimUntilAsync("worker-a", now, document.Id);

        claimed.ShouldNotBeNull();
        claimed.WorkspaceId.ShouldBe(_scenario.WorkspaceId);
        claimed.Name.ShouldBe("due.txt");
        claimed.StorageKey.ShouldBe(document.StorageKey);
        claimed.Kind.ShouldBe(DocumentKind.Text);
        claimed.Attempts.ShouldBe(1);
        var stored = await _scenario.StateAsync(document.Id);
        stored.Status.ShouldBe(DocumentStatus.Processing);
        stored.LeaseOwner.ShouldBe("worker-a");
        stored.LeaseExpiresAt!.Value.ShouldBe(now + Lease, TimeSpan.FromMilliseconds(1));
        stored.ProcessingStartedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_pending_document_is_not_claimed_before_its_next_attempt_is_due()
    {
        var now = DateTimeOffset.UtcNow;
        var document = await _scenario.AddAsync("later.txt");
        await _scenario.SetNextAttemptAsync(document.Id, now.AddMinutes(10));

        (await ClaimUntilAsync("worker-a", now, document.Id)).ShouldBeNull("the document is not due for another ten minutes");
        (await _scenario.StateAsync(document.Id)).Status.ShouldBe(DocumentStatus.Pending);

        (await ClaimUntilAsync("worker-a", now.AddMinutes(10).AddSeconds(1), document.Id)).ShouldNotBeNull("it is due now");
    }

    [Fact]
    public async Task A_document_whose_lease_ran_out_is_claimed_by_another_worker()
    {
        var now = DateTimeOffset.UtcNow;
        var document = await _scenario.AddAsync("orphan.txt");
        await _scenario.SetLeaseAsync(document.Id, "crashed-node", now.AddSeconds(-1));

        var claimed = await ClaimUntilAsync("worker-b", now, document.Id);

        claimed.ShouldNotBeNull();
        claimed.Attempts.ShouldBe(2);
        (await _scenario.StateAsync(document.Id)).LeaseOwner.ShouldBe("worker-b");
    }

    [Fact]
    public async Task A_live_lease_is_not_stolen()
    {
        var now = DateTimeOffset.UtcNow;
        var document = await _scenario.AddAsync("held.txt");
        await _scenario.SetLeaseAsync(document.Id, "busy-node", now.AddMinutes(1));

        (await ClaimUntilAsync("worker-b", now, document.Id)).ShouldBeNull();

        var stored = await _scenario.StateAsync(document.Id);
        stored.LeaseOwner.ShouldBe("busy-node");
        stored.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task The_oldest_due_document_is_claimed_first()
    {
        var now = DateTimeOffset.UtcNow;
        var newer = await _scenario.AddAsync("newer.txt", createdAt: now.AddSeconds(-10));
        var older = await _scenario.AddAsync("older.txt", createdAt: now.AddSeconds(-20));
        HashSet<Guid> mine = [newer.Id, older.Id];

        var order = new List<Guid>();
        await using var db = _scenario.Context();
        while (order.Count < 2 && await DocumentScenario.Queue(db).ClaimAsync("worker-a", now, Lease, CancellationToken.None) is { } claimed)
        {
            if (mine.Contains(claimed.Id))
            {
                order.Add(claimed.Id);
            }
        }

        order.ShouldBe([older.Id, newer.Id]);
    }

    [Fact]
    public async Task Concurrent_claimers_never_take_the_same_document()
    {
        const int documents = 20;
        const int claimers = 4;
        var created = new List<Guid>();
        for (var i = 0; i < documents; i++)
        {
            created.Add((await _scenario.AddAsync($"batch-{i}.txt")).Id);
        }

        HashSet<Guid> mine = [.. created];
        var claims = new ConcurrentBag<(string Owner, Guid Id)>();
        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        using var start = new ManualResetEventSlim();

        var tasks = Enumerable.Range(0, claimers).Select(n => Task.Run(async () =>
        {
            var owner = $"claimer-{n}";
            start.Wait();
            await using var db = _scenario.Context();
            var queue = DocumentScenario.Queue(db);
            while (claims.Count(c => mine.Contains(c.Id)) < documents && DateTime.UtcNow < deadline)
            {
                if (await queue.ClaimAsync(owner, now, Lease, CancellationToken.None) is { } claimed)
                {
                    claims.Add((owner, claimed.Id));

                    // As a worker would be busy with it now: lets the other claimers in, so the claims really interleave.
                    await Task.Delay(5);
                }
                else
                {
                    // Every due row may be locked by the other claimers for an instant; look again.
                    await Task.Delay(10);
                }
            }
        })).ToList();
        start.Set();
        await Task.WhenAll(tasks);

        var claimedOfMine = claims.Where(c => mine.Contains(c.Id)).ToList();
        claimedOfMine.Select(c => c.Id).Distinct().Count().ShouldBe(documents);
        claimedOfMine.Count.ShouldBe(documents, "each document is claimed exactly once");
        foreach (var id in created)
        {
            var stored = await _scenario.StateAsync(id);
            stored.Attempts.ShouldBe(1);
            stored.LeaseOwner.ShouldBe(claimedOfMine.Single(c => c.Id == id).Owner);
        }

        output.WriteLine($"Claims per claimer: {string.Join(", ", claimedOfMine.GroupBy(c => c.Owner).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}"))}");
    }

    [Fact]
    public async Task Renewal_extends_the_lease_only_for_its_holder()
    {
        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        var document = await _scenario.AddAsync("renewed.txt");
        (await ClaimUntilAsync("worker-a", now, document.Id)).ShouldNotBeNull();
        await using var db = _scenario.Context();
        var queue = DocumentScenario.Queue(db);

        (await queue.RenewAsync(document.Id, "worker-a", now.AddMinutes(1), Lease, CancellationToken.None)).ShouldBeTrue();
        (await queue.RenewAsync(document.Id, "worker-b", now.AddMinutes(2), Lease, CancellationToken.None)).ShouldBeFalse();

        (await _scenario.StateAsync(document.Id)).LeaseExpiresAt!.Value.ShouldBe(now.AddMinutes(1) + Lease, TimeSpan.FromMilliseconds(1));
        await _scenario.DeleteAsync(document.Id);
        (await queue.RenewAsync(document.Id, "worker-a", now.AddMinutes(2), Lease, CancellationToken.None)).ShouldBeFalse("a deleted document has no lease to renew");
    }

    [Fact]
    public async Task Completing_replaces_passages_and_tables_left_by_an_earlier_crashed_attempt()
    {
        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        var document = await _scenario.AddAsync("again.csv", kind: DocumentKind.Csv);
        (await ClaimUntilAsync("crashed-node", now, document.Id)).ShouldNotBeNull();
        (await CompleteAsync(await ReadAsync(document.Id), "crashed-node", Result(chunks: 3, rows: 5), now)).ShouldBeTrue();

        // The first attempt wrote its rows but, as far as the queue knows, crashed: the lease ran out and another worker took over.
        await _scenario.SetLeaseAsync(document.Id, "crashed-node", now.AddSeconds(-1));
        (await ClaimUntilAsync("worker-b", now.AddSeconds(1), document.Id)).ShouldNotBeNull();
        (await CompleteAsync(await ReadAsync(document.Id), "worker-b", Result(chunks: 2, rows: 4), now.AddSeconds(2))).ShouldBeTrue();

        (await _scenario.ChunksAsync(document.Id)).Count.ShouldBe(2);
        var table = (await _scenario.TablesAsync(document.Id)).ShouldHaveSingleItem();
        (await _scenario.RowCountAsync(table.Id)).ShouldBe(4);
        var ready = await _scenario.StateAsync(document.Id);
        ready.Status.ShouldBe(DocumentStatus.Ready);
        ready.ChunkCount.ShouldBe(2);
        ready.PageCount.ShouldBe(7);
        ready.LeaseOwner.ShouldBeNull();
    }

    [Fact]
    public async Task Completing_after_the_lease_was_taken_over_writes_nothing()
    {
        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        var document = await _scenario.AddAsync("taken.csv", kind: DocumentKind.Csv);
        (await ClaimUntilAsync("slow-node", now, document.Id)).ShouldNotBeNull();
        var asRead = await ReadAsync(document.Id);
        await _scenario.SetLeaseAsync(document.Id, "other-node", now.AddMinutes(5), attempts: 2);

        (await CompleteAsync(asRead, "slow-node", Result(chunks: 3, rows: 10), now)).ShouldBeFalse();

        (await _scenario.ChunksAsync(document.Id)).ShouldBeEmpty();
        (await _scenario.TablesAsync(document.Id)).ShouldBeEmpty();
        var stored = await _scenario.StateAsync(document.Id);
        stored.Status.ShouldBe(DocumentStatus.Processing);
        stored.LeaseOwner.ShouldBe("other-node");
    }

    [Fact]
    public async Task Completing_a_document_deleted_meanwhile_writes_nothing()
    {
        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        var document = await _scenario.AddAsync("gone.csv", kind: DocumentKind.Csv);
        (await ClaimUntilAsync("worker-a", now, document.Id)).ShouldNotBeNull();
        var asRead = await ReadAsync(document.Id);
        await _scenario.DeleteAsync(document.Id);

        (await CompleteAsync(asRead, "worker-a", Result(chunks: 3, rows: 10), now)).ShouldBeFalse();

        (await _scenario.ChunksAsync(document.Id)).ShouldBeEmpty();
        (await _scenario.TablesAsync(document.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_transition_is_saved_only_while_the_row_is_as_it_was_read()
    {
        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        var document = await _scenario.AddAsync("outcomes.txt");
        (await ClaimUntilAsync("worker-a", now, document.Id)).ShouldNotBeNull();
        var retrying = await ReadAsync(document.Id);
        retrying.ScheduleRetry("worker-a", "try later", now.AddSeconds(40), now);
        await _scenario.SetLeaseAsync(document.Id, "worker-b", now.AddMinutes(5));

        await using var db = _scenario.Context();
        (await db.SaveTransitionAsync(retrying, DocumentStatus.Processing, "worker-a", CancellationToken.None)).ShouldBeFalse("worker-b holds it now");
        (await _scenario.StateAsync(document.Id)).LeaseOwner.ShouldBe("worker-b");

        await _scenario.SetLeaseAsync(document.Id, "worker-a", now.AddMinutes(5));
        (await db.SaveTransitionAsync(retrying, DocumentStatus.Processing, "worker-a", CancellationToken.None)).ShouldBeTrue();
        var pending = await _scenario.StateAsync(document.Id);
        pending.Status.ShouldBe(DocumentStatus.Pending);
        pending.Error.ShouldBe("try later");
        pending.NextAttemptAt.ShouldBe(now.AddSeconds(40), TimeSpan.FromMilliseconds(1));
        pending.LeaseOwner.ShouldBeNull();

        (await ClaimUntilAsync("worker-a", now.AddSeconds(41), document.Id)).ShouldNotBeNull();
        (await db.TransitionAsync(document.Id, d => { d.Fail("worker-a", new string('x', 5000), now); return true; }, CancellationToken.None)).ShouldBeTrue();
        var failed = await _scenario.StateAsync(document.Id);
        failed.Status.ShouldBe(DocumentStatus.Failed);
        failed.Error!.Length.ShouldBe(Document.MaxErrorLength);
        failed.LeaseOwner.ShouldBeNull();
    }

    [Fact]
    public async Task Completing_a_table_of_a_hundred_thousand_rows_writes_every_row()
    {
        const int rowCount = 100_000;
        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        var warmUp = await _scenario.AddAsync("warm-up.csv", kind: DocumentKind.Csv);
        (await ClaimUntilAsync("worker-a", now, warmUp.Id)).ShouldNotBeNull();

        // The rate below should measure writing, not compiling the code paths on first use.
        (await CompleteAsync(await ReadAsync(warmUp.Id), "worker-a", Result(chunks: 50, rows: 2_000), now)).ShouldBeTrue();

        var document = await _scenario.AddAsync("big.csv", kind: DocumentKind.Csv);
        (await ClaimUntilAsync("worker-a", now, document.Id)).ShouldNotBeNull();
        var result = Result(chunks: 50, rows: rowCount);
        var asRead = await ReadAsync(document.Id);

        var stopwatch = Stopwatch.StartNew();
        (await CompleteAsync(asRead, "worker-a", result, now)).ShouldBeTrue();

        stopwatch.Stop();
        output.WriteLine($"{database.ProviderName}: completed {rowCount:N0} rows (+50 passages) in {stopwatch.ElapsedMilliseconds:N0} ms = {rowCount / stopwatch.Elapsed.TotalSeconds:N0} rows/s");

        var table = (await _scenario.TablesAsync(document.Id)).ShouldHaveSingleItem();
        table.RowCount.ShouldBe(rowCount);
        (await _scenario.RowCountAsync(table.Id)).ShouldBe(rowCount);
        var ends = await _scenario.RowsAsync(table.Id, 1, rowCount);
        ends.Select(r => r.CellsJson).ShouldBe([
            """[1,"name 1",false,"2025-01-02"]""",
            $$"""[{{rowCount}},"name {{rowCount}}",true,"{{new DateTime(2025, 1, 1).AddDays(rowCount % 365):yyyy-MM-dd}}"]""",
        ]);
    }

    /// <summary>Claims with the given owner until the document is claimed or nothing due is left (other tests' leftovers are claimed on the way).</summary>
    private async Task<ClaimedDocument?> ClaimUntilAsync(string owner, DateTimeOffset now, Guid documentId)
    {
        await using var db = _scenario.Context();
        var queue = DocumentScenario.Queue(db);
        while (await queue.ClaimAsync(owner, now, Lease, CancellationToken.None) is { } claimed)
        {
            if (claimed.Id == documentId)
            {
                return claimed;
            }
        }

        return null;
    }

    /// <summary>The document as a worker reads it at the start of its attempt.</summary>
    private async Task<Document> ReadAsync(Guid documentId)
    {
        await using var db = _scenario.Context();
        return await db.Documents.AsNoTracking().SingleAsync(d => d.Id == documentId);
    }

    /// <summary>Completes as the worker that read <paramref name="asRead"/> does: marks its copy ready and stores the result.</summary>
    private async Task<bool> CompleteAsync(Document asRead, string owner, IndexedDocument result, DateTimeOffset now)
    {
        asRead.MarkReady(owner, result.Content.PageCount, result.Passages.Count, now);
        await using var db = _scenario.Context();
        return await DocumentScenario.Queue(db).CompleteAsync(asRead, owner, result, CancellationToken.None);
    }

    private static IndexedDocument Result(int chunks, int rows)
    {
        var passages = Enumerable.Range(0, chunks)
            .Select(i => new EmbeddedPassage(new PassageDraft($"Passage {i}", null, "Sheet1", 2), [1, 2, 3, 4]))
            .ToList();
        var table = new ExtractedTable(
            "Sheet1",
            [new TableColumn("id", "number"), new TableColumn("name", "string"), new TableColumn("even", "boolean"), new TableColumn("joined", "date")],
            Enumerable.Range(1, rows)
                .Select(i => (IReadOnlyList<object?>)[(double)i, $"name {i}", i % 2 == 0, new DateTime(2025, 1, 1).AddDays(i % 365)])
                .ToList());
        return new IndexedDocument(new ExtractedDocumentContent(new ExtractedDocument([], [table], 7), DocumentKind.Csv), passages);
    }
}

[Collection(SqliteDatabase.Name)]
public sealed class SqliteDocumentWorkQueueTests(SqliteDatabaseFixture database, ITestOutputHelper output) : DocumentWorkQueueTests(database, output);

[Collection(PostgresDatabase.Name)]
public sealed class PostgresDocumentWorkQueueTests(PostgresDatabaseFixture database, ITestOutputHelper output) : DocumentWorkQueueTests(database, output);
