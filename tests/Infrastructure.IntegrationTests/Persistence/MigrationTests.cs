using Microsoft.EntityFrameworkCore;
using Planck.Domain.Identity;
using Planck.Infrastructure.IntegrationTests.Support;

namespace Planck.Infrastructure.IntegrationTests.Persistence;

public abstract class MigrationTests(DatabaseFixture database)
{
    private static readonly string[] ExpectedTables = ["users", "api_keys", "user_sessions", "workspaces", "workspace_members"];

    [Fact]
    public async Task The_tests_run_on_the_provider_they_claim()
    {
        await using var db = database.CreateContext();

        db.Database.ProviderName.ShouldBe(database.ProviderName);
        (await db.Database.CanConnectAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task Every_migration_is_applied_and_none_is_pending()
    {
        await using var db = database.CreateContext();

        var all = db.Database.GetMigrations().ToList();
        var applied = await db.Database.GetAppliedMigrationsAsync();
        var pending = await db.Database.GetPendingMigrationsAsync();

        all.ShouldNotBeEmpty();
        applied.ShouldBe(all);
        pending.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_migrations_match_the_model()
    {
        await using var db = database.CreateContext();

        db.Database.HasPendingModelChanges().ShouldBeFalse("the model has changed since the last migration of this provider");
    }

    [Fact]
    public async Task The_snake_case_tables_exist()
    {
        await using var db = database.CreateContext();

        var tables = await TableNamesAsync(db);

        foreach (var table in ExpectedTables)
        {
            tables.ShouldContain(table);
        }
    }

    [Fact]
    public async Task Migrating_an_up_to_date_database_changes_nothing()
    {
        await using var db = database.CreateContext();
        var before = await db.Database.GetAppliedMigrationsAsync();

        await db.Database.MigrateAsync();

        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Entities_round_trip_through_the_schema()
    {
        var user = TestData.NewUser(Role.Admin);
        var key = TestData.NewApiKey(user.Id, expiresAt: TestData.Now.AddDays(30));
        var session = UserSession.Start(user.Id, new byte[32].Select((_, i) => (byte)i).ToArray(), TestData.Now, TimeSpan.FromHours(12));
        var workspace = TestData.NewWorkspace();
        workspace.AddMember(user.Id, TestData.Now.AddMinutes(1));
        await using (var db = database.CreateContext())
        {
            db.Users.Add(user);
            db.ApiKeys.Add(key);
            db.Sessions.Add(session);
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync();
        }

        await using var fresh = database.CreateContext();
        var storedUser = await fresh.Users.SingleAsync(u => u.Id == user.Id);
        storedUser.Email.ShouldBe(user.Email);
        storedUser.NormalizedEmail.ShouldBe(user.NormalizedEmail);
        storedUser.Role.ShouldBe(Role.Admin);
        storedUser.IsActive.ShouldBeTrue();
        storedUser.CreatedAt.ShouldBe(TestData.Now);

        var storedKey = await fresh.ApiKeys.SingleAsync(k => k.Id == key.Id);
        storedKey.Hash.ShouldBe(key.Hash);
        storedKey.ExpiresAt.ShouldBe(TestData.Now.AddDays(30));
        storedKey.RevokedAt.ShouldBeNull();

        var storedSession = await fresh.Sessions.SingleAsync(s => s.Id == session.Id);
        storedSession.TokenHash.ShouldBe(session.TokenHash);
        storedSession.ExpiresAt.ShouldBe(TestData.Now.AddHours(12));

        var storedWorkspace = await fresh.Workspaces.Include(w => w.Members).SingleAsync(w => w.Id == workspace.Id);
        var member = storedWorkspace.Members.ShouldHaveSingleItem();
        member.UserId.ShouldBe(user.Id);
        member.AddedAt.ShouldBe(TestData.Now.AddMinutes(1));
    }

    [Fact]
    public async Task Times_compare_as_instants_in_queries()
    {
        var early = TestData.NewUser(createdAt: TestData.Now.AddDays(-1));
        var late = TestData.NewUser(createdAt: TestData.Now.AddDays(1));
        await using (var db = database.CreateContext())
        {
            db.Users.AddRange(early, late);
            await db.SaveChangesAsync();
        }

        await using var fresh = database.CreateContext();
        var ids = new[] { early.Id, late.Id };
        var after = await fresh.Users.Where(u => ids.Contains(u.Id) && u.CreatedAt > TestData.Now).Select(u => u.Id).ToListAsync();

        after.ShouldBe([late.Id]);
    }

    private static async Task<List<string>> TableNamesAsync(DbContext db)
    {
        var sql = db.Database.IsSqlite()
            ? "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'";
        return await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
    }
}

[Collection(SqliteDatabase.Name)]
public sealed class SqliteMigrationTests(SqliteDatabaseFixture database) : MigrationTests(database)
{
    [Fact]
    public async Task The_sqlite_database_uses_write_ahead_logging()
    {
        await using var db = database.CreateContext();

        var mode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS \"Value\" FROM pragma_journal_mode()").ToListAsync();

        mode.ShouldBe(["wal"]);
    }
}

[Collection(PostgresDatabase.Name)]
public sealed class PostgresMigrationTests(PostgresDatabaseFixture database) : MigrationTests(database)
{
    [Fact]
    public async Task Passages_keep_their_tsvector_and_embedding_in_the_row()
    {
        await using var db = database.CreateContext();

        // 'm' is MAIN: compressed in the row, moved to TOAST only as a last resort (full-text ranking reads every match's tsvector).
        var storage = await db.Database.SqlQueryRaw<string>("""
            SELECT a.attname || '=' || a.attstorage::text AS "Value" FROM pg_attribute AS a
            WHERE a.attrelid = 'document_chunks'::regclass AND a.attname IN ('search_vector', 'embedding')
            ORDER BY a.attname
            """).ToListAsync();

        storage.ShouldBe(["embedding=m", "search_vector=m"]);
    }
}
