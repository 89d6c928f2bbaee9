using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planck.Application.Documents.Processing;
using Planck.Domain.Documents;
using Planck.Infrastructure.Documents.Extraction;
using Planck.Infrastructure.Documents.Processing;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.IntegrationTests.Documents.Processing;

/// <summary>
/// The product pools its contexts. A context handed back to the pool with a connection it opened explicitly and never
/// closed passes that on: its next user's connection then stays open after every query until that user's scope ends,
/// and a streamed chat answer holds its scope (and so a pooled PostgreSQL connection) for minutes. The work queue
/// is the code that opens connections explicitly, so each of its operations must leave the context as it found it.
/// </summary>
public abstract class PooledConnectionTests(DatabaseFixture database)
{
    public static TheoryData<string> Operations => ["claim", "renew", "complete"];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_work_queue_operation_hands_its_pooled_context_back_with_nothing_left_open(string operation)
    {
        var services = new ServiceCollection();
        database.AddDbContextPool(services);
        await using var provider = services.BuildServiceProvider();
        PlanckDbContext used;
        await using (var scope = provider.CreateAsyncScope())
        {
            used = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
            await RunAsync(DocumentWorkQueue.For(used), operation);
            used.Database.GetDbConnection().State.ShouldBe(ConnectionState.Closed, "the operation itself closes what it opened");
        }

        await using (var scope = provider.CreateAsyncScope())
        {
            var next = scope.ServiceProvider.GetRequiredService<PlanckDbContext>();
            next.ShouldBeSameAs(used, "the pool hands the same context to its next user");

            await next.Users.AsNoTracking().CountAsync();

            next.Database.GetDbConnection().State.ShouldBe(ConnectionState.Closed, "a plain query gives its connection back");
        }
    }

    private static async Task RunAsync(DocumentWorkQueue queue, string operation)
    {
        var now = DateTimeOffset.UtcNow;
        var nobody = Guid.NewGuid();
        const string Owner = "pooled-connection-test";
        switch (operation)
        {
            case "claim":
                await queue.ClaimAsync(Owner, now.AddYears(-50), TimeSpan.FromMinutes(1), CancellationToken.None);
                break;
            case "renew":
                (await queue.RenewAsync(nobody, Owner, now, TimeSpan.FromMinutes(1), CancellationToken.None)).ShouldBeFalse();
                break;
            case "complete":
                var nothing = Document.Upload(nobody, Guid.NewGuid(), "missing.txt", "missing", DocumentKind.Text, 1, new string('0', 64), Guid.NewGuid(), now);
                var content = new ExtractedDocumentContent(new ExtractedDocument([], [], 1), DocumentKind.Text);
                (await queue.CompleteAsync(nothing, Owner, new IndexedDocument(content, []), CancellationToken.None)).ShouldBeFalse();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown operation.");
        }
    }
}

[Collection(SqliteDatabase.Name)]
public sealed class SqlitePooledConnectionTests(SqliteDatabaseFixture database) : PooledConnectionTests(database);

[Collection(PostgresDatabase.Name)]
public sealed class PostgresPooledConnectionTests(PostgresDatabaseFixture database) : PooledConnectionTests(database);
