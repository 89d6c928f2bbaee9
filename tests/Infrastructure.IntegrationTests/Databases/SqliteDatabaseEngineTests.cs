using System.Data.Common;
using Microsoft.Data.Sqlite;
using Planck.Application.Databases;
using Planck.Application.Databases.Catalog;
using Planck.Application.Databases.Engines;
using Planck.Domain.Databases;
using Planck.Infrastructure.Databases.Sqlite;
using Planck.Infrastructure.Options;
using Planck.Tests.Fixtures.Databases;

namespace Planck.Infrastructure.IntegrationTests.Databases;

/// <summary>The sample as a SQLite file in a temporary SQLite directory, beside a stand-in for Planck's own data directory.</summary>
public sealed class SqliteSampleDatabase : SampleDatabase
{
    public const string FileName = "shop.db";

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "planck-engines-" + Guid.NewGuid().ToString("N"));

    public string SqliteDirectory => Path.Combine(Root, "sqlite");

    public string PlanckData => Path.Combine(Root, "data");

    public string FilePath => Path.Combine(SqliteDirectory, FileName);

    public override SampleDialect Dialect => SampleDialect.Sqlite;

    public IDatabaseEngine CreateEngine(string? sqliteDirectory) => new SqliteDatabaseEngine(
        Microsoft.Extensions.Options.Options.Create(new DatabasesOptions { SqliteDirectory = sqliteDirectory }),
        Microsoft.Extensions.Options.Options.Create(new PlanckOptions { DataDirectory = PlanckData }));

    public static DatabaseTarget TargetFor(string connectionString) => new(Guid.NewGuid(), Guid.NewGuid(), DatabaseType.Sqlite, connectionString);

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(SqliteDirectory);
        Directory.CreateDirectory(PlanckData);
        await LoadSampleAsync();
        Engine = CreateEngine(SqliteDirectory);
        Target = TargetFor(FileName);
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    protected override async Task<DbConnection> OpenOwnerAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}

public sealed class SqliteDatabaseEngineTests(SqliteSampleDatabase database) : DatabaseEngineContract<SqliteSampleDatabase>(database)
{
    [Theory]
    [InlineData("ATTACH DATABASE 'other.db' AS other")]
    [InlineData("PRAGMA writable_schema = 1")]
    [InlineData("PRAGMA query_only = 0")]
    [InlineData("SELECT load_extension('libm')")]
    [InlineData("VACUUM INTO 'copy.db'")]
    [InlineData("BEGIN IMMEDIATE")]
    public async Task A_forbidden_operation_is_refused(string sql)
    {
        await RefusedAsync(sql);
        File.Exists(Path.Combine(Database.SqliteDirectory, "other.db")).ShouldBeFalse();
        File.Exists(Path.Combine(Database.SqliteDirectory, "copy.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_read_only_pragma_function_may_be_queried()
    {
        var result = await RunAsync("SELECT name FROM pragma_table_info('orders') ORDER BY cid");

        result.Rows.Select(r => r[0]).ShouldContain("status");
    }

    [Fact]
    public async Task Data_Source_syntax_names_the_same_file()
    {
        var result = await Database.Engine.QueryAsync(SqliteSampleDatabase.TargetFor($"Data Source={SqliteSampleDatabase.FileName};Mode=ReadWriteCreate"),
            "SELECT COUNT(*) FROM orders", Query, CancellationToken.None);

        result.Rows[0][0].ShouldBe((long)SampleSchema.Orders);
        await Should.ThrowAsync<DatabaseEngineException>(() => Database.Engine.QueryAsync(
            SqliteSampleDatabase.TargetFor($"Data Source={SqliteSampleDatabase.FileName};Mode=ReadWriteCreate"), "DELETE FROM payments", Query, CancellationToken.None));
    }

    [Fact]
    public async Task A_file_outside_the_sqlite_directory_is_refused()
    {
        var outside = Path.Combine(Database.Root, "outside.db");
        File.Copy(Database.FilePath, outside, overwrite: true);

        foreach (var path in new[] { outside, "../outside.db", $"Data Source={outside}" })
        {
            var refused = await Should.ThrowAsync<DatabaseRefusedException>(() => ReadAsync(path));
            refused.Message.ShouldContain("outside the server's SQLite directory");
        }
    }

    [Fact]
    public async Task A_symbolic_link_out_of_the_directory_is_followed_and_refused()
    {
        var outside = Path.Combine(Database.Root, "linked-target.db");
        File.Copy(Database.FilePath, outside, overwrite: true);
        var link = Path.Combine(Database.SqliteDirectory, "innocent.db");
        File.CreateSymbolicLink(link, outside);
        Directory.CreateSymbolicLink(Path.Combine(Database.SqliteDirectory, "linked-dir"), Database.Root);

        (await Should.ThrowAsync<DatabaseRefusedException>(() => ReadAsync("innocent.db"))).Message.ShouldContain("outside");
        (await Should.ThrowAsync<DatabaseRefusedException>(() => ReadAsync("linked-dir/outside.db"))).Message.ShouldContain("outside");
    }

    [Fact]
    public async Task Planck_s_own_database_is_refused_even_inside_the_sqlite_directory()
    {
        File.Copy(Database.FilePath, Path.Combine(Database.PlanckData, "planck.db"), overwrite: true);
        // An administrator who points the SQLite directory at (a parent of) the data directory still cannot reach Planck's files.
        var engine = Database.CreateEngine(Database.Root);

        var refused = await Should.ThrowAsync<DatabaseRefusedException>(() =>
            engine.ReadCatalogAsync(SqliteSampleDatabase.TargetFor("data/planck.db"), Limits, CancellationToken.None));

        refused.Message.ShouldContain("Planck's own data");
    }

    [Fact]
    public async Task Without_a_sqlite_directory_sqlite_connections_are_refused()
    {
        var refused = await Should.ThrowAsync<DatabaseRefusedException>(() =>
            Database.CreateEngine(null).ReadCatalogAsync(Database.Target, Limits, CancellationToken.None));

        refused.Message.ShouldContain("SqliteDirectory");
    }

    [Fact]
    public async Task A_missing_file_is_refused_not_created()
    {
        await Should.ThrowAsync<DatabaseRefusedException>(() => ReadAsync("missing.db"));

        File.Exists(Path.Combine(Database.SqliteDirectory, "missing.db")).ShouldBeFalse();
    }

    private Task<DatabaseCatalog> ReadAsync(string connectionString) =>
        Database.Engine.ReadCatalogAsync(SqliteSampleDatabase.TargetFor(connectionString), Limits, CancellationToken.None);
}
