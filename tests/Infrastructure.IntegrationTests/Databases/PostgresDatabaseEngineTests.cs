using System.Data.Common;
using System.Diagnostics;
using Npgsql;
using Planck.Application.Databases.Catalog;
using Planck.Application.Databases.Engines;
using Planck.Domain.Databases;
using Planck.Infrastructure.Databases.Postgres;
using Planck.Tests.Fixtures.Databases;
using Planck.Tests.Support;

namespace Planck.Infrastructure.IntegrationTests.Databases;

/// <summary>
/// The sample in a fresh database on the test server (PLANCK_TEST_POSTGRES), read through a role made for the test
/// that may only select; the server's own user, a superuser, owns it.
/// </summary>
public sealed class PostgresSampleDatabase : SampleDatabase
{
    private PostgresTestDatabase? _database;

    public string Reader { get; } = "planck_reader_" + Guid.NewGuid().ToString("N")[..12];

    public string ReaderPassword { get; } = "pw-" + Guid.NewGuid().ToString("N");

    public string OwnerConnectionString => _database!.ConnectionString;

    public string ReaderConnectionString => new NpgsqlConnectionStringBuilder(OwnerConnectionString) { Username = Reader, Password = ReaderPassword }.ConnectionString;

    public override SampleDialect Dialect => SampleDialect.Postgres;

    public static DatabaseTarget TargetFor(string connectionString) => new(Guid.NewGuid(), Guid.NewGuid(), DatabaseType.Postgresql, connectionString);

    public override async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        await LoadSampleAsync();
        await using var connection = await OpenOwnerAsync();
        foreach (var statement in new[]
        {
            // PostgreSQL 14 and older let everyone create in public; the reader must not.
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            $"CREATE ROLE {Reader} LOGIN PASSWORD '{ReaderPassword}'",
            $"GRANT CONNECT ON DATABASE \"{_database.Name}\" TO {Reader}",
            $"GRANT USAGE ON SCHEMA public TO {Reader}",
            $"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {Reader}",
            "ANALYZE",
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync();
        }

        Engine = new PostgresDatabaseEngine();
        Target = TargetFor(ReaderConnectionString);
    }

