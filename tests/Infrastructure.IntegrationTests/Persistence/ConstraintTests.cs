using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Identity;
using Planck.Infrastructure.IntegrationTests.Support;

namespace Planck.Infrastructure.IntegrationTests.Persistence;

/// <summary>Uniqueness is the database's job: a race between two requests must end in a conflict, not a duplicate.</summary>
public abstract class ConstraintTests(DatabaseFixture database)
{
    [Fact]
    public async Task Two_users_whose_emails_differ_only_in_case_conflict()
    {
        var local = $"Case-{Guid.NewGuid():N}";
        await SaveAsync(TestData.NewUser(email: $"{local}@Example.com"));

        // A separate context stands for a second request that checked before the first one committed.
        await using var db = database.CreateContext();
        db.Users.Add(TestData.NewUser(email: $"{local.ToUpperInvariant()}@EXAMPLE.COM"));

        await Should.ThrowAsync<ConflictException>(() => db.SaveChangesAsync());

        await using var fresh = database.CreateContext();
        var normalized = User.NormalizeEmail($"{local}@example.com");
        (await fresh.Users.CountAsync(u => u.NormalizedEmail == normalized)).ShouldBe(1);
    }

    [Fact]
    public async Task Two_users_with_the_same_email_conflict()
    {
        var email = TestData.UniqueEmail();
        await SaveAsync(TestData.NewUser(email: email));

        await using var db = database.CreateContext();
        db.Users.Add(TestData.NewUser(email: email));

        await Should.ThrowAsync<ConflictException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Users_with_different_emails_are_both_stored()
    {
        var first = TestData.NewUser();
        var second = TestData.NewUser();

        await SaveAsync(first);
        await SaveAsync(second);

        await using var fresh = database.CreateContext();
        (await fresh.Users.CountAsync(u => u.Id == first.Id || u.Id == second.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task Two_api_keys_with_the_same_hash_conflict()
    {
        var owner = TestData.NewUser();
        var hash = Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray();
        await SaveAsync(owner, TestData.NewApiKey(owner.Id, hash: hash));

        await using var db = database.CreateContext();
        db.ApiKeys.Add(TestData.NewApiKey(owner.Id, hash: hash.ToArray()));

        await Should.ThrowAsync<ConflictException>(() => db.SaveChangesAsync());

        await using var fresh = database.CreateContext();
        (await fresh.ApiKeys.CountAsync(k => k.UserId == owner.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task Two_sessions_with_the_same_token_hash_conflict()
    {
        var owner = TestData.NewUser();
        var hash = Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray();
        await SaveAsync(owner, UserSession.Start(owner.Id, hash, TestData.Now, TimeSpan.FromHours(1)));

        await using var db = database.CreateContext();
        db.Sessions.Add(UserSession.Start(owner.Id, hash.ToArray(), TestData.Now, TimeSpan.FromHours(1)));

        await Should.ThrowAsync<ConflictException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Adding_the_same_member_twice_from_two_requests_conflicts()
    {
        var user = TestData.NewUser();
        var workspace = TestData.NewWorkspace();
        await SaveAsync(user, workspace);

        await using var first = database.CreateContext();
        await using var second = database.CreateContext();
        var firstCopy = await first.Workspaces.Include(w => w.Members).SingleAsync(w => w.Id == workspace.Id);
        var secondCopy = await second.Workspaces.Include(w => w.Members).SingleAsync(w => w.Id == workspace.Id);
        firstCopy.AddMember(user.Id, TestData.Now).ShouldBeTrue();
        secondCopy.AddMember(user.Id, TestData.Now).ShouldBeTrue();
        await first.SaveChangesAsync();

        // The membership's primary key is (workspace, user): the second request loses the race with a conflict.
        await Should.ThrowAsync<ConflictException>(() => second.SaveChangesAsync());
    }

    [Fact]
    public async Task A_missing_owner_is_a_database_error_not_a_conflict()
    {
        await using var db = database.CreateContext();
        db.ApiKeys.Add(TestData.NewApiKey(Guid.NewGuid()));

        var ex = await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());

        ex.ShouldNotBeOfType<ConflictException>();
    }

    [Fact]
    public async Task A_user_with_api_keys_cannot_be_deleted()
    {
        var owner = TestData.NewUser();
        await SaveAsync(owner, TestData.NewApiKey(owner.Id));

        await using var db = database.CreateContext();
        // ExecuteDelete goes straight to the database, so the provider's own exception surfaces.
        await Should.ThrowAsync<DbException>(() => db.Users.Where(u => u.Id == owner.Id).ExecuteDeleteAsync());

        await using var fresh = database.CreateContext();
        (await fresh.Users.CountAsync(u => u.Id == owner.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task Deleting_a_user_deletes_their_sessions_and_memberships()
    {
        var user = TestData.NewUser();
        var workspace = TestData.NewWorkspace();
        workspace.AddMember(user.Id, TestData.Now);
        await SaveAsync(user, UserSession.Start(user.Id, Guid.NewGuid().ToByteArray(), TestData.Now, TimeSpan.FromHours(1)));
        await SaveAsync(workspace);

        await using (var db = database.CreateContext())
        {
            (await db.Users.Where(u => u.Id == user.Id).ExecuteDeleteAsync()).ShouldBe(1);
        }

        await using var fresh = database.CreateContext();
        (await fresh.Sessions.CountAsync(s => s.UserId == user.Id)).ShouldBe(0);
        (await fresh.WorkspaceMembers.CountAsync(m => m.UserId == user.Id)).ShouldBe(0);
        (await fresh.Workspaces.CountAsync(w => w.Id == workspace.Id)).ShouldBe(1);
    }

    private async Task SaveAsync(params object[] entities)
    {
        await using var db = database.CreateContext();
        db.AddRange(entities);
        await db.SaveChangesAsync();
    }
}

[Collection(SqliteDatabase.Name)]
public sealed class SqliteConstraintTests(SqliteDatabaseFixture database) : ConstraintTests(database);

[Collection(PostgresDatabase.Name)]
public sealed class PostgresConstraintTests(PostgresDatabaseFixture database) : ConstraintTests(database);
