using Microsoft.EntityFrameworkCore;
using Planck.Domain.Identity;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.IntegrationTests.Persistence;

public abstract class UnitOfWorkTests(DatabaseFixture database)
{
    private const string AfterCommitAction = "after-commit action";

    private readonly List<string> _events = [];

    [Fact]
    public async Task Work_that_completes_is_committed()
    {
        await using var db = Context();
        var unitOfWork = new UnitOfWork(db);
        var user = TestData.NewUser();

        var answer = await unitOfWork.ExecuteInTransactionAsync(
            _ =>
            {
                db.Users.Add(user);
                return Task.FromResult(42);
            },
            CancellationToken.None);

        answer.ShouldBe(42);
        (await ExistsAsync(user.Id)).ShouldBeTrue("changes the work left unsaved are saved before the commit");
        _events.ShouldBe([TransactionLog.Committed]);
    }

    [Fact]
    public async Task Work_that_throws_leaves_nothing_written()
    {
        await using var db = Context();
        var unitOfWork = new UnitOfWork(db);
        var saved = TestData.NewUser();
        var unsaved = TestData.NewUser();

        await Should.ThrowAsync<InvalidOperationException>(() => unitOfWork.ExecuteInTransactionAsync<int>(
            async ct =>
            {
                db.Users.Add(saved);
                await db.SaveChangesAsync(ct);
                db.Users.Add(unsaved);
                throw new InvalidOperationException("the handler failed half way");
            },
            CancellationToken.None));

        (await ExistsAsync(saved.Id)).ShouldBeFalse("a row saved inside the failed transaction must be rolled back");
        (await ExistsAsync(unsaved.Id)).ShouldBeFalse();
        _events.ShouldNotContain(TransactionLog.Committed);
    }