    public override async Task DisposeAsync()
    {
        if (_database is null)
        {
            return;
        }

        var server = Environment.GetEnvironmentVariable(PostgresTestDatabase.EnvironmentVariable)!;
        await _database.DisposeAsync();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP ROLE IF EXISTS {Reader}", connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<DbConnection> OpenOwnerAsync()
    {
        var connection = new NpgsqlConnection(OwnerConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override async Task<int?> RunningStatementsAsync()
    {
        await using var connection = await OpenOwnerAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*)::int FROM pg_stat_activity WHERE usename = $1 AND state = 'active'", (NpgsqlConnection)connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Reader });
        return (int)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsOwnerAsync(params string[] statements)
    {
        await using var connection = await OpenOwnerAsync();
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync();
        }
    }
}

public sealed class PostgresDatabaseEngineTests(PostgresSampleDatabase database) : DatabaseEngineContract<PostgresSampleDatabase>(database)
{
    [Theory]
    [InlineData("WITH gone AS (DELETE FROM payments RETURNING id) SELECT COUNT(*) FROM gone")]
    [InlineData("SELECT * INTO planck_probe FROM regions")]
    [InlineData("COMMIT; DELETE FROM payments")]
    [InlineData("ROLLBACK; DELETE FROM payments")]
    [InlineData("DO $$ BEGIN DELETE FROM payments; END $$")]
    [InlineData("SELECT set_config('transaction_read_only', 'off', true)")]
    [InlineData("CREATE TEMP TABLE planck_probe (id integer)")]
    [InlineData("TRUNCATE payments")]
    public async Task A_postgres_write_in_disguise_fails_and_changes_nothing(string sql) => await RefusedAsync(sql);

    [Fact]
    public async Task Comments_on_tables_and_columns_are_descriptions()
    {
        var catalog = await ReadCatalogAsync();

        var orders = Table(catalog, "orders");
        orders.Schema.ShouldBe("public");
        orders.Description.ShouldBe("One order per checkout");
        orders.Columns.Single(c => c.Name == "status").Description.ShouldBe("pending, paid, shipped, delivered or cancelled");
        orders.Columns.Single(c => c.Name == "total").Type.ShouldBe("numeric(12,2)");
        orders.ApproximateRows.ShouldBe(SampleSchema.Orders);
        Table(catalog, "customers").Columns.Single(c => c.Name == "email").Description.ShouldBe("Where invoices are sent");
    }

    [Fact]
    public async Task Values_come_back_as_the_types_the_result_promises()
    {
        var result = await RunAsync("""
            SELECT o.total, o.ordered_on, c.created_at, c.created_at AT TIME ZONE 'UTC' AS created_utc, c.is_active, 2.5::float8 AS ratio,
                   ARRAY[1, 2] AS pair, '{"a": 1}'::jsonb AS doc
            FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = 1
            """);

        var row = result.Rows.Single();
        row[0].ShouldBeOfType<decimal>();
        row[1].ShouldBe(new DateOnly(2025, 1, 8));
        row[2].ShouldBeOfType<DateTime>().Kind.ShouldBe(DateTimeKind.Unspecified);
        result.Columns[3].Kind.ShouldBe(ResultKind.DateTime);
        row[3].ShouldBeOfType<DateTime>().Kind.ShouldBe(DateTimeKind.Utc);
        row[4].ShouldBe(true);
        row[5].ShouldBe(2.5);
        row[6].ShouldBe("{1,2}");
        row[7].ShouldBe("{\"a\": 1}");
        result.Columns.Select(c => c.Kind).ShouldBe([ResultKind.Number, ResultKind.Date, ResultKind.DateTime, ResultKind.DateTime, ResultKind.Boolean, ResultKind.Number, ResultKind.Other, ResultKind.Text]);
    }

    [Fact]
    public async Task A_huge_result_stops_at_max_rows_without_reading_the_rest()
    {
        var started = Stopwatch.StartNew();

        var result = await RunAsync("SELECT a.id, b.id FROM order_items a CROSS JOIN order_items b", new QueryLimits(10, TimeSpan.FromSeconds(15)));

        result.Rows.Count.ShouldBe(10);
        result.Truncated.ShouldBeTrue();
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_superuser_is_refused_with_the_recipe_for_a_read_only_role()
    {
        var refused = await Should.ThrowAsync<DatabaseRefusedException>(() =>
            Database.Engine.ReadCatalogAsync(PostgresSampleDatabase.TargetFor(Database.OwnerConnectionString), Limits, CancellationToken.None));

        refused.Message.ShouldContain("superuser");
        refused.Message.ShouldContain("CREATE ROLE planck_reader LOGIN PASSWORD");
        refused.Message.ShouldContain("GRANT SELECT ON ALL TABLES IN SCHEMA public");
    }

    [Fact]
    public async Task A_superuser_s_query_is_refused_too()
    {
        await Should.ThrowAsync<DatabaseRefusedException>(() => Database.Engine.QueryAsync(
            PostgresSampleDatabase.TargetFor(Database.OwnerConnectionString), "SELECT 1", Query, CancellationToken.None));
    }

    [Theory]
    [InlineData("GRANT INSERT ON regions TO {0}", "insert, update, delete or truncate")]
    [InlineData("GRANT UPDATE (name) ON regions TO {0}", "insert, update, delete or truncate")]
    [InlineData("GRANT CREATE ON SCHEMA public TO {0}", "create objects in a schema")]
    [InlineData("ALTER ROLE {0} CREATEDB", "create roles or databases")]
    public async Task A_role_that_can_write_is_refused(string grant, string reason)
    {
        var writer = "planck_writer_" + Guid.NewGuid().ToString("N")[..12];
        await Database.ExecuteAsOwnerAsync($"CREATE ROLE {writer} LOGIN PASSWORD 'w'", $"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {writer}", string.Format(System.Globalization.CultureInfo.InvariantCulture, grant, writer));
        try
        {
            var target = PostgresSampleDatabase.TargetFor(new NpgsqlConnectionStringBuilder(Database.OwnerConnectionString) { Username = writer, Password = "w" }.ConnectionString);

            var refused = await Should.ThrowAsync<DatabaseRefusedException>(() => Database.Engine.ReadCatalogAsync(target, Limits, CancellationToken.None));

            refused.Message.ShouldContain(reason);
            refused.Message.ShouldContain(writer);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Database.ExecuteAsOwnerAsync($"DROP OWNED BY {writer}", $"DROP ROLE {writer}");
        }
    }

    [Fact]
    public async Task No_message_carries_the_password_or_the_connection_string()
    {
        var builder = new NpgsqlConnectionStringBuilder(Database.ReaderConnectionString);
        var failures = new List<Exception>
        {
            await Should.ThrowAsync<DatabaseEngineException>(() => RunAsync("SELECT no_such_column FROM orders")),
            await Should.ThrowAsync<DatabaseEngineException>(() => RunAsync("DELETE FROM payments")),
            await Should.ThrowAsync<DatabaseEngineException>(() => RunAsync("SELECT pg_sleep(5)", OneSecond)),
            await Should.ThrowAsync<DatabaseEngineException>(() => Database.Engine.QueryAsync(
                PostgresSampleDatabase.TargetFor(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = "no_such_database_" + Guid.NewGuid().ToString("N") }.ConnectionString),
                "SELECT 1", Query, CancellationToken.None)),
            await Should.ThrowAsync<DatabaseEngineException>(() => Database.Engine.QueryAsync(
                PostgresSampleDatabase.TargetFor(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Port = 1 }.ConnectionString),
                "SELECT 1", Query, CancellationToken.None)),
            await Should.ThrowAsync<DatabaseEngineException>(() => Database.Engine.QueryAsync(
                PostgresSampleDatabase.TargetFor($"Host=127.0.0.1;Password={Database.ReaderPassword};Bogus Key=1"), "SELECT 1", Query, CancellationToken.None)),
            await Should.ThrowAsync<DatabaseRefusedException>(() => Database.Engine.ReadCatalogAsync(
                PostgresSampleDatabase.TargetFor(new NpgsqlConnectionStringBuilder(Database.OwnerConnectionString) { Password = Database.ReaderPassword }.ConnectionString),
                Limits, CancellationToken.None)),
        };

        foreach (var failure in failures)
        {
            failure.Message.ShouldNotContain(Database.ReaderPassword);
            failure.Message.ShouldNotContain("Password=", Case.Insensitive);
        }

        failures[3].ShouldBeOfType<DatabaseEngineException>().Failure.ShouldBe(DatabaseFailure.Connection);
        failures[4].ShouldBeOfType<DatabaseEngineException>().Failure.ShouldBe(DatabaseFailure.Connection);
        failures[4].Message.ShouldContain("127.0.0.1");
    }

    [Fact]
    public async Task Two_hundred_tables_are_read_and_profiled()
    {
        await using var wide = await PostgresTestDatabase.CreateAsync();
        var statements = new List<string>
        {
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            $"GRANT CONNECT ON DATABASE \"{wide.Name}\" TO {Database.Reader}",
            $"GRANT USAGE ON SCHEMA public TO {Database.Reader}",
        };
        for (var t = 0; t < 200; t++)
        {
            statements.Add($"CREATE TABLE wide_{t:000} (id integer PRIMARY KEY, name text, status text, amount numeric(10,2), day date)");
            statements.Add($"INSERT INTO wide_{t:000} SELECT g, 'name ' || g, 'status ' || (g % 4), g * 1.5, DATE '2025-01-01' + g FROM generate_series(1, 200) g");
        }

        statements.Add($"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {Database.Reader}");
        await using (var connection = new NpgsqlConnection(wide.ConnectionString))
        {
            await connection.OpenAsync();
            await using var batch = new NpgsqlBatch(connection);
            statements.ForEach(s => batch.BatchCommands.Add(new NpgsqlBatchCommand(s)));
            await batch.ExecuteNonQueryAsync();
        }

        // How long this takes is measured by build/bench/databases.sh (docs/benchmarks.md), not asserted here.
        var catalog = await Database.Engine.ReadCatalogAsync(
            PostgresSampleDatabase.TargetFor(new NpgsqlConnectionStringBuilder(Database.ReaderConnectionString) { Database = wide.Name }.ConnectionString),
            Limits, CancellationToken.None);

        catalog.Tables.Count.ShouldBe(200);
        catalog.Tables.ShouldAllBe(t => t.Columns.Single(c => c.Name == "status").Profile!.DistinctValues!.Count == 4);
        catalog.Tables.ShouldAllBe(t => t.Columns.Single(c => c.Name == "day").Profile!.Max == "2025-07-20");
        NpgsqlConnection.ClearAllPools();
    }

    [Fact]
    public async Task The_catalog_is_cut_at_max_tables()
    {
        var catalog = await Database.Engine.ReadCatalogAsync(Database.Target, Limits with { MaxTables = 3 }, CancellationToken.None);

        catalog.Tables.Count.ShouldBe(3);
    }
}