    [Fact]
    public async Task Bulk_updates_inside_failed_work_are_rolled_back()
    {
        var user = TestData.NewUser();
        await using (var seed = database.CreateContext())
        {
            seed.Users.Add(user);
            await seed.SaveChangesAsync();
        }

        await using var db = Context();
        var unitOfWork = new UnitOfWork(db);

        await Should.ThrowAsync<InvalidOperationException>(() => unitOfWork.ExecuteInTransactionAsync<int>(
            async ct =>
            {
                await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.FullName, "Changed"), ct);
                throw new InvalidOperationException("the handler failed after a bulk update");
            },
            CancellationToken.None));

        await using var fresh = database.CreateContext();
        (await fresh.Users.SingleAsync(u => u.Id == user.Id)).FullName.ShouldBe("Test User");
    }

    [Fact]
    public async Task After_commit_actions_run_once_the_transaction_has_committed()
    {
        await using var db = Context();
        var unitOfWork = new UnitOfWork(db);
        var user = TestData.NewUser();
        bool? rowVisibleToOthers = null;

        await unitOfWork.ExecuteInTransactionAsync(
            _ =>
            {
                db.Users.Add(user);
                unitOfWork.AfterCommit(() =>
                {
                    _events.Add(AfterCommitAction);
                    using var other = database.CreateContext();
                    rowVisibleToOthers = other.Users.Any(u => u.Id == user.Id);
                });
                _events.ShouldBeEmpty("the action must wait for the commit");
                return Task.FromResult(true);
            },
            CancellationToken.None);

        _events.ShouldBe([TransactionLog.Committed, AfterCommitAction]);
        rowVisibleToOthers.ShouldBe(true);
    }

    [Fact]
    public async Task After_commit_actions_run_in_the_order_they_were_queued()
    {
        await using var db = Context();
        var unitOfWork = new UnitOfWork(db);

        await unitOfWork.ExecuteInTransactionAsync(
            _ =>
            {
                unitOfWork.AfterCommit(() => _events.Add("first"));
                unitOfWork.AfterCommit(() => _events.Add("second"));
                return Task.FromResult(true);
            },
            CancellationToken.None);

        _events.ShouldBe([TransactionLog.Committed, "first", "second"]);
    }

    [Fact]
    public async Task After_commit_actions_never_run_when_the_work_fails()
    {
        await using var db = Context();
        var unitOfWork = new UnitOfWork(db);

        await Should.ThrowAsync<InvalidOperationException>(() => unitOfWork.ExecuteInTransactionAsync<int>(
            _ =>
            {
                unitOfWork.AfterCommit(() => _events.Add(AfterCommitAction));
                throw new InvalidOperationException("the handler failed");
            },
            CancellationToken.None));

        _events.ShouldNotContain(AfterCommitAction);
    }

    [Fact]
    public async Task After_commit_actions_of_a_failed_transaction_do_not_run_after_a_later_one()
    {
        await using var db = Context();
        var unitOfWork = new UnitOfWork(db);
        await Should.ThrowAsync<InvalidOperationException>(() => unitOfWork.ExecuteInTransactionAsync<int>(
            _ =>
            {
                unitOfWork.AfterCommit(() => _events.Add("from the failed transaction"));
                throw new InvalidOperationException("the handler failed");
            },
            CancellationToken.None));

        await unitOfWork.ExecuteInTransactionAsync(
            _ =>
            {
                unitOfWork.AfterCommit(() => _events.Add("from the committed transaction"));
                return Task.FromResult(true);
            },
            CancellationToken.None);

        _events.ShouldNotContain("from the failed transaction");
        _events.ShouldContain("from the committed transaction");
    }

    [Fact]
    public async Task After_commit_actions_never_run_when_the_commit_itself_fails()
    {
        var email = TestData.UniqueEmail();
        await using (var seed = database.CreateContext())
        {
            seed.Users.Add(TestData.NewUser(email: email));
            await seed.SaveChangesAsync();
        }

        await using var db = Context();
        var unitOfWork = new UnitOfWork(db);

        // The work itself succeeds; the unit of work's final save hits the unique email and fails.
        await Should.ThrowAsync<Application.Common.Exceptions.ConflictException>(() => unitOfWork.ExecuteInTransactionAsync(
            _ =>
            {
                db.Users.Add(TestData.NewUser(email: email));
                unitOfWork.AfterCommit(() => _events.Add(AfterCommitAction));
                return Task.FromResult(true);
            },
            CancellationToken.None));

        _events.ShouldNotContain(AfterCommitAction);
        _events.ShouldNotContain(TransactionLog.Committed);
    }

    [Fact]
    public async Task An_after_commit_action_queued_outside_a_transaction_runs_at_once()
    {
        await using var db = Context();
        var unitOfWork = new UnitOfWork(db);

        unitOfWork.AfterCommit(() => _events.Add(AfterCommitAction));

        _events.ShouldBe([AfterCommitAction]);
    }

    [Fact]
    public async Task Nested_work_joins_the_outer_transaction_and_fails_with_it()
    {
        await using var db = Context();
        var unitOfWork = new UnitOfWork(db);
        var inner = TestData.NewUser();

        await Should.ThrowAsync<InvalidOperationException>(() => unitOfWork.ExecuteInTransactionAsync<int>(
            async ct =>
            {
                await unitOfWork.ExecuteInTransactionAsync(
                    async innerCt =>
                    {
                        db.Users.Add(inner);
                        await db.SaveChangesAsync(innerCt);
                        unitOfWork.AfterCommit(() => _events.Add(AfterCommitAction));
                        return true;
                    },
                    ct);
                throw new InvalidOperationException("the outer work failed after the inner work finished");
            },
            CancellationToken.None));

        (await ExistsAsync(inner.Id)).ShouldBeFalse();
        _events.ShouldNotContain(AfterCommitAction);
        _events.ShouldNotContain(TransactionLog.Committed);
    }

    [Fact]
    public async Task Nested_work_commits_with_the_outer_transaction_and_its_actions_run_once_after_it()
    {
        await using var db = Context();
        var unitOfWork = new UnitOfWork(db);
        var inner = TestData.NewUser();

        await unitOfWork.ExecuteInTransactionAsync(
            ct => unitOfWork.ExecuteInTransactionAsync(
                _ =>
                {
                    db.Users.Add(inner);
                    unitOfWork.AfterCommit(() => _events.Add(AfterCommitAction));
                    return Task.FromResult(true);
                },
                ct),
            CancellationToken.None);

        _events.ShouldBe([TransactionLog.Committed, AfterCommitAction]);
        (await ExistsAsync(inner.Id)).ShouldBeTrue();
    }

    [Fact]
    public async Task The_work_runs_inside_a_database_transaction()
    {
        await using var db = Context();
        var unitOfWork = new UnitOfWork(db);
        var sawTransaction = false;

        await unitOfWork.ExecuteInTransactionAsync(
            _ =>
            {
                sawTransaction = db.Database.CurrentTransaction is not null;
                return Task.FromResult(true);
            },
            CancellationToken.None);

        sawTransaction.ShouldBeTrue();
        db.Database.CurrentTransaction.ShouldBeNull("the transaction ends with the work");
    }

    private PlanckDbContext Context() => database.CreateContext(new TransactionLog(_events));

    private async Task<bool> ExistsAsync(Guid userId)
    {
        await using var fresh = database.CreateContext();
        return await fresh.Users.AnyAsync(u => u.Id == userId);
    }
}

[Collection(SqliteDatabase.Name)]
public sealed class SqliteUnitOfWorkTests(SqliteDatabaseFixture database) : UnitOfWorkTests(database);

[Collection(PostgresDatabase.Name)]
public sealed class PostgresUnitOfWorkTests(PostgresDatabaseFixture database) : UnitOfWorkTests(database);
